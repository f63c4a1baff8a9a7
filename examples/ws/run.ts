import { parseArgs } from 'node:util';

/** Command-line switches shared by the WebSocket examples. */
export interface ExampleArgs {
  /** How long to run, in ms (`--ms=3000`, or env OMNIDIAL_EXAMPLE_MS); default 10 000. */
  readonly ms: number;
  /** Use the real exchange instead of the local feed server (`--live`; needs network). */
  readonly live: boolean;
}

/** Reads `--ms` / `--live` (and OMNIDIAL_EXAMPLE_MS). */
export function exampleArgs(): ExampleArgs {
  const { values } = parseArgs({
    options: { ms: { type: 'string' }, live: { type: 'boolean', default: false } },
    strict: false,
  });
  const ms = Number(values.ms ?? process.env.OMNIDIAL_EXAMPLE_MS ?? 10_000);
  return { ms: Number.isFinite(ms) && ms > 0 ? ms : 10_000, live: values.live === true };
}

/** FMZ's `Log()`: a timestamped line on stdout. */
export function log(...parts: unknown[]): void {
  const time = new Date().toISOString().slice(11, 23);
  console.log(time, ...parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))));
}

/** FMZ's `Sleep(ms)`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
