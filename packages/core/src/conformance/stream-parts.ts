import { inspect } from 'node:util';
import { expect, it } from 'vitest';
import { dial } from '../dial.js';
import { DialError } from '../errors.js';
import { echoEach, text, waitFor, withOptions, type Suite } from './helpers.js';
import { recordDiagnostics } from './diagnostics-part.js';

/** open → write → read → close, idempotent close, reads and writes after close, iteration. */
export function lifecycle(suite: Suite): void {
  it('opens, closes idempotently, and reads "" / writes 0 after close', async () => {
    const conn = await suite.open();
    expect(conn.state).toBe('open');
    await conn.close();
    await conn.close();
    expect(conn.state).toBe('closed');
    expect(await conn.read()).toBe('');
    expect(await conn.read(50)).toBe('');
    expect(await conn.write('after close')).toBe(0);
  });

  it('settles a waiting read() with "" when the connection is closed', async () => {
    const conn = await suite.open();
    const waiting = conn.read();
    await conn.close();
    expect(await waiting).toBe('');
  });

  it('iterates received messages and ends when closed', async () => {
    const conn = await suite.open();
    await echoEach(conn, ['it-1', 'it-2'], suite.patienceMs);
    const seen: string[] = [];
    setTimeout(() => void conn.close(), 100);
    for await (const message of conn) seen.push(text(message));
    expect(seen).toEqual(['it-1', 'it-2']);
  });

  it('supports await using', async () => {
    let escaped: Awaited<ReturnType<Suite['open']>> | undefined;
    {
      await using conn = await suite.open();
      escaped = conn;
      expect(conn.state).toBe('open');
    }
    expect(escaped.state).toBe('closed');
  });
}

/** What is written comes back intact, as one message per write. */
export function roundTrip(suite: Suite): void {
  it('round-trips text, unicode and bytes', async () => {
    const conn = await suite.open();
    expect(await conn.write('hello')).toBe(5);
    expect(await conn.read(suite.patienceMs)).toBe('hello');
    const unicode = 'Ω≈ç√ 价格 🚀';
    // write() resolves to the bytes of the message as sent (UTF-8), whatever the transport frames around it.
    expect(await conn.write(unicode)).toBe(Buffer.byteLength(unicode));
    expect(await conn.read(suite.patienceMs)).toBe(unicode);
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x80]);
    expect(await conn.write(bytes)).toBe(4);
    const back = await conn.read(suite.patienceMs);
    expect(Buffer.isBuffer(back)).toBe(true);
    expect(Buffer.compare(back as Buffer, bytes)).toBe(0);
  });

  it('binary=true always gives a Buffer', async () => {
    const conn = await suite.open('binary=true');
    await conn.write('text');
    const back = await conn.read(suite.patienceMs);
    expect(Buffer.isBuffer(back)).toBe(true);
    expect(text(back)).toBe('text');
  });

  it('counts traffic in stats()', async () => {
    const conn = await suite.open();
    await echoEach(conn, ['s-1', 's-2'], suite.patienceMs);
    const stats = conn.stats();
    expect(stats.sent).toBe(2);
    expect(stats.received).toBe(2);
    expect(stats.queued).toBe(2);
    expect(stats.receivedBytes).toBeGreaterThanOrEqual(6);
  });
}

