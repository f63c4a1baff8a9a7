import { describe, expect, it } from 'vitest';
import { DialError, openProbedPool, type PoolProbe } from '../src/driver/index.js';

interface FakePool {
  ended: number;
}

function steps(probe: (pool: FakePool) => Promise<void>): PoolProbe<FakePool> & { pool: FakePool } {
  const pool: FakePool = { ended: 0 };
  return {
    pool,
    open: () => pool,
    probe,
    destroy: async (p) => {
      p.ended += 1;
    },
    fail: (error) => new DialError({ code: 'Unavailable', message: `probe failed: ${String(error)}`, cause: error }),
  };
}

describe('openProbedPool', () => {
  it('returns the pool after a successful probe and leaves it open', async () => {
    const s = steps(async () => undefined);
    await expect(openProbedPool(new AbortController().signal, s)).resolves.toBe(s.pool);
    expect(s.pool.ended).toBe(0);
  });

  it('destroys the pool and throws the mapped error when the probe fails', async () => {
    const s = steps(async () => {
      throw new Error('refused');
    });
    await expect(openProbedPool(new AbortController().signal, s)).rejects.toMatchObject({
      code: 'Unavailable',
      message: 'probe failed: Error: refused',
    });
    expect(s.pool.ended).toBe(1);
  });

  it('destroys the pool when the signal aborts during the probe, and ignores a failing destroy', async () => {
    const controller = new AbortController();
    const s = steps(
      (pool) =>
        new Promise((_, reject) => {
          controller.signal.addEventListener('abort', () => reject(new Error(`ended ${pool.ended}`)));
        }),
    );
    const opened = openProbedPool(controller.signal, {
      ...s,
      destroy: async (p) => {
        p.ended += 1;
        throw new Error('already ended');
      },
    });
    controller.abort();
    await expect(opened).rejects.toMatchObject({ message: 'probe failed: Error: ended 1' });
    expect(s.pool.ended).toBe(2); // once on abort, once after the failed probe
  });

  it('stops listening to the signal once the probe succeeded', async () => {
    const controller = new AbortController();
    const s = steps(async () => undefined);
    await openProbedPool(controller.signal, s);
    controller.abort();
    expect(s.pool.ended).toBe(0);
  });
});
