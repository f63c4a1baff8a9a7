import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** A full garbage collection (exposed at run time, so `tsx` needs no flag). */
export const collect = runInNewContext('gc') as () => void;

/** CPU time (user + system) this process spent so far, in seconds. */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
