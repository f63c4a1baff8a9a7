/**
 * The test servers a bench section talks to, started for that section only (ADR 0316): a
 * section that needs no server then runs with none up, and a section that needs one runs beside
 * that one alone. Idle servers are not free: they used 1–3 % of a CPU during the floods, counted
 * in the bench's own share where the busy-machine flag could not see it (bench NOTES §21, §22).
 */
import { ENV_VARS, type ServiceName } from '@omnidial/test-infra/types';

/** Progress lines such as "mysql ready in 0.6 s  mysql://…", the test password masked. */
const log = (line: string): void =>
  void process.stderr.write(`[bench] ${line.replace(/(\/\/[^:/@\s]+:)[^@\s]+@/g, '$1***@')}\n`);

/**
 * Runs `measure` with `name` up and returns its result. The server's address is passed in and,
 * while `measure` runs, also set in test-infra's `OMNIDIAL_TEST_*` variables, as in tests. Under
 * `pnpm with-services` (the smoke test) the running server is used and nothing is started.
 */
export async function withService<T>(name: ServiceName, measure: (url: string) => Promise<T>): Promise<T> {
  const running = process.env[ENV_VARS[name]];
  if (running) return measure(running);
  // Imported here, not above: the broker sections import this module, and their flood processes
  // load it as plain JavaScript without test-infra's harness (lib/plain-module.ts).
  const { startServices } = await import('@omnidial/test-infra');
  const harness = await startServices({ only: [name], control: false, log });
  const saved = Object.keys(harness.env).map((key) => [key, process.env[key]] as const);
  Object.assign(process.env, harness.env);
  try {
    return await measure(harness.urls[name]!);
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await harness.stop();
    log(`${name} stopped`);
  }
}
