import { expect, it } from 'vitest';
import { Dial, lastError, type SyncConnection } from '../../src/sync/index.js';
import { blockUntil, echoEach } from './sync-wait.js';

/** What {@link syncReadTable} runs against. */
export interface SyncTarget {
  name: string;
  /** A fresh echoing address (brokers echo through a new topic). */
  address(): string;
  /** The peer drops the link when it receives "bye" (fixtures/echo-peer.mjs). */
  dropsOnBye?: boolean;
  /** The peer echoes "later:X" as X after 300 ms. */
  echoesLater?: boolean;
  patienceMs?: number;
}

/** docs/design.md#receiving's read table through `omnidial/sync`, for one transport. */
export function syncReadTable(target: SyncTarget): void {
  const patience = target.patienceMs ?? 10_000;
  const open = (): SyncConnection => {
    const conn = Dial(target.address(), 20);
    if (conn === null) throw lastError();
    return conn;
  };

  it(`${target.name}: read(-1) and read(0) give null at once when empty; read(n) gives null after n ms`, () => {
    const conn = open();
    try {
      expect(conn.read(-1)).toBeNull();
      expect(conn.read(0)).toBeNull();
      expect(conn.read(-2)).toBeNull();
      const started = Date.now();
      expect(conn.read(120)).toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    } finally {
      conn.close();
    }
  });

  it(`${target.name}: read() gives the oldest at once; read(-2) the newest, discarding the rest`, () => {
    const conn = open();
    try {
      echoEach(conn, ['m-0', 'm-1', 'm-2', 'm-3'], patience);
      expect(String(conn.read())).toBe('m-0');
      expect(String(conn.read(-1))).toBe('m-1');
      expect(String(conn.read(-2))).toBe('m-3');
      expect(conn.stats()).toMatchObject({ queued: 0, discarded: 1 });
      expect(conn.read(-2)).toBeNull();
      echoEach(conn, ['m-4'], patience);
      expect(String(conn.read(5000))).toBe('m-4');
    } finally {
      conn.close();
    }
  });

  it(`${target.name}: a timed-out read loses no message`, () => {
    const conn = open();
    try {
      expect(conn.read(30)).toBeNull();
      echoEach(conn, ['after-timeout'], patience);
      expect(String(conn.read(-1))).toBe('after-timeout');
    } finally {
      conn.close();
    }
  });

  if (target.echoesLater === true) {
    it(`${target.name}: read() blocks until a message arrives; read(n) returns it when it comes in time`, () => {
      const conn = open();
      try {
        conn.write('later:slow-1');
        expect(String(conn.read())).toBe('slow-1');
        conn.write('later:slow-2');
        expect(String(conn.read(patience))).toBe('slow-2');
      } finally {
        conn.close();
      }
    });
  }

  if (target.dropsOnBye === true) {
    it(`${target.name}: queued messages first, then "" once disconnected; write() gives 0; the reason is in lastError()`, () => {
      const conn = open();
      try {
        echoEach(conn, ['before-drop'], patience);
        conn.write('bye');
        blockUntil(() => conn.stats().state !== 'open', patience, 'the peer to drop the link');
        expect(String(conn.read())).toBe('before-drop');
        expect(conn.read()).toBe('');
        expect(lastError()).toMatchObject({ code: 'Unavailable', op: 'read' });
        expect(conn.read(-1)).toBe('');
        expect(conn.write('anyone?')).toBe(0);
        expect(lastError()).toMatchObject({ code: 'Unavailable', op: 'write' });
      } finally {
        conn.close();
      }
    });
  }

  it(`${target.name}: after close(), read() gives "" and write() 0, with Closed in lastError()`, () => {
    const conn = open();
    conn.close();
    conn.close();
    expect(conn.read()).toBe('');
    expect(lastError()).toMatchObject({ code: 'Closed' });
    expect(conn.write('x')).toBe(0);
  });
}
