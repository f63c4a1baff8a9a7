import { describe, expect, it } from 'vitest';
import { BatchFailure, callbackBatch } from '../src/driver/index.js';

/** A client whose publish callbacks the test completes by hand, in any order. */
function client(): {
  started: string[];
  finish(index: number, error?: Error): void;
  send: Parameters<typeof callbackBatch>[1];
} {
  const started: string[] = [];
  const callbacks: ((error?: unknown) => void)[] = [];
  return {
    started,
    finish: (index, error) => callbacks[index]!(error),
    send: (item, done) => {
      started.push(String(item));
      callbacks.push(done);
      return String(item).length;
    },
  };
}

describe('callbackBatch (the batch of callback-style publishes)', () => {
  it('starts every item in order in one turn and resolves only when every callback came back', async () => {
    const c = client();
    let settled = false;
    const sent = callbackBatch(['a', 'bb', 'ccc'], c.send).then((bytes) => {
      settled = true;
      return bytes;
    });
    expect(c.started).toEqual(['a', 'bb', 'ccc']);
    c.finish(2);
    c.finish(0);
    await Promise.resolve();
    expect(settled).toBe(false);
    c.finish(1);
    expect(await sent).toBe(6);
  });

  it('rejects with the lowest failed item once all came back', async () => {
    const c = client();
    const sent = callbackBatch(['a', 'b', 'c', 'd'], c.send);
    c.finish(3, new Error('late'));
    c.finish(1, new Error('first'));
    c.finish(0);
    c.finish(2);
    const failure = await sent.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BatchFailure);
    expect(failure).toMatchObject({ index: 1, cause: { message: 'first' } });
  });

  it('a send that throws stops the batch there: later items are not started', async () => {
    const c = client();
    const sent = callbackBatch(['a', 'boom', 'c'], (item, done) => {
      if (item === 'boom') throw new Error('refused');
      return c.send(item, done);
    });
    expect(c.started).toEqual(['a']);
    c.finish(0);
    await expect(sent).rejects.toMatchObject({ index: 1, cause: { message: 'refused' } });
  });

  it('rejects with the reason of an aborted signal, before or during the batch', async () => {
    const c = client();
    await expect(callbackBatch(['a'], c.send, AbortSignal.abort(new Error('early')))).rejects.toThrow('early');
    expect(c.started).toEqual([]);
    const controller = new AbortController();
    const sent = callbackBatch(['a', 'b'], c.send, controller.signal);
    controller.abort(new Error('gave up'));
    await expect(sent).rejects.toThrow('gave up');
  });

  it('counts every item when callbacks come back during send (a client that completes at once)', async () => {
    expect(
      await callbackBatch(['a', 'bb', 'ccc'], (item, done) => {
        done();
        return String(item).length;
      }),
    ).toBe(6);
  });

  it('an empty batch resolves to 0 at once', async () => {
    expect(await callbackBatch([], client().send)).toBe(0);
  });
});
