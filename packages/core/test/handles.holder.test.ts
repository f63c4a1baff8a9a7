import { describe, expect, it, vi } from 'vitest';
import { DialError, dial, release, type Connection } from '../src/index.js';
import { type HandleRequest, currentThread } from '../src/handles/protocol.js';
import { type Answer, SQL_INFO as SQL, STREAM_INFO as STREAM, failure, ownerPerTest } from './support/handle-peer.js';

// docs/design.md#handles, the holder's end (src/handles/remote.ts): `dial(handle)` for a handle
// that another thread owns. That thread is played here by a HandlePeer on the same channel, so
// the view's code runs in the test's thread.
/** A thread id no real thread of the test run has. */
const OWNER_THREAD = 905;
const { owner, views } = ownerPerTest(OWNER_THREAD);

/** The owner answers attach with `info` and every other operation with `others`. */
function owning(info: object, others: (request: HandleRequest) => Answer | Promise<Answer> = () => 'silent'): void {
  owner().answer = (request) =>
    request.op === 'attach' ? { value: info } : request.op === 'release' ? { value: undefined } : others(request);
}

async function view(n = 1, options: Parameters<typeof dial>[1] = {}): Promise<Connection> {
  const made = await dial(owner().handle(n), options);
  views.push(made);
  return made;
}

describe('a view of a handle another thread owns', () => {
  it('takes its scheme, redacted address and kind from the owning thread', async () => {
    owning(STREAM);
    const conn = await view();
    expect([conn.scheme, conn.address, conn.kind, conn.state]).toEqual(['loop', 'loop://owner', 'stream', 'open']);
    expect(owner().requests[0]).toMatchObject({
      op: 'attach',
      handle: owner().handle(1),
      from: currentThread(),
      args: [],
    });
  });

  it('runs each call on the owner and is given that call’s own answer, in order', async () => {
    const delays = [30, 0, 10];
    owning(STREAM, async ({ op, args }) => {
      await new Promise((resolve) => setTimeout(resolve, delays.shift() ?? 0));
      return { value: op === 'write' ? String(args[0]).length : null };
    });
    const conn = await view();
    expect(await Promise.all([conn.write('a'), conn.write('bbb'), conn.write('cc')])).toEqual([1, 3, 2]);
    expect(
      owner()
        .requests.slice(1)
        .map(({ op, args }) => [op, args[0]]),
    ).toEqual([
      ['write', 'a'],
      ['write', 'bbb'],
      ['write', 'cc'],
    ]);
    expect(new Set(owner().requests.map((request) => request.id)).size).toBe(owner().requests.length);
  });

  it('gives bytes from the owner back as Buffers, text as text', async () => {
    owning(STREAM, ({ op }) => {
      if (op === 'read') return { value: Buffer.from('bytes') };
      if (op === 'readMany') return { value: [Buffer.from('b0'), 't1'] };
      return 'silent';
    });
    const conn = await view();
    const read = await conn.read(-1);
    expect(Buffer.isBuffer(read) && read.toString()).toBe('bytes');
    const many = await conn.readMany(undefined, -1);
    expect(many?.map((m) => [Buffer.isBuffer(m), String(m)])).toEqual([
      [true, 'b0'],
      [false, 't1'],
    ]);
  });

  it('hands over the owner’s nothing-yet answers as they are', async () => {
    owning(STREAM, ({ op }) => ({ value: op === 'readMessage' ? null : op === 'readMany' ? null : null }));
    const conn = await view();
    expect(await conn.read(-1)).toBeNull();
    expect(await conn.readMany(2, -1)).toBeNull();
    expect(await conn.readMessage(-1)).toBeNull();
  });

  it('hands over the owner’s "disconnected" answer to readMessage as it is', async () => {
    owning(STREAM, () => ({ value: '' }));
    const conn = await view();
    expect(await conn.readMessage(-1)).toBe('');
  });

  it('gives a received message’s bytes, Kafka key and header values back as Buffers', async () => {
    const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text));
    const kafka = { transport: 'kafka', topic: 't', partition: 0, offset: '7', timestamp: 1 };
    const answers: unknown[] = [
      { data: bytes('payload'), receivedAt: 1, ...kafka, key: bytes('k'), headers: { h: bytes('v'), s: 'text' } },
      { data: bytes('plain'), receivedAt: 2, transport: 'stream' },
    ];
    owning(STREAM, () => ({ value: answers.shift() }));
    const conn = await view();
    const first = (await conn.readMessage(-1)) as unknown as Record<string, unknown>;
    expect(first).toMatchObject({ transport: 'kafka', topic: 't', offset: '7', receivedAt: 1 });
    expect(Buffer.isBuffer(first.data) && String(first.data)).toBe('payload');
    expect(Buffer.isBuffer(first.key) && String(first.key)).toBe('k');
    const headers = first.headers as Record<string, unknown>;
    expect([Buffer.isBuffer(headers.h) && String(headers.h), headers.s]).toEqual(['v', 'text']);
    const second = (await conn.readMessage(-1)) as unknown as Record<string, unknown>;
    expect(Buffer.isBuffer(second.data) && String(second.data)).toBe('plain');
    expect(second).not.toHaveProperty('key');
  });

  it('rejects with the owner’s DialError, every field carried over', async () => {
    const error = {
      code: 'Protocol',
      message: 'item 3 refused',
      op: 'write',
      retryable: false,
      serverCode: 42,
      index: 3,
    };
    owning(STREAM, () => ({ error: error as never }));
    const conn = await view();
    const got = await failure(conn.write('x'));
    expect(got).toBeInstanceOf(DialError);
    expect(got).toMatchObject(error);
  });

  it('runs statements on an SQL owner', async () => {
    const result = { columns: ['v'], values: [[1]] };
    owning(SQL, ({ op }) => (op === 'exec' ? { value: result } : 'silent'));
    const conn = await view();
    expect(conn.kind).toBe('sql');
    expect(await conn.exec('select ?', [1])).toEqual(result);
    const { op, args } = owner().requests.at(-1)!;
    expect([op, args[0]]).toEqual(['exec', 'select ?']);
  });

  it('lets go of its hold exactly once when closed', async () => {
    owning(STREAM, () => ({ value: undefined }));
    const conn = await view();
    await conn.close();
    await conn.close();
    expect(conn.state).toBe('closed');
    expect(
      owner()
        .ops()
        .filter((op) => op === 'release'),
    ).toEqual(['release']);
  });

  it('ignores what is not its answer: other threads’, unknown calls, other messages', async () => {
    owner().answer = (request) => {
      const wrong = { kind: 'response', id: request.id, ok: false, error: { code: 'Protocol', message: 'not yours' } };
      owner().post(null);
      owner().post({ ...wrong, to: currentThread() + 1 });
      owner().post({ ...wrong, kind: 'request', to: currentThread() });
      owner().post({ ...wrong, id: request.id + 1000, to: currentThread() });
      return { value: STREAM };
    };
    const conn = await view();
    expect(conn.state).toBe('open');
  });
});

