import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = fileURLToPath(new URL('../brokers/', import.meta.url));

/** Runs one example in its own process, on the TypeScript sources of the workspace packages. */
async function example(file: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--conditions=source', '--import', 'tsx', `${dir}${file}`], {
    timeout: 30_000,
  });
  return stdout;
}

for (const [name, variable] of [
  ['mqtt', 'OMNIDIAL_TEST_MQTT_URL'],
  ['nats', 'OMNIDIAL_TEST_NATS_URL'],
] as const) {
  const present = Boolean(process.env[variable]);
  if (!present && process.env.CI)
    throw new Error(`${variable} is not set: CI must run through \`pnpm with-services -- ...\``);
  describe.skipIf(!present)(`examples/brokers over ${name}${present ? '' : ` (skipped: ${variable} not set)`}`, () => {
    it(`FMZ's Dial example: write then read(1000)`, async () => {
      expect(await example(`${name}-fmz-dial.ts`)).toContain(`${name} read: Hello ${name.toUpperCase()} from omnidial`);
    });

    it('signal bot → execution bot in two processes', async () => {
      const out = await example(`${name}-signal-bots.ts`);
      expect(out).toContain('FILLED BUY BTC 0.1');
      expect(out).toContain('FILLED BUY SOL 10');
    });
  });
}
