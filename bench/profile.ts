/**
 * Profiles the slowest bench paths: `tsx bench/profile.ts [case...]` (cases in
 * src/profile/cases.ts; nats, kafka and amqp need `pnpm with-services`). Each case runs in its own
 * process under the V8 CPU profiler (the one `node --cpu-prof` uses, started around the hot
 * loop only); the top frames by self time are printed as markdown, the form bench/NOTES.md quotes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topFrames } from './src/profile/frames.js';

const here = dirname(fileURLToPath(import.meta.url));
const cases = process.argv.slice(2);
for (const name of cases.length === 0 ? ['sqlite', 'ws', 'nats', 'kafka'] : cases) {
  const dir = mkdtempSync(join(tmpdir(), `omnidial-prof-${name}-`));
  const file = join(dir, `${name}.cpuprofile`);
  execFileSync(process.execPath, ['--import', 'tsx', join(here, 'src/profile/cases.ts'), name, file], {
    cwd: here,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  process.stdout.write(`### ${name}\n\n${topFrames(file, 15)}\n\n_profile: ${file} (open in Chrome DevTools)_\n\n`);
}
