import { afterEach, describe, expect, it } from 'vitest';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import { dial } from '../src/dial.js';
import type { Connection } from '../src/connection/connection.js';
import { Registry } from '../src/registry.js';
import { addressSecrets } from '../src/address/index.js';
import type { Driver, Endpoint } from '../src/driver/index.js';
import { waitFor } from '../src/conformance/helpers.js';
import { diagnosticsChannels, type DiagnosticsChannelName } from '../src/diagnostics/channels.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

interface CarelessEndpoint extends Endpoint {
  server: string;
}

/**
 * A third-party driver that forgets to redact: its `redacted` is the address as written. The
 * core must still publish only redacted addresses.
 */
const carelessDriver: Driver<CarelessEndpoint> = {
  ...(loopDriver as unknown as Driver<CarelessEndpoint>),
  name: 'careless',
  schemes: ['careless'],
  parse({ scheme, base }) {
    const server = base.slice(base.lastIndexOf('@') + 1);
    return { scheme, server, redacted: base, secrets: addressSecrets(base) };
  },
  async load() {
    return { connect: async (endpoint, context) => LoopServer.all.get(endpoint.server)!.accept(context) };
  },
};

const registry = new Registry().register(loopDriver).register(carelessDriver);
const opened: Connection[] = [];
let serial = 0;

type Seen = { channel: DiagnosticsChannelName; payload: Record<string, unknown> };

/** Subscribes to every channel; `stop()` unsubscribes. */
function record(): { seen: Seen[]; of(channel: DiagnosticsChannelName): Record<string, unknown>[]; stop(): void } {
  const seen: Seen[] = [];
  const listeners = Object.values(diagnosticsChannels).map((channel) => {
    const listener = (payload: unknown): void =>
      void seen.push({ channel, payload: payload as Record<string, unknown> });
    subscribe(channel, listener);
    return [channel, listener] as const;
  });
  return {
    seen,
    of: (channel) => seen.filter((s) => s.channel === channel).map((s) => s.payload),
    stop: () => listeners.forEach(([channel, listener]) => unsubscribe(channel, listener)),
  };
}

let recorder: ReturnType<typeof record> | undefined;

async function open(options = '', scheme = 'loop'): Promise<{ conn: Connection; server: LoopServer }> {
  const server = new LoopServer(`d${++serial}`);
  const conn = await dial(`${scheme}://${server.name}${options === '' ? '' : `|${options}`}`, { registry });
  opened.push(conn);
  return { conn, server };
}

