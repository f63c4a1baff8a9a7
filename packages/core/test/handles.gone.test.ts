import { describe, expect, it, vi } from 'vitest';
import { DialError, dial, type Connection } from '../src/index.js';
import { READ_GRACE_MS } from '../src/handles/calls.js';
import type { HandleRequest } from '../src/handles/protocol.js';
import { type Answer, SQL_INFO as SQL, STREAM_INFO as STREAM, ownerPerTest } from './support/handle-peer.js';

// docs/design.md#handles, the holder's end (src/handles/calls.ts) when the owning thread stops
// answering (its thread ended, or it forgot the handle): a view's calls must still settle. The
// owner is played by a HandlePeer that answers the attach and then goes silent.
/** A thread id no real thread of the test run has. */
const OWNER_THREAD = 906;
const { owner, views } = ownerPerTest(OWNER_THREAD);

/** A view whose owner answers the attach, then only what `others` answers (nothing by default); timers faked. */
async function view(
  n: number,
  info: object,
  others: (request: HandleRequest) => Answer = () => 'silent',
  timeout = 0.05,
): Promise<Connection> {
  owner().answer = (request) => (request.op === 'attach' ? { value: info } : others(request));
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  // The owner has `timeout` (50 ms) to answer the attach, and each ping.
  const made = await dial(owner().handle(n), { timeout });
  views.push(made);
  return made;
}

/** A few turns of the event loop (real ones: only setTimeout is faked), for messages to cross. */
async function turns(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** `promise`, whose rejection is looked at later (by {@link now}), not reported as unhandled. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Where `promise` stands after a few turns: its value, its error, or 'pending'. */
async function now(promise: Promise<unknown>): Promise<unknown> {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await turns();
  return Promise.race([outcome, 'pending']);
}

const goneMessage = (n: number): string =>
  `handle ${owner().handle(n)}: the owning thread (${OWNER_THREAD}) stopped answering (no answer within 50 ms); this view of it is gone`;

describe('a view whose owner stops answering', () => {
  it('gives null at a read’s timeout (plus the grace for the answer to cross)', async () => {
    const conn = await view(1, STREAM, () => 'silent', 5);
    const reads = Promise.all([conn.read(30), conn.readMessage(30), conn.readMany(2, 30)]);
    await vi.advanceTimersByTimeAsync(30 + READ_GRACE_MS);
    expect(await now(reads)).toEqual({ value: [null, null, null] });
  });

  it('rejects waiting calls Unavailable, naming the handle and its thread, then is disconnected', async () => {
    const conn = await view(2, STREAM);
    const giveup = new Promise<DialError>((resolve) => conn.once('giveup', resolve));
    const calls = [conn.read(), conn.readMessage(), conn.readMany()].map((call: Promise<unknown>) => handled(call));
    await vi.advanceTimersByTimeAsync(100);
    for (const call of calls) {
      const { error } = (await now(call)) as { error: unknown };
      expect(error).toBeInstanceOf(DialError);
      expect(error).toMatchObject({ code: 'Unavailable', op: 'read', message: goneMessage(2) });
    }
    expect(conn.state).toBe('disconnected');
    expect(await now(giveup)).toEqual({
      value: expect.objectContaining({ code: 'Unavailable', message: goneMessage(2) }),
    });
    // Later calls are those of any disconnected connection, at once.
    expect(await now(conn.read())).toEqual({ value: '' });
    expect(await now(conn.write('x'))).toEqual({ value: 0 });
    expect(await now(conn.close())).toEqual({ value: undefined });
    expect(conn.state).toBe('closed');
  });

  it('rejects a waiting statement Unavailable, and later ones too', async () => {
    const conn = await view(3, SQL);
    const exec = handled(conn.exec('select 1'));
    await vi.advanceTimersByTimeAsync(100);
    const unavailable = { code: 'Unavailable', op: 'exec' };
    expect(await now(exec)).toEqual({ error: expect.objectContaining({ ...unavailable, message: goneMessage(3) }) });
    expect(await now(conn.exec('select 2'))).toEqual({ error: expect.objectContaining(unavailable) });
    expect(await now(conn.close())).toEqual({ value: undefined });
  });

  it('closes: close() resolves once the owner is found gone', async () => {
    const conn = await view(4, STREAM);
    const closing = handled(conn.close());
    await vi.advanceTimersByTimeAsync(100);
    expect(await now(closing)).toEqual({ value: undefined });
    expect(conn.state).toBe('closed');
  });
});

describe('a view whose owner is slow but there', () => {
  it('keeps waiting while the owner answers its pings', async () => {
    const conn = await view(5, STREAM, (request) => (request.op === 'ping' ? { value: true } : 'silent'));
    const read = conn.read();
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(50);
      await turns();
    }
    expect(await now(read)).toBe('pending');
    expect(conn.state).toBe('open');
    expect(
      owner()
        .ops()
        .filter((op) => op === 'ping').length,
    ).toBeGreaterThan(1);
  });

  it('hands the messages of an answer that came after its read gave up to the next reads, oldest first', async () => {
    const lateAnswers: ((answer: Answer) => void)[] = [];
    const conn = await view(6, STREAM, () => 'silent', 5);
    owner().answer = (request) =>
      request.op === 'ping'
        ? { value: true }
        : request.op === 'read' || request.op === 'readMany'
          ? new Promise<Answer>((resolve) => lateAnswers.push(resolve))
          : 'silent';
    const first = conn.read(30);
    const second = conn.readMany(5, 30);
    await vi.advanceTimersByTimeAsync(30 + READ_GRACE_MS);
    expect(await now(Promise.all([first, second]))).toEqual({ value: [null, null] });
    lateAnswers[0]!({ value: 'late-1' });
    lateAnswers[1]!({ value: ['late-2', 'late-3', 'late-4'] });
    await turns();
    const asked = owner().requests.length;
    expect(await conn.read(30)).toBe('late-1');
    expect(await conn.readMessage(30)).toMatchObject({ data: 'late-2', transport: 'none' });
    expect(await conn.readMany(5, 30)).toEqual(['late-3', 'late-4']);
    expect(owner().requests.length, 'the kept messages were read without asking the owner').toBe(asked);
  });
});
