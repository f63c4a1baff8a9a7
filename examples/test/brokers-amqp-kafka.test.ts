import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = fileURLToPath(new URL('../brokers/', import.meta.url));

/** Runs one example in its own process, on the TypeScript sources of the workspace packages. */
async function example(file: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--conditions=source', '--import', 'tsx', `${dir}${file}`], {
    timeout: 90_000,
  });
  return stdout;
}

for (const [name, variable] of [
  ['amqp', 'OMNIDIAL_TEST_AMQP_URL'],
  ['kafka', 'OMNIDIAL_TEST_KAFKA_URL'],
] as const) {
  const present = Boolean(process.env[variable]);
  if (!present && process.env.CI)
    throw new Error(`${variable} is not set: CI must run through \`pnpm with-services -- ...\``);
  describe.skipIf(!present)(`examples/brokers over ${name}${present ? '' : ` (skipped: ${variable} not set)`}`, () => {
    it(`FMZ's Dial example: write then read`, async () => {
      expect(await example(`${name}-fmz-dial.ts`)).toContain(`${name} read: Hello ${name.toUpperCase()} from omnidial`);
    }, 90_000);

    it('signal bot → execution bot in two processes', async () => {
      const out = await example(`${name}-signal-bots.ts`);
      expect(out).toContain('FILLED BUY BTC 0.1');
      expect(out).toContain('FILLED BUY SOL 10');
    }, 120_000);
  });
}