afterEach(async () => {
  recorder?.stop();
  recorder = undefined;
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('diagnostics channels (docs/design.md#public-api)', () => {
  it('exports the channel names of the spec', () => {
    expect(Object.values(diagnosticsChannels)).toEqual(
      expect.arrayContaining([
        'omnidial:dial',
        'omnidial:connect',
        'omnidial:disconnect',
        'omnidial:reconnect',
        'omnidial:drop',
        'omnidial:exec',
        'omnidial:error',
      ]),
    );
    expect(Object.isFrozen(diagnosticsChannels)).toBe(true);
  });

  it('publishes dial, connect, disconnect, reconnect and error across a drop, conn.reconnect() and close()', async () => {
    recorder = record();
    const { conn, server } = await open('reconnect=true&interval=50');
    const address = conn.address;
    expect(recorder.of('omnidial:dial')).toEqual([{ address, scheme: 'loop', attempt: 0 }]);
    expect(recorder.of('omnidial:connect')).toEqual([
      { address, scheme: 'loop', attempt: 0, reconnect: false, connectMs: expect.any(Number) },
    ]);

    server.drop();
    expect(recorder.of('omnidial:disconnect')).toEqual([
      {
        address,
        scheme: 'loop',
        reason: 'lost',
        reconnecting: true,
        error: expect.objectContaining({ code: 'Unavailable' }),
      },
    ]);
    expect(recorder.of('omnidial:reconnect')).toEqual([
      { address, scheme: 'loop', attempt: 1, delayMs: 50, error: expect.objectContaining({ code: 'Unavailable' }) },
    ]);
    expect(recorder.of('omnidial:error')).toEqual([
      { address, scheme: 'loop', op: 'dial', code: 'Unavailable', error: expect.anything() },
    ]);
    // The server is still down: the re-dial fails, is reported, and the next one waits longer.
    await waitFor(() => recorder!.of('omnidial:reconnect').length >= 2, 5000, 'a second re-dial');
    expect(recorder.of('omnidial:dial')[1]).toMatchObject({ attempt: 1 });
    expect(recorder.of('omnidial:reconnect')[1]).toMatchObject({
      attempt: 2,
      error: expect.objectContaining({ op: 'dial' }),
    });
    expect(recorder.of('omnidial:error')[1]).toMatchObject({ op: 'dial', code: 'Unavailable' });
    server.restore();
    await waitFor(() => conn.state === 'open', 5000, 'the re-dial');
    expect(recorder.of('omnidial:connect')[1]).toMatchObject({ reconnect: true, attempt: expect.any(Number) });
    expect(recorder.of('omnidial:connect')[1]!.attempt).toBeGreaterThanOrEqual(2);

    await conn.reconnect();
    expect(recorder.of('omnidial:disconnect')[1]).toMatchObject({
      reason: 'reconnect',
      reconnecting: true,
      error: undefined,
    });
    expect(recorder.of('omnidial:reconnect').at(-1)).toMatchObject({ attempt: 0, delayMs: 0, error: undefined });
    expect(recorder.of('omnidial:connect')).toHaveLength(3);

    await conn.close();
    expect(recorder.of('omnidial:disconnect')[2]).toMatchObject({ reason: 'closed', reconnecting: false });
    expect(recorder.of('omnidial:disconnect')).toHaveLength(3);
  });

  it('publishes a failed first dial on omnidial:error', async () => {
    recorder = record();
    await expect(dial('loop://nobody-here', { registry })).rejects.toMatchObject({ code: 'Unavailable' });
    expect(recorder.of('omnidial:dial')).toEqual([{ address: 'loop://nobody-here', scheme: 'loop', attempt: 0 }]);
    expect(recorder.of('omnidial:error')).toEqual([
      { address: 'loop://nobody-here', scheme: 'loop', op: 'dial', code: 'Unavailable', error: expect.anything() },
    ]);
    expect(recorder.of('omnidial:connect')).toEqual([]);
  });

  it('publishes queue depth on receive, drops with their count, and read latency', async () => {
    recorder = record();
    const { conn, server } = await open('qsize=3');
    for (let i = 0; i < 5; i += 1) server.push(`m${i}`);
    expect(recorder.of('omnidial:receive').map((p) => p.queued)).toEqual([1, 2, 3, 3, 3]);
    expect(recorder.of('omnidial:receive')[0]).toMatchObject({ bytes: 2, queuedBytes: 2, paused: false });
    expect(recorder.of('omnidial:drop')).toEqual([
      { address: conn.address, scheme: 'loop', count: 1, total: 1 },
      { address: conn.address, scheme: 'loop', count: 1, total: 2 },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await conn.read()).toBe('m2');
    expect(await conn.read(-2)).toBe('m4');
    const reads = recorder.of('omnidial:read');
    expect(reads.map((p) => p.queued)).toEqual([2, 0]);
    // A lower bound only: the message waited at least the 60 ms slept above.
    for (const read of reads) expect(read.latencyMs).toBeGreaterThanOrEqual(50);

    const waiting = conn.read();
    server.push('straight');
    expect(await waiting).toBe('straight');
    expect(recorder.of('omnidial:receive').at(-1)).toMatchObject({ queued: 0 });
    expect(recorder.of('omnidial:read').at(-1)).toMatchObject({ queued: 0, latencyMs: expect.any(Number) });
  });

  it('reports paused intake under overflow=block', async () => {
    recorder = record();
    const { server } = await open('qsize=2&overflow=block');
    for (let i = 0; i < 3; i += 1) server.push(`m${i}`);
    expect(recorder.of('omnidial:receive').map((p) => p.paused)).toEqual([false, true, true]);
    expect(recorder.of('omnidial:drop')).toEqual([]);
  });

  it('measures nothing while nobody listens: messages received before the first subscriber have no read latency', async () => {
    const { conn, server } = await open();
    server.push('early');
    recorder = record();
    server.push('late');
    expect(await conn.read()).toBe('early');
    expect(await conn.read()).toBe('late');
    expect(recorder.of('omnidial:read')).toHaveLength(1);
  });

  it('never publishes a credential, even from a driver that forgets to redact', async () => {
    recorder = record();
    const secret = 'Sup3rS3cret!pw';
    const server = new LoopServer(`d${++serial}`);
    const conn = await dial(`careless://alice:${secret}@${server.name}|reconnect=true&interval=20&qsize=1`, {
      registry,
    });
    opened.push(conn);
    server.push('a');
    server.push('b');
    await conn.read();
    server.drop();
    server.restore();
    await waitFor(() => conn.state === 'open', 5000, 'the re-dial');
    await conn.close();
    // The loop driver quotes the credentials it was sent in its error and its raw cause.
    await expect(dial(`loop://alice:${secret}@${server.name}`, { registry })).rejects.toMatchObject({
      code: 'PermissionDenied',
    });

    const channels = new Set(recorder.seen.map((s) => s.channel));
    expect([...channels].sort()).toEqual([
      'omnidial:connect',
      'omnidial:dial',
      'omnidial:disconnect',
      'omnidial:drop',
      'omnidial:error',
      'omnidial:read',
      'omnidial:receive',
      'omnidial:reconnect',
    ]);
    expect(recorder.of('omnidial:connect')[0]!.address).toBe(`careless://alice:***@${server.name}`);
    const forms = addressSecrets(`careless://alice:${secret}@${server.name}`);
    for (const { channel, payload } of recorder.seen) {
      const shown = `${inspect(payload, { depth: 8, showHidden: true })}\n${JSON.stringify(payload)}`;
      for (const form of forms) expect(shown, `${channel} payload`).not.toContain(form);
    }
  });
});
