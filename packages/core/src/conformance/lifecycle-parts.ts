import { expect, it } from 'vitest';
import { dial } from '../dial.js';
import { echoEach, text, waitFor, type Suite } from './helpers.js';

/** `dial(conn.fd())` reaches the same connection, and outlives the original's close(). */
export function handles(suite: Suite): void {
  it('dial(fd()) shares the same connection and survives the original close()', async () => {
    const conn = await suite.open();
    const view = await dial(conn.fd());
    expect(view.state).toBe('open');
    await echoEach(conn, ['via-original'], suite.patienceMs);
    expect(await view.read(suite.patienceMs)).toBe('via-original');
    await conn.close();
    expect(await view.write('via-view')).toBeGreaterThan(0);
    expect(text(await view.read(suite.patienceMs))).toBe('via-view');
    await view.close();
  });
}

/** Drops while queued, `""`/`0` while down, and recovery with `reconnect=true`. */
export function reconnect(suite: Suite): void {
  const { harness } = suite.input;
  it(
    'delivers queued messages first, then "" and write 0 once the link is gone',
    async () => {
      const conn = await suite.open();
      await echoEach(conn, ['before-drop'], suite.patienceMs);
      await harness.drop!();
      try {
        await waitFor(() => conn.state !== 'open', suite.patienceMs, 'the link to drop');
        expect(conn.state).toBe('disconnected');
        expect(await conn.read()).toBe('before-drop');
        expect(await conn.read()).toBe('');
        expect(await conn.read(-2)).toBe('');
        expect(await conn.write('while-down')).toBe(0);
      } finally {
        await harness.restore!();
      }
    },
    suite.patienceMs * 8,
  ); // a broker's stop and start alone can take 15 s each on a loaded machine

  it(
    'reconnects with reconnect=true and reads again',
    async () => {
      const conn = await suite.open('reconnect=true&interval=100');
      const events: string[] = [];
      conn.on('disconnect', () => events.push('disconnect'));
      conn.on('reconnect', () => events.push('reconnect'));
      await echoEach(conn, ['up'], suite.patienceMs);
      expect(await conn.read(-1)).toBe('up');
      await harness.drop!();
      try {
        await waitFor(() => conn.state !== 'open', suite.patienceMs, 'the link to drop');
        expect(conn.state).toBe('reconnecting');
        expect(await conn.read(-1)).toBe('');
        expect(await conn.write('while-down')).toBe(0);
      } finally {
        await harness.restore!();
      }
      await waitFor(() => conn.state === 'open', suite.patienceMs * 6, 'the reconnect');
      expect(conn.stats().reconnects).toBeGreaterThanOrEqual(1);
      expect(events.slice(0, 1)).toEqual(['disconnect']);
      expect(events).toContain('reconnect');
      await echoEach(conn, ['back'], suite.patienceMs);
      expect(text(await conn.read(-2))).toBe('back');
    },
    suite.patienceMs * 8,
  ); // a slow restart meets a grown backoff (up to 30 s, decision 0130)
}
