import { afterEach, describe, expect, it } from 'vitest';
import { dial, type Connection } from '../src/index.js';
import { NO_METADATA, STREAM_METADATA, WS_METADATA } from '../src/driver/index.js';
import { Registry } from '../src/registry.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';
import { ScriptPeer, scriptDriver } from './support/script-driver.js';

const registry = new Registry().register(loopDriver).register(scriptDriver);
const opened: Connection[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('message metadata', () => {
  it('the shared metadata objects name their transport and cannot be changed', () => {
    expect([NO_METADATA, STREAM_METADATA, WS_METADATA]).toEqual([
      { transport: 'none' },
      { transport: 'stream' },
      { transport: 'ws' },
    ]);
    for (const meta of [NO_METADATA, STREAM_METADATA, WS_METADATA]) expect(Object.isFrozen(meta)).toBe(true);
  });

  it('a message from a driver that gives no metadata reads as transport "none"', async () => {
    const server = new LoopServer('metadata-none');
    const conn = await dial(`loop://${server.name}`, { registry });
    opened.push(conn);
    server.push('plain');
    const message = await conn.readMessage();
    expect(message).toMatchObject({ data: 'plain', transport: 'none' });
  });

  it('metadata given as a function is built only when readMessage() takes the message, once', async () => {
    const peer = new ScriptPeer('metadata-lazy');
    const conn = await dial(`script://${peer.name}`, { registry });
    opened.push(conn);
    const built: string[] = [];
    const lazy = (name: string) => () => {
      built.push(name);
      return { transport: 'nats' as const, subject: name, headers: undefined };
    };
    const { context } = peer.last;
    context.deliver('read', 4, undefined, lazy('read'));
    context.deliver('skipped', 7, undefined, lazy('skipped'));
    context.deliver('newest', 6, undefined, lazy('newest'));
    expect(await conn.read()).toBe('read');
    expect(await conn.readMessage(-2)).toMatchObject({ data: 'newest', transport: 'nats', subject: 'newest' });
    const waiting = conn.readMessage();
    context.deliver('handed', 6, undefined, lazy('handed'));
    expect(await waiting).toMatchObject({ data: 'handed', subject: 'handed' });
    expect(built, 'neither read() nor the discarded message built any').toEqual(['newest', 'handed']);
  });
});
