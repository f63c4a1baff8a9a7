// The receive side below the Connection: intake stop/resume, settle bookkeeping of the queue and
// the waiting readers (issue #11.5: each test kills mutants that survived the connection tests).
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { MessageLink } from '../src/driver/types.js';
import type { ConnectionProbe } from '../src/diagnostics/probe.js';
import { Inbox } from '../src/connection/inbox.js';
import { MessageQueue } from '../src/connection/queue.js';
import { DOWN, END, WaitingReaders } from '../src/connection/readers.js';

/** A link that only counts pauses and resumes (`bare`: without the optional methods). */
function pausable(bare = false): MessageLink & { pauses: number; resumes: number } {
  const link = { pauses: 0, resumes: 0, write: async () => 0, close: async () => undefined };
  if (bare) return link;
  return Object.assign(link, {
    pause: () => void (link.pauses += 1),
    resume: () => void (link.resumes += 1),
  });
}

/** Records the probe calls the inbox makes. */
function recordingProbe(): { probe: ConnectionProbe; reads: number; received: number; dropped: number[] } {
  const seen = { reads: 0, received: 0, dropped: [] as number[] };
  const probe = {
    received: () => void (seen.received += 1),
    read: () => void (seen.reads += 1),
    dropped: (n: number) => void seen.dropped.push(n),
  } as unknown as ConnectionProbe;
  return Object.assign(seen, { probe });
}

const settleInto =
  (outcomes: string[], name: string) =>
  (outcome: string): void =>
    void outcomes.push(`${name}:${outcome}`);