/** The read table of docs/design.md#receiving while connected. */
export function readModes(suite: Suite): void {
  it('read(-1) gives null at once when empty; read(n) gives null after n ms', async () => {
    const conn = await suite.open();
    expect(await conn.read(-1)).toBeNull();
    expect(await conn.read(0)).toBeNull();
    const started = Date.now();
    expect(await conn.read(120)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('read() gives the oldest first; read(-2) gives the newest and discards the rest', async () => {
    const conn = await suite.open();
    await echoEach(conn, ['m-0', 'm-1', 'm-2', 'm-3'], suite.patienceMs);
    expect(await conn.read(-1)).toBe('m-0');
    expect(await conn.read(-2)).toBe('m-3');
    expect(conn.stats().queued).toBe(0);
    expect(conn.stats().discarded).toBe(2);
    expect(await conn.read(-2)).toBeNull();
  });

  it('a timed-out read loses no message', async () => {
    const conn = await suite.open();
    expect(await conn.read(30)).toBeNull();
    await echoEach(conn, ['after-timeout'], suite.patienceMs);
    expect(await conn.read(-1)).toBe('after-timeout');
  });
}

/** The bounded queue drops the oldest message when full and counts it. */
export function overflow(suite: Suite): void {
  it('keeps the newest qsize messages and counts the dropped ones', async () => {
    const conn = await suite.open('qsize=3');
    const drops: number[] = [];
    conn.on('drop', ({ total }) => drops.push(total));
    await echoEach(
      conn,
      Array.from({ length: 8 }, (_, i) => `q-${i}`),
      suite.patienceMs,
    );
    expect(conn.stats()).toMatchObject({ queued: 3, dropped: 5, received: 8 });
    expect(drops.at(-1)).toBe(5);
    expect([await conn.read(-1), await conn.read(-1), await conn.read(-1)]).toEqual(['q-5', 'q-6', 'q-7']);
  });
}

/** Aborted reads reject with Canceled and take no message with them. */
export function abort(suite: Suite): void {
  it('an aborted read rejects with Canceled and loses nothing', async () => {
    const conn = await suite.open();
    const controller = new AbortController();
    const pending = conn.read({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'DialError', code: 'Canceled' });
    await echoEach(conn, ['after-abort'], suite.patienceMs);
    expect(await conn.read(-1)).toBe('after-abort');
  });
}

/** Concurrent readers each get a different message. */
export function concurrency(suite: Suite): void {
  it('gives concurrent readers distinct messages', async () => {
    const conn = await suite.open();
    const readers = [conn.read(suite.patienceMs), conn.read(suite.patienceMs)];
    await conn.write('c-a');
    await waitFor(() => conn.stats().received >= 1, suite.patienceMs, 'the first echo');
    await conn.write('c-b');
    const got = (await Promise.all(readers)).map(text).sort();
    expect(got).toEqual(['c-a', 'c-b']);
  });
}

/** Bad input is a DialError(InvalidArgument) before any I/O; credentials never leak. */
export function errors(suite: Suite): void {
  it('rejects an unknown option naming it, before any I/O', async () => {
    // A misspelling of a key this driver knows (drivers without `reconnect`, e.g. SQL, have others).
    const known = Object.keys(suite.registry.optionSchema(suite.input.driver));
    const key = known.includes('reconnect') || known.length === 0 ? 'reconnect' : known[0]!;
    const typo = key === 'reconnect' ? 'reconect' : `${key}x`;
    const address = withOptions(await suite.input.harness.address(), `${typo}=true`);
    const error = await dial(address, { registry: suite.registry }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DialError);
    expect(error).toMatchObject({ code: 'InvalidArgument' });
    expect((error as Error).message).toContain(typo);
    if (known.length > 0) expect((error as Error).message).toContain(`"${key}"`);
  });

  it('never shows a credential in errors, causes, toString, inspect, JSON or diagnostics payloads', async ({
    skip,
  }) => {
    if (suite.input.harness.secretAddress === undefined) {
      skip(
        "no credential in this scheme's addresses; the same check runs live for every scheme that has one " +
          '(e.g. "conformance: postgres > errors > never shows a credential …")',
      );
      return;
    }
    const { address, secret } = await suite.input.harness.secretAddress();
    const forms = secretForms(address, secret);
    const recorder = recordDiagnostics();
    const outcome = await dial(address, { registry: suite.registry, timeout: 5 }).catch((e: unknown) => e);
    const shown = renderings(outcome);
    if (!(outcome instanceof Error)) {
      const conn = outcome as { address: string; close(): Promise<void> };
      shown.push(conn.address);
      await conn.close();
    }
    const parseError = await dial(withOptions(address, 'reconect=true'), { registry: suite.registry }).catch(
      (e: unknown) => e,
    );
    shown.push(...renderings(parseError));
    recorder.stop();
    shown.push(...recorder.renderings());
    expect(recorder.renderings().length, 'diagnostics payloads of the dial').toBeGreaterThan(0);
    for (const form of forms)
      expect(
        shown.filter((text) => text.includes(form)),
        `shows ${form}`,
      ).toEqual([]);
  });
}

/** The spellings of `secret` that count as a leak: as written, percent-encoded, in HTTP Basic. */
function secretForms(address: string, secret: string): string[] {
  const url = new URL('http://h/');
  url.password = secret;
  const forms = [secret, encodeURIComponent(secret), url.password];
  const user = /\/\/([^:@/]*):/.exec(address)?.[1];
  const basic = user === undefined ? [] : forms.map((form) => Buffer.from(`${user}:${form}`).toString('base64'));
  return [...new Set([...forms, ...basic])];
}

function json(error: Error): string {
  try {
    return JSON.stringify(error, Object.getOwnPropertyNames(error));
  } catch {
    return ''; // circular: inspect() above shows it
  }
}

/** What a user may print of a dial outcome: String, inspect, JSON, `address`, the cause chain. */
function renderings(value: unknown): string[] {
  const out = [String(value), inspect(value, { depth: 10 }), inspect(value, { depth: 10, showHidden: true })];
  for (let item = value, depth = 0; item instanceof Error && depth < 6; item = item.cause, depth++) {
    out.push(item.message, item.stack ?? '', json(item), String((item as { address?: unknown }).address));
  }
  return out;
}
