import { createRequire } from 'node:module';
import { Dial as syncDial, lastError, release, type SyncConnection, type SyncDialOptions } from '../sync/index.js';
import { encode, hmac } from './crypto.js';
import { ScriptLog, type LogTarget } from './log.js';
import { mapAddress, type AddressMap } from './map.js';
import { Sleep, Unix, UnixNano, _D, _N } from './time.js';

/** What the globals need from `omnidial run`. */
export interface GlobalsInit {
  maps: readonly AddressMap[];
  /** The arguments after `--`. */
  args: readonly string[];
  out: LogTarget;
}

/**
 * Puts FMZ's globals on `globalThis` (docs/design.md#sync-and-run): `Dial`, `Log`, `LogStatus`, `Sleep`,
 * `Unix`, `UnixNano`, `_D`, `_N`, `Encode`, `HMAC`, `exchange.HMAC`/`exchange.Encode` and
 * underscore.js as `_`, `SetErrorFilter` (a no-op); plus omnidial's `lastError`, `release` and
 * `scriptArgs`.
 */
export function installGlobals(init: GlobalsInit): void {
  const log = new ScriptLog(init.out);
  const Dial = (address: string | number, timeout?: number | SyncDialOptions): SyncConnection | null =>
    syncDial(typeof address === 'string' ? mapAddress(address, init.maps) : address, timeout);
  const exchange = { HMAC: hmac, Encode: encode };
  // FMZ's SetErrorFilter hides matching platform error logs; omnidial logs no errors by itself.
  const SetErrorFilter = (_filter: string): void => undefined;
  Object.assign(globalThis, {
    Dial,
    lastError,
    release,
    Log: log.Log,
    LogStatus: log.LogStatus,
    Sleep,
    Unix,
    UnixNano,
    _D,
    _N,
    SetErrorFilter,
    Encode: encode,
    HMAC: hmac,
    exchange,
    scriptArgs: [...init.args],
    _: createRequire(import.meta.url)('underscore') as unknown,
  });
}
