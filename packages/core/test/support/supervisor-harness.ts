import { expect } from 'vitest';
import { dial, type DialOptions } from '../../src/dial.js';
import type { Connection } from '../../src/connection/connection.js';
import { DialError } from '../../src/errors.js';
import { Registry } from '../../src/registry.js';
import { ScriptPeer, scriptDriver } from './script-driver.js';

/** A registry with the scripted driver (`script://name`). */
export const registry = new Registry().register(scriptDriver);
/** Connections a test opened; close them in `afterEach` with {@link closeOpened}. */
export const opened: Connection[] = [];
let serial = 0;

/** A fresh peer name, unique in this test process. */
export function peerName(): string {
  return `p${++serial}`;
}

/** Closes every connection the tests opened. */
export async function closeOpened(): Promise<void> {
  await Promise.all(opened.splice(0).map((c) => c.close()));
}

/** Dials a fresh scripted peer and records the connection's events as short lines. */
export async function open(
  options = '',
  extra: DialOptions = {},
  prefix = '',
): Promise<{ conn: Connection; peer: ScriptPeer; events: string[] }> {
  const peer = new ScriptPeer(peerName());
  const conn = await dial(`script://${prefix}${peer.name}${options === '' ? '' : `|${options}`}`, {
    registry,
    ...extra,
  });
  opened.push(conn);
  const events: string[] = [];
  conn.on('disconnect', (e) => events.push(`disconnect ${e.code}`));
  conn.on('reconnecting', ({ attempt, delayMs, error }) =>
    events.push(`reconnecting ${attempt} ${delayMs} ${error?.code ?? '-'}`),
  );
  conn.on('reconnect', ({ attempts }) => events.push(`reconnect ${attempts}`));
  conn.on('giveup', (e) => events.push(`giveup ${e.code}`));
  conn.on('close', () => events.push('close'));
  return { conn, peer, events };
}

/**
 * The DialError `promise` rejects with. (Vitest's `rejects.toMatchObject` does not check an Error's
 * `message` against a RegExp: such an assertion passes whatever the message says.)
 */
export async function failure(promise: Promise<unknown>): Promise<DialError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DialError);
  return error as DialError;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A connect that waits until `release` is called, then opens. */
export function gate(): { wait: Promise<void>; release: () => void } {
  let release!: () => void;
  const wait = new Promise<void>((resolve) => (release = resolve));
  return { wait, release };
}
