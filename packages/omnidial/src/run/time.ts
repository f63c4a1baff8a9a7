import { checkInterrupt, controlWords } from '../sync/channel.js';
import { SLOT } from '../sync/protocol.js';

/** FMZ's `Sleep(ms)`: blocks the script; a signal cuts it short (the script then stops). */
export function Sleep(ms: number): void {
  if (typeof ms !== 'number' || !(ms >= 0))
    throw new TypeError(`Sleep(ms): ms must be a number >= 0, got ${String(ms)}`);
  const words = controlWords();
  const deadline = Date.now() + ms;
  for (let left = ms; left > 0; left = deadline - Date.now()) {
    checkInterrupt();
    Atomics.wait(words, SLOT.sleep, 0, left);
  }
  checkInterrupt();
}

/** FMZ's `Unix()`: seconds since the epoch, an integer. */
export function Unix(): number {
  return Math.floor(Date.now() / 1000);
}

/** FMZ's `UnixNano()`: nanoseconds since the epoch (a number, so exact only to the microsecond). */
export function UnixNano(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1e6);
}

/**
 * FMZ's `_D(timestamp?, format?)`: a local time as `yyyy-MM-dd hh:mm:ss`. `timestamp` is in
 * milliseconds (a Date or a numeric string works too); `format` takes yyyy MM dd hh HH mm ss SSS.
 */
export function _D(timestamp?: number | string | Date, format = 'yyyy-MM-dd hh:mm:ss'): string {
  const date =
    timestamp === undefined
      ? new Date()
      : new Date(typeof timestamp === 'string' && /^\d+$/.test(timestamp) ? Number(timestamp) : timestamp);
  if (Number.isNaN(date.getTime())) throw new TypeError(`_D(): not a time: ${String(timestamp)}`);
  const two = (n: number): string => String(n).padStart(2, '0');
  const parts: Record<string, string> = {
    yyyy: String(date.getFullYear()),
    MM: two(date.getMonth() + 1),
    dd: two(date.getDate()),
    hh: two(date.getHours()),
    HH: two(date.getHours()),
    mm: two(date.getMinutes()),
    ss: two(date.getSeconds()),
    SSS: String(date.getMilliseconds()).padStart(3, '0'),
  };
  return format.replace(/yyyy|MM|dd|hh|HH|mm|ss|SSS/g, (token) => parts[token]!);
}

/** FMZ's `_N(value, precision = 4)`: cuts (does not round) to `precision` decimals. */
export function _N(value: number | string, precision = 4): number {
  const n = Number(value);
  if (!Number.isFinite(n)) return n;
  // The shortest decimal form keeps 1.005 as 1.005 (toFixed would show 1.00499…).
  const text = String(n).includes('e') ? n.toFixed(20) : String(n);
  const [int, frac = ''] = text.split('.');
  return Number(precision > 0 ? `${int}.${frac.slice(0, precision)}` : int);
}
