/**
 * The thread an `omnidial run` script runs in: FMZ's globals, then the script, `main()` and
 * `onexit()`. Its blocking calls wait on the control words the main thread can interrupt.
 */
import { readFileSync } from 'node:fs';
import { runInThisContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { clearInterrupt, Interrupted, useControl } from '../sync/channel.js';
import { installGlobals } from './globals.js';
import type { AddressMap } from './map.js';

const init = workerData as {
  script: string;
  maps: AddressMap[];
  args: string[];
  tty: boolean;
  control: SharedArrayBuffer;
};
useControl(init.control);
// Output goes to the main thread as messages: the worker's own process.stdout only flushes
// when this thread's event loop turns, which a blocking script rarely lets it do.
const print = (stream: 'out' | 'err', text: string): void => parentPort!.postMessage({ stream, text });
installGlobals({ maps: init.maps, args: init.args, out: { tty: init.tty, write: (text) => print('out', text) } });
const scope = globalThis as { main?: () => unknown; onexit?: () => unknown };

let code = 0;
try {
  runInThisContext(readFileSync(init.script, 'utf8'), { filename: init.script });
  if (typeof scope.main !== 'function') throw new TypeError(`${init.script} defines no main() function`);
  await scope.main();
} catch (error) {
  code = stopped(error);
}
clearInterrupt();
try {
  if (typeof scope.onexit === 'function') await scope.onexit();
} catch (error) {
  const exit = stopped(error);
  if (code === 0) code = exit;
}
process.exitCode = code;

/** 128 + the signal for an interrupt; otherwise prints the script's stack and gives 1. */
function stopped(error: unknown): number {
  if (error instanceof Interrupted) return 128 + error.signal;
  print('err', `${error instanceof Error ? (error.stack ?? error.message) : `uncaught: ${String(error)}`}\n`);
  return 1;
}