describe('Inbox', () => {
  it('works without a probe and says whether a put dropped anything', () => {
    const inbox = new Inbox({ queueSize: 2, queueBytes: undefined, block: false, link: () => undefined });
    expect(inbox.put('a', 1, undefined, undefined)).toBe(false);
    expect(inbox.put('b', 1, undefined, undefined)).toBe(false);
    expect(inbox.put('c', 1, undefined, undefined)).toBe(true);
    expect(inbox.takeOldest()).toBe('b');
    expect(inbox.takeOldestEntry()?.message).toBe('c');
    inbox.put('d', 1, undefined, undefined);
    expect(inbox.takeNewestEntry()?.message).toBe('d');
    expect([inbox.takeOldest(), inbox.takeOldestEntry(), inbox.takeNewestEntry()]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('hands a message to a waiting reader, settles it as delivered and reports no drop', async () => {
    const inbox = new Inbox({ queueSize: 2, queueBytes: undefined, block: false, link: () => undefined });
    const outcomes: string[] = [];
    const waiting = inbox.readers.wait(undefined, undefined, false);
    expect(inbox.put('a', 1, settleInto(outcomes, 'a'), undefined)).toBe(false);
    expect(await waiting).toBe('a');
    expect(outcomes).toEqual(['a:delivered']);
    expect(inbox.queue.length).toBe(0);
  });

  it('reports one read per message taken, none for an empty queue', () => {
    const seen = recordingProbe();
    const inbox = new Inbox({
      queueSize: 1,
      queueBytes: undefined,
      block: false,
      link: () => undefined,
      probe: seen.probe,
    });
    inbox.put('a', 1, undefined, undefined);
    inbox.put('b', 1, undefined, undefined);
    expect(seen).toMatchObject({ received: 2, dropped: [1] });
    inbox.takeOldest();
    inbox.takeOldest();
    inbox.takeOldestEntry();
    inbox.takeNewestEntry();
    expect(seen.reads).toBe(1);
    inbox.put('c', 1, undefined, undefined);
    inbox.takeOldestEntry();
    inbox.put('d', 1, undefined, undefined);
    inbox.takeNewestEntry();
    expect(seen.reads).toBe(3);
  });

  it('a batch take resumes intake once it leaves half the queue or less, settling each message as delivered', () => {
    const link = pausable();
    const inbox = new Inbox({ queueSize: 4, queueBytes: undefined, block: false, link: () => link });
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i += 1) inbox.put(`a${i}`, 1, settleInto(outcomes, `a${i}`), undefined);
    expect([inbox.stopped, link.pauses]).toEqual([true, 1]);
    expect(inbox.takeMany(3, [])).toEqual(['a0', 'a1', 'a2']);
    expect([inbox.stopped, link.resumes]).toEqual([true, 0]); // 3 left: above half
    expect(inbox.takeMany(2, ['kept'])).toEqual(['kept', 'a3', 'a4']);
    expect([inbox.stopped, link.resumes]).toEqual([false, 1]);
    expect(outcomes).toEqual(['a0:delivered', 'a1:delivered', 'a2:delivered', 'a3:delivered', 'a4:delivered']);
  });

  it('readMessage() resumes intake at half the queue like read(), not before', () => {
    const link = pausable();
    const inbox = new Inbox({ queueSize: 4, queueBytes: undefined, block: false, link: () => link });
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i += 1) inbox.put(`a${i}`, 1, settleInto(outcomes, `a${i}`), undefined);
    expect([inbox.stopped, link.pauses]).toEqual([true, 1]);
    for (let i = 0; i < 3; i += 1) expect(inbox.takeOldestEntry()?.message).toBe(`a${i}`);
    expect([inbox.stopped, link.resumes]).toEqual([true, 0]); // 3 left: above half
    expect(inbox.takeOldestEntry()?.message).toBe('a3');
    expect([inbox.stopped, link.resumes]).toEqual([false, 1]);
    expect(outcomes).toEqual(['a0:delivered', 'a1:delivered', 'a2:delivered', 'a3:delivered']);
  });

  it('stops intake while no link is up and pauses the link that opens next; links without pause/resume are fine', () => {
    let current: MessageLink | undefined;
    const inbox = new Inbox({ queueSize: 1, queueBytes: undefined, block: true, link: () => current });
    inbox.put('a', 1, undefined, undefined);
    expect(inbox.stopped).toBe(true);
    expect(inbox.takeOldest()).toBe('a'); // resumed with no link ever paused
    expect(inbox.stopped).toBe(false);
    inbox.put('b', 1, undefined, undefined);
    const next = pausable();
    current = next;
    inbox.linkOpened();
    inbox.linkOpened();
    expect(next.pauses).toBe(1);
    current = undefined; // dropped; the next link delivers before it counts as open
    inbox.put('c', 1, undefined, undefined);
    expect([inbox.takeOldest(), inbox.takeOldest()]).toEqual(['b', 'c']);
    expect(next.resumes).toBe(1);
    current = pausable(true);
    inbox.put('d', 1, undefined, undefined);
    expect(inbox.stopped).toBe(true);
    expect(inbox.takeOldest()).toBe('d');
    expect(inbox.stopped).toBe(false);
  });
});

describe('MessageQueue settle bookkeeping', () => {
  it('clear() settles every acknowledged message, whatever plain messages were taken or kept around them', () => {
    const outcomes: string[] = [];
    const only = new MessageQueue(10);
    only.push('s0', 1, settleInto(outcomes, 's0'), true);
    only.clear('released');
    expect(outcomes.splice(0)).toEqual(['s0:released']);
    const queue = new MessageQueue(10);
    queue.push('p0', 1, undefined, true);
    queue.push('s1', 1, settleInto(outcomes, 's1'), true);
    queue.push('p2', 1, undefined, true);
    expect(queue.takeOldest()).toBe('p0');
    queue.clear('released');
    expect(outcomes).toEqual(['s1:released']);

    queue.push('s3', 1, settleInto(outcomes, 's3'), true);
    queue.push('p4', 1, undefined, true);
    expect(queue.takeNewest()).toBe('p4');
    expect(outcomes).toEqual(['s1:released', 's3:delivered']);

    queue.push('s5', 1, settleInto(outcomes, 's5'), true);
    queue.push('s6', 1, settleInto(outcomes, 's6'), true);
    queue.clear('released');
    expect(outcomes.slice(2)).toEqual(['s5:released', 's6:released']);
    expect(queue.bytes).toBe(0);
  });

  it('takeOldestEntry() settles as delivered; takeNewest() leaves no bytes behind', () => {
    const outcomes: string[] = [];
    const queue = new MessageQueue(10);
    queue.push('a', 3, settleInto(outcomes, 'a'), true);
    expect(queue.takeOldestEntry()?.message).toBe('a');
    expect(outcomes).toEqual(['a:delivered']);
    queue.push('b', 3, undefined, true);
    queue.push('c', 4, undefined, true);
    expect(queue.takeNewest()).toBe('c');
    expect(queue.bytes).toBe(0);
  });

  it('the byte cap: exactly full is full and keeps every message; drained means at most half', () => {
    const queue = new MessageQueue(100, 10);
    queue.push('a', 5, undefined, true);
    queue.push('b', 5, undefined, true);
    expect([queue.length, queue.full, queue.counters.dropped]).toEqual([2, true, 0]);
    queue.push('c', 1, undefined, false);
    expect([queue.bytes, queue.drained]).toEqual([11, false]);
    queue.takeOldest();
    expect([queue.bytes, queue.drained]).toEqual([6, false]);
    queue.takeOldest();
    queue.push('d', 4, undefined, false);
    expect([queue.bytes, queue.drained]).toEqual([5, true]);
  });
});

describe('WaitingReaders', () => {
  it('a later reader with a shorter timeout times out first; earlier readers keep waiting', async () => {
    const readers = new WaitingReaders();
    const first = readers.wait(60_000, undefined, false);
    expect(await readers.wait(20, undefined, false)).toBeNull();
    expect(readers.size).toBe(1);
    readers.offer('m', 1, undefined);
    expect(await first).toBe('m');
  });

  it('removes its abort listener once settled, so one signal over many reads gathers none', async () => {
    const readers = new WaitingReaders();
    const controller = new AbortController();
    for (let i = 0; i < 3; i += 1) {
      const waiting = readers.wait(undefined, controller.signal, false);
      readers.offer(`m${i}`, 1, undefined);
      await waiting;
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a batch reader collects the rest of the I/O phase after a small message, not after one of 4 KB or more', async () => {
    const readers = new WaitingReaders();
    const first = async (bytes: number): Promise<string> => {
      const reader = readers.wait(undefined, undefined, false, false, true).then(() => 'reader');
      const phaseEnd = new Promise<string>((resolve) => setImmediate(resolve, 'end of the I/O phase'));
      readers.offer('x'.repeat(bytes), bytes, undefined);
      return Promise.race([reader, phaseEnd]);
    };
    expect(await first(100), 'a small message: the reader waits to collect more').toBe('end of the I/O phase');
    expect(await first(4096), 'a stream chunk: handed over at once, not piled up with others').toBe('reader');
  });

  it('a batch reader handed one of several messages delivered in one callback returns with them before the I/O phase ends', async () => {
    const inbox = new Inbox({ queueSize: 100, queueBytes: undefined, block: false, link: () => undefined });
    const reader = inbox.readers.wait(undefined, undefined, false, false, true).then((first) => {
      const rest: unknown[] = [];
      for (let message = inbox.queue.takeOldest(); message !== undefined; message = inbox.queue.takeOldest())
        rest.push(message);
      return [first, ...rest];
    });
    const phaseEnd = new Promise<string>((resolve) => setImmediate(resolve, 'end of the I/O phase'));
    // One socket read parsed into three messages: all three delivered before the callback returns.
    for (const message of ['a', 'b', 'c']) inbox.put(message, 1, undefined, undefined);
    expect(await Promise.race([reader, phaseEnd])).toEqual(['a', 'b', 'c']);
  });

  it('plain reads keep their order behind and before other readers, and end with "" on a drop', async () => {
    const readers = new WaitingReaders();
    const order: string[] = [];
    const note = (name: string) => (outcome: unknown) => void order.push(`${name}:${String(outcome)}`);
    const plainFirst = readers.waitPlain().then(note('plain 1'));
    const timed = readers.wait(60_000, undefined, false).then(note('timed'));
    const plainLast = readers.waitPlain().then(note('plain 2'));
    expect(readers.size).toBe(3);
    for (const message of ['a', 'b', 'c']) readers.offer(message, 1, undefined);
    await Promise.all([plainFirst, timed, plainLast]);
    expect(order).toEqual(['plain 1:a', 'timed:b', 'plain 2:c']);
    expect(readers.size).toBe(0);

    const alone = readers.waitPlain();
    expect(readers.size).toBe(1);
    expect(readers.offerMany(['x', 'y'], 0, [1, 1], undefined)).toBe(1);
    expect(await alone).toBe('x');
    const dropped = [readers.waitPlain(), readers.waitPlain()];
    readers.disconnected(false);
    expect(await Promise.all(dropped)).toEqual(['', '']);
    const ended = readers.waitPlain();
    readers.disconnected(true);
    expect(await ended).toBe('');
    expect([readers.size, readers.offer('late', 1, undefined)]).toEqual([0, false]);
  });

  it('a drop that is not final ends plain readers only; iterators wait on, and get END at the end', async () => {
    const readers = new WaitingReaders();
    const plain = readers.wait(undefined, undefined, false);
    const iterator = readers.wait(undefined, undefined, true);
    readers.disconnected(false);
    expect(await plain).toBe(DOWN);
    expect(readers.size).toBe(1);
    readers.offer('m', 1, undefined);
    expect(await iterator).toBe('m');
    const last = readers.wait(undefined, undefined, true);
    const plainAtEnd = readers.wait(undefined, undefined, false);
    readers.disconnected(true);
    expect([await last, await plainAtEnd]).toEqual([END, DOWN]);
  });
});
