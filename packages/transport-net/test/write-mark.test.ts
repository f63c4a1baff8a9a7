import { afterEach, describe, expect, it } from 'vitest';
import { HIGH_WATER } from '../src/connect/stream-link.js';
import { closeLoopbackLinks, loopbackLink, type LoopbackLink } from './helpers/loopback-link.js';

// When a write waits (src/connect/stream-link.ts): not at the socket's own 16 KB mark, which
// would give every small write of a burst a wait for `drain`, but once the socket holds
// HIGH_WATER (1 MB), as the ws link does. The client socket is corked, so what it holds is
// exactly what was written (nothing reaches the kernel) until the test uncorks it.

afterEach(closeLoopbackLinks);

const corkedLink = (): Promise<LoopbackLink> => loopbackLink(true);

describe('stream link: when a write waits for the socket to drain', () => {
  it('takes small writes at once past the socket’s own 16 KB mark, up to 1 MB held', async () => {
    const { link, client } = await corkedLink();
    const item = 'x'.repeat(1024);
    const answers = Array.from({ length: 64 }, () => link.writeNow!(item));
    expect(client.writableLength).toBe(64 * 1024);
    expect(client.writableNeedDrain, 'the socket itself asks for a drain past 16 KB').toBe(true);
    expect(answers.every((answer) => answer === 1024)).toBe(true);
  });

  it('waits once the socket holds 1 MB, and gives the bytes once it drained', async () => {
    const { link, client, resume } = await corkedLink();
    const chunk = Buffer.alloc(64 * 1024, 1);
    const answers: (number | Promise<number>)[] = [];
    while (client.writableLength < HIGH_WATER) answers.push(link.writeNow!(chunk));
    const last = answers.at(-1)!;
    expect(answers.slice(0, -1).every((answer) => answer === chunk.length)).toBe(true);
    expect(last, 'the write that reached the mark waits').toBeInstanceOf(Promise);
    client.uncork();
    await resume();
    expect(await last).toBe(chunk.length);
  });

  it('writeMany() of a batch under 1 MB resolves without a drain; over it, after one', async () => {
    const { link, client, resume } = await corkedLink();
    const item = Buffer.alloc(1024, 2);
    expect(await link.writeMany!(Array.from({ length: 512 }, () => item))).toBe(512 * 1024);
    const over = link.writeMany!(Array.from({ length: 600 }, () => item));
    let settled = false;
    void over.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled, 'a batch that takes the socket past 1 MB waits for it to drain').toBe(false);
    client.uncork();
    await resume();
    expect(await over).toBe(600 * 1024);
  });
});

/** What a corked socket holds, write by write (Writable's buffer; not in @types/node's Socket). */
const queuedWrites = (socket: object): unknown[] =>
  (socket as { writableBuffer: { chunk: unknown }[] }).writableBuffer.map((queued) => queued.chunk);

describe('stream link: a writeMany() of strings', () => {
  it('hands a small batch of strings to the socket as one write, counting UTF-8 bytes', async () => {
    const { link, client } = await corkedLink();
    const items = Array.from({ length: 50 }, (_, i) => `é-${i};`);
    expect(await link.writeMany!(items)).toBe(Buffer.byteLength(items.join('')));
    expect(queuedWrites(client)).toEqual([items.join('')]);
    const bytes = Array.from({ length: 3 }, () => Buffer.from('b'));
    await link.writeMany!(['s', ...bytes]);
    expect(queuedWrites(client), 'a batch with bytes in it goes item by item').toHaveLength(1 + 4);
  });

  it('names the item that took the socket to 1 MB when the wait for the drain fails', async () => {
    const { link, client } = await corkedLink();
    link.writeNow!(Buffer.alloc(HIGH_WATER - 2500, 1));
    const items = Array.from({ length: 5 }, () => 'a'.repeat(1000));
    const batch = link.writeMany!(items).then(
      () => undefined,
      (failure: unknown) => failure as { index: number },
    );
    client.destroy();
    expect((await batch)?.index, 'held 1 MB − 2,500: the third item reaches the mark').toBe(2);
  });
});
