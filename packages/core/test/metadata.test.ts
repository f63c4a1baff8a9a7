import { afterEach, describe, expect, it } from 'vitest';
import { dial, type Connection } from '../src/index.js';
import { NO_METADATA, STREAM_METADATA, WS_METADATA } from '../src/driver/index.js';
import { Registry } from '../src/registry.js';
import { LoopServer, loopDriver } from './support/loop-driver.js';

const registry = new Registry().register(loopDriver);
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
});
