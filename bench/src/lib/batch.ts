import type { Connection, Message } from '@omnidial/core';

/**
 * The batch API of docs/design.md#public-api (`readMany(max?, timeout?)`, `writeMany(items)`), reached
 * structurally so the bench builds against a core that does not have it yet: the batch rows
 * appear as soon as it does.
 */
interface Batching {
  readMany(max?: number, timeout?: number): Promise<readonly Message[] | null>;
  writeMany(items: readonly (string | Uint8Array)[]): Promise<unknown>;
}

/** `conn` with readMany/writeMany, or undefined when this core has no batch API. */
export function batching(conn: Connection): (Connection & Batching) | undefined {
  const candidate = conn as Connection & Partial<Batching>;
  return typeof candidate.readMany === 'function' && typeof candidate.writeMany === 'function'
    ? (candidate as Connection & Batching)
    : undefined;
}

/** True when @omnidial/core has the batch API (checked on a connection's prototype). */
export async function hasBatchApi(): Promise<boolean> {
  const { Connection: ConnectionClass } = await import('@omnidial/core');
  const proto = ConnectionClass.prototype as Partial<Batching>;
  return typeof proto.readMany === 'function' && typeof proto.writeMany === 'function';
}

/** The info row text shown while core has no batch API. */
export const NO_BATCH = 'readMany/writeMany not in @omnidial/core yet';
