import { afterEach, describe, expect, it } from 'vitest';
import { closeLoopbackLinks, loopbackLink, type LoopbackLink } from './helpers/loopback-link.js';

// A burst of writes made by one synchronous run of code leaves in one writev() once it returns
// (src/connect/stream-link.ts, ADR 0299), instead of a syscall (and on TLS a record) per write.

afterEach(closeLoopbackLinks);

const link = (): Promise<LoopbackLink> => loopbackLink(false);

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function receivedAll(loopback: LoopbackLink, bytes: number): Promise<Buffer> {
  while (loopback.received().length < bytes) await nextTurn();
  return loopback.received();
}

describe('stream link: the writes of one synchronous burst leave together', () => {
  it('holds a burst of writes until the code making it returns, then sends all of it, in order', async () => {
    const loopback = await link();
    await loopback.resume();
    const items = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, '0')}:`.padEnd(64, '.'));
    const answers = items.map((item) => loopback.link.writeNow!(item));
    expect(answers.every((answer) => answer === 64)).toBe(true);
    expect(loopback.client.writableLength, 'nothing has left yet: one writev() at the end of the run').toBe(6400);
    await nextTurn();
    expect(loopback.client.writableLength).toBe(0);
    expect((await receivedAll(loopback, 6400)).toString()).toBe(items.join(''));
  });

  it('has sent a write by the time an await of it resumes, so exiting right after loses nothing', async () => {
    const loopback = await link();
    await loopback.resume();
    for (let i = 0; i < 10; i += 1) {
      expect(await loopback.link.write(`${i}`)).toBe(1);
      expect(loopback.client.writableLength, 'nothing is left in the socket once write() resolved').toBe(0);
    }
    const burst = await Promise.all(['a', 'b', 'c'].map((item) => loopback.link.write(item)));
    expect(burst).toEqual([1, 1, 1]);
    expect(loopback.client.writableLength).toBe(0);
    expect((await receivedAll(loopback, 13)).toString()).toBe('0123456789abc');
  });

  it('sends a lone write before the event loop polls again, so a round trip waits for nothing', async () => {
    const loopback = await link();
    await loopback.resume();
    loopback.link.writeNow!('ping');
    await new Promise((resolve) => process.nextTick(resolve));
    await Promise.resolve();
    expect(loopback.client.writableLength).toBe(0);
    expect((await receivedAll(loopback, 4)).toString()).toBe('ping');
  });
});
