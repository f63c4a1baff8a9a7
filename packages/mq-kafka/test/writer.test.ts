import { afterEach, describe, expect, it, vi } from 'vitest';
import { Producer } from '@platformatic/kafka';
import { BatchFailure } from '@omnidial/core/driver';
import { requireService, uniqueName } from '@omnidial/test-infra/vitest';
import { BatchWriter } from '../src/writer.js';

vi.setConfig({ testTimeout: 60_000 });
const url = requireService('kafka');
const producers: Producer[] = [];
afterEach(async () => {
  await Promise.allSettled(producers.splice(0).map((p) => p.close(true)));
});

/** A producer on a fresh topic, and a writer for it. */
async function writer(): Promise<BatchWriter> {
  const topic = uniqueName('writer');
  const producer = new Producer({
    clientId: 'writer-test',
    bootstrapBrokers: url!.replace('kafka://', '').split(','),
    autocreateTopics: true,
  });
  producers.push(producer);
  await producer.metadata({ topics: [topic], autocreateTopics: true });
  return new BatchWriter(producer, topic, -1);
}

const values = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => Buffer.from(`v${i}`));

describe.runIf(url !== undefined)('kafka BatchWriter.writeAll (writeMany)', () => {
  it('resolves once the broker has every value, across several produce requests', async () => {
    await expect((await writer()).writeAll(values(2_500))).resolves.toBeUndefined();
  });

  it('a request that fails names its first value: the sent request succeeds, the pending one fails', async () => {
    const w = await writer();
    // 1 000 values fill one request, which leaves at once; the other 500 wait for this turn to end.
    const writing = w.writeAll(values(1_500)).then(
      () => undefined,
      (error: unknown) => error,
    );
    const reason = new Error('link lost');
    w.fail(reason);
    const failure = await writing;
    expect(failure).toBeInstanceOf(BatchFailure);
    expect(failure).toMatchObject({ index: 1_000, cause: reason });
  });

  it('fills the request that write() calls of this turn opened first, then names the first value of the failed one', async () => {
    const w = await writer();
    // 400 writes open a request; writeAll's first 600 values fill it to 1 000 (it leaves), the
    // other 900 wait in the next one, which fails.
    const written = Promise.all(values(400).map((value) => w.write(value)));
    const writing = w.writeAll(values(1_500)).catch((error: unknown) => error);
    const reason = new Error('link lost');
    w.fail(reason);
    await expect(written).resolves.toHaveLength(400);
    expect(await writing).toMatchObject({ index: 600, cause: reason });
  });

  it('names value 0 when the first request fails', async () => {
    const w = await writer();
    const writing = w.writeAll(values(3)).catch((error: unknown) => error);
    w.fail(new Error('gone'));
    expect(await writing).toMatchObject({ index: 0 });
  });
});
