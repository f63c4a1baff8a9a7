// The batch helpers drivers use for writeMany() (connection/write-many.ts, exported from
// @omnidial/core/driver) against the survivors of its mutation run on the writeNow code
// (a916513; issue #11.5, docs/mutation.md): each test kills mutants the other core tests let live.
import { describe, expect, it } from 'vitest';
import { BatchFailure, callbackBatch, pipelineWrites, writePromise } from '../src/driver/index.js';
import type { MessageLink } from '../src/driver/types.js';
import { DialError } from '../src/errors.js';
import { badItems, sendBatch } from '../src/connection/write-many.js';

/** A link whose batch hook fails with `error`; counts its plain writes. */
function batchLink(error: unknown): MessageLink & { writes: number } {
  const link = {
    writes: 0,
    write: async () => {
      link.writes += 1;
      return 1;
    },
    writeMany: async () => {
      throw error;
    },
    close: async () => undefined,
  };
  return link;
}

const failureOf = async (call: Promise<unknown>): Promise<BatchFailure> =>
  (await call.catch((e: unknown) => e)) as BatchFailure;

describe('writeMany batch helpers', () => {
  it('writePromise settles a send that finished at once, passes a pending one on, and turns a throw into a rejection', async () => {
    const settled = writePromise(() => 3);
    expect(settled).toBeInstanceOf(Promise); // a link's write() must return a promise
    expect(await settled).toBe(3);
    expect(await writePromise(() => Promise.resolve(4))).toBe(4);
    const thrown = new Error('encoder blew up');
    await expect(
      writePromise(() => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
  });

  it("sendBatch goes through the link's batch hook and names the first unwritten item it reports", async () => {
    const failedIndex = Object.assign(new Error('broker refused'), { failedIndex: 2 });
    const cases: [unknown, number][] = [
      [new BatchFailure(3, 'x'), 3],
      [failedIndex, 2],
      [new DialError({ code: 'Protocol', message: 'refused', index: 1 }), 1],
      [new DialError({ code: 'Protocol', message: 'refused' }), 0],
      [Object.assign(new Error('no index'), { failedIndex: 'two' }), 0],
      ['a string', 0],
      [null, 0],
      [undefined, 0],
    ];
    for (const [error, index] of cases) {
      const link = batchLink(error);
      const failure = await failureOf(sendBatch(link, ['a', 'b', 'c', 'd'], undefined));
      expect(failure).toBeInstanceOf(BatchFailure);
      expect(failure.index).toBe(index);
      expect(failure.cause).toBe(error instanceof BatchFailure ? error.cause : error);
      expect(link.writes).toBe(0);
    }
  });

  it('pipelineWrites names the lowest failed item, whatever order the failures come in', async () => {
    const later = (ms: number, fail: boolean): Promise<number> =>
      new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error(`after ${ms}`)) : resolve(1)), ms));
    // Item 3 fails first, item 1 later: item 1 is the first unwritten.
    const sends = [later(1, false), later(40, true), later(1, false), later(1, true)];
    for (const send of sends) send.catch(() => undefined); // seen later by pipelineWrites, not unhandled
    const failure = await failureOf(
      pipelineWrites(['a', 'b', 'c', 'd'], (item) => sends['abcd'.indexOf(String(item))]!),
    );
    expect(failure.index).toBe(1);
    // A send that throws stops the batch; an earlier item that fails later is still named.
    const stopped = await failureOf(
      pipelineWrites(['a', 'b', 'c'], (item) => {
        if (item === 'c') throw new Error('c');
        return item === 'a' ? later(20, true) : 1;
      }),
    );
    expect(stopped.index).toBe(0);
  });

  it('callbackBatch: a callback called with null is a success; the lowest failed item is named', async () => {
    expect(await callbackBatch(['ab', 'c'], (item, done) => (done(null), String(item).length))).toBe(3);
    const callbacks: ((error?: unknown) => void)[] = [];
    const pending = callbackBatch(['a', 'b', 'c'], (_item, done) => (callbacks.push(done), 1));
    callbacks[0]!(new Error('first'));
    callbacks[2]!(new Error('third'));
    callbacks[1]!();
    expect((await failureOf(pending)).index).toBe(0);
  });

  it('badItems says what a non-array is', () => {
    expect(badItems('abc')).toBe('items must be an array of strings or bytes, got a string');
  });
});
