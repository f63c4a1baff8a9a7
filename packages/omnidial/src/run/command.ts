import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { constants } from 'node:os';
import { startWorker } from '../worker-entry.js';
import { CONTROL_SLOTS, SLOT } from '../sync/protocol.js';
import { parseMaps, type AddressMap } from './map.js';

/** How long a script may take to stop (run `onexit`) after a signal before it is cut off. */
const STOP_GRACE_MS = 10_000;

/** The parsed command line of `omnidial run`. */
export interface RunScriptArgs {
  script: string;
  maps: AddressMap[];
  args: string[];
}

/** Parses `script.js [--map FROM=TO]... [-- args]`; throws TypeError on a bad command line. */
export function parseRunArgs(argv: readonly string[]): RunScriptArgs {
  const maps: string[] = [];
  let script: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return { script: required(script), maps: parseMaps(maps), args: argv.slice(i + 1) };
    if (arg === '--map') {
      const value = argv[++i];
      if (value === undefined) throw new TypeError('--map needs FROM=TO');
      maps.push(value);
    } else if (arg.startsWith('--map=')) maps.push(arg.slice(6));
    else if (arg.startsWith('-')) throw new TypeError(`unknown option of "omnidial run": ${arg}`);
    else if (script === undefined) script = arg;
    else throw new TypeError(`unexpected argument "${arg}" (script arguments go after "--")`);
  }
  return { script: required(script), maps: parseMaps(maps), args: [] };
}

function required(script: string | undefined): string {
  if (script === undefined)
    throw new TypeError('omnidial run needs a script: omnidial run script.js [--map FROM=TO]... [-- args]');
  return script;
}

/**
 * `omnidial run`: runs an FMZ-style script in a worker thread with FMZ's globals and resolves
 * its exit code: 0 when `main` returned, 1 on an uncaught error, 128 + n on signal n
 * (130 SIGINT, 143 SIGTERM) after `onexit()` ran. A second signal stops it at once.
 */
export async function runScript(argv: readonly string[]): Promise<number> {
  let parsed: RunScriptArgs;
  try {
    parsed = parseRunArgs(argv);
  } catch (error) {
    process.stderr.write(`omnidial: ${(error as Error).message}\n`);
    return 1;
  }
  const script = resolve(parsed.script);
  if (!existsSync(script)) {
    process.stderr.write(`omnidial: no such script: ${parsed.script}\n`);
    return 1;
  }
  const control = new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const words = new Int32Array(control);
  const tty = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  const worker = startWorker('script-worker', import.meta.url, {
    workerData: { script, maps: parsed.maps, args: parsed.args, tty, control },
  });
  let signalled = 0;
  const onSignal = (name: 'SIGINT' | 'SIGTERM'): void => {
    const number = constants.signals[name];
    if (signalled !== 0) {
      void worker.terminate();
      return;
    }
    signalled = number;
    Atomics.store(words, SLOT.interrupt, number);
    Atomics.notify(words, SLOT.replies);
    Atomics.notify(words, SLOT.sleep);
    setTimeout(() => void worker.terminate(), STOP_GRACE_MS).unref();
  };
  const onInt = (): void => onSignal('SIGINT');
  const onTerm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const code = await new Promise<number>((done) => {
      worker.on('error', (error) => {
        process.stderr.write(`${error.stack ?? error.message}\n`);
      });
      worker.on('message', ({ stream, text }: { stream: 'out' | 'err'; text: string }) => {
        (stream === 'out' ? process.stdout : process.stderr).write(text);
      });
      worker.on('exit', done);
    });
    // A worker cut off after a signal exits with 1: report the signal instead.
    return signalled !== 0 && (code === 1 || code === 0) ? 128 + signalled : code;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}
