import { dial, Registry, type Connection, type DialError } from '@omnidial/core';
import { netDrivers } from '../../src/index.js';

/** A fresh registry with every driver of this package. */
export function netRegistry(): Registry {
  const registry = new Registry();
  for (const driver of netDrivers) registry.register(driver);
  return registry;
}

const registry = netRegistry();
const opened: Connection[] = [];

/** Dials with this package's drivers (timeout 5 s unless given); `closeAll()` closes them. */
export async function open(address: string, options: Record<string, unknown> = {}): Promise<Connection> {
  const conn = await dial(address, { registry, timeout: 5, ...options });
  opened.push(conn);
  return conn;
}

/** The DialError a dial rejects with (fails the test if it connects). */
export async function dialError(address: string, options: Record<string, unknown> = {}): Promise<DialError> {
  const outcome = await open(address, options).then(
    (conn) => conn,
    (error: unknown) => error as DialError,
  );
  if ('read' in outcome) throw new Error(`${address} connected`);
  return outcome;
}

/** Closes every connection `open` made. */
export async function closeAll(): Promise<void> {
  await Promise.all(opened.splice(0).map((conn) => conn.close()));
}