describe('dial(handle) when the owner does not answer', () => {
  it('rejects NotFound, naming the owning thread and the timeout', async () => {
    const got = await failure(dial(owner().handle(2), { timeout: 0.05 }));
    expect(got).toBeInstanceOf(DialError);
    expect(got).toMatchObject({ code: 'NotFound', op: 'handle' });
    expect((got as Error).message).toBe(
      `handle ${owner().handle(2)}: the owning thread (${OWNER_THREAD}) did not answer within 50 ms`,
    );
  });

  it('waits 5 s by default', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = failure(dial(owner().handle(3)));
    await vi.advanceTimersByTimeAsync(5000);
    expect(await pending).toMatchObject({ code: 'NotFound', message: expect.stringContaining('within 5000 ms') });
  });

  it('waits for a slow owner when the timeout is unbounded', async () => {
    owner().answer = async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { value: STREAM };
    };
    const conn = await view(4, { timeout: Number.POSITIVE_INFINITY });
    expect(conn.state).toBe('open');
  });

  it('rejects Canceled when the dial is aborted', async () => {
    const abort = new AbortController();
    const pending = failure(dial(owner().handle(5), { signal: abort.signal }));
    abort.abort();
    expect(await pending).toMatchObject({ code: 'Canceled', op: 'handle', message: 'dial canceled' });
  });
});

describe('handles that are not handles', () => {
  it.each([0, -3, 1.5, Number.NaN, 2 ** 53])('dial(%s) and release(%s) reject InvalidArgument', async (bad) => {
    for (const call of [dial(bad), release(bad)]) {
      const got = await failure(call);
      expect(got).toBeInstanceOf(DialError);
      expect(got).toMatchObject({ code: 'InvalidArgument', op: 'handle', message: `not a connection handle: ${bad}` });
    }
  });
});

describe('release(handle) of another thread’s handle', () => {
  it('asks the owner to free it and resolves what the owner answers', async () => {
    owner().answer = (request) => ({ value: request.op === 'free' });
    expect(await release(owner().handle(6))).toBe(true);
    expect(owner().requests).toMatchObject([{ op: 'free', handle: owner().handle(6), from: currentThread() }]);
  });

  it('resolves false when the owner no longer knows it', async () => {
    owner().answer = () => ({ error: { code: 'NotFound', message: 'gone', op: 'handle' } });
    expect(await release(owner().handle(7))).toBe(false);
  });

  it('rejects with any other failure of the owner', async () => {
    owner().answer = () => ({ error: { code: 'Closed', message: 'closing', op: 'close' } });
    expect(await failure(release(owner().handle(8)))).toMatchObject({ code: 'Closed', op: 'close' });
  });

  it('names the handle operation when the owner’s error names none', async () => {
    owner().answer = () => ({ error: { code: 'Unknown', message: 'it broke' } });
    const got = await failure(release(owner().handle(10)));
    expect(got).toBeInstanceOf(DialError);
    expect(got).toMatchObject({ code: 'Unknown', op: 'handle', message: 'it broke' });
  });

  it('resolves false after 5 s when no thread owns it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = release(owner().handle(9));
    await vi.advanceTimersByTimeAsync(5000);
    expect(await pending).toBe(false);
  });
});
