import { describe, expect, it } from 'vitest';
import { DEFAULT_QUEUE_BYTES } from '@omnidial/core/driver';
import { runProbe } from '../src/child.js';
import { recordSecurityFigure } from '../src/security/record.js';

const MiB = 1024 * 1024;

describe('limits (each measured in a child process)', () => {
  it('a 1 GiB gzip bomb over ws is rejected at maxMessage with RSS under 100 MB', async () => {
    const r = await runProbe('bomb', { MAX_MESSAGE: String(8 * 1024 * 1024) });
    console.info(`[reliability] bomb: ${JSON.stringify(r)}`);
    recordSecurityFigure('bombs', '1 x 1 GiB, maxMessage=8 MiB', {
      ...r,
      maxMessageMb: 8,
      qbytesMb: DEFAULT_QUEUE_BYTES / MiB,
    });
    expect(r.code).toBe('ResourceExhausted');
    expect(r.delivered).toBe(0);
    // The probe process itself starts at ~80-90 MB (tsx + ws + building the bomb): the bomb may add
    // at most the 8 MiB cap plus slack on top of that baseline.
    expect((r.peakRssMb as number) - (r.baselineMb as number)).toBeLessThan(100);
  }, 300_000);

  it('40 gzip bombs of 60 MiB each under the default caps: the unread queue holds at most qbytes plus one message', async () => {
    // Each frame is below the default maxMessage (64 MiB), so each is delivered; before the
    // default qbytes, 40 of them took a client to 2.6 GiB RSS.
    const r = await runProbe('bomb', { BOMBS: '40', BOMB_MB: '60' });
    console.info(`[reliability] 40 bombs: ${JSON.stringify(r)}`);
    recordSecurityFigure('bombs', '40 x 60 MiB, default caps', {
      ...r,
      maxMessageMb: 64,
      qbytesMb: DEFAULT_QUEUE_BYTES / MiB,
    });
    expect(r.delivered).toBe(40);
    expect(r.queuedMb as number).toBeLessThanOrEqual((DEFAULT_QUEUE_BYTES + 60 * MiB) / MiB);
    expect(r.dropped).toBeGreaterThan(0);
    // The rest of the peak is inflated frames awaiting GC: well under the 2.6 GiB of an unbounded queue.
    expect((r.peakRssMb as number) - (r.baselineMb as number)).toBeLessThan(800);
  }, 300_000);

  it.each(['qsize=1000', 'qbytes=1048576'])(
    'the receive queue holds its cap (%s) under a 10x flood, RSS bounded',
    async (queue) => {
      const r = await runProbe('flood', { QUEUE: queue, FLOOD: '10000', SIZE: '10240' });
      console.info(`[reliability] flood ${queue}: ${JSON.stringify(r)}`);
      expect(r.received).toBe(10_000);
      if (queue.startsWith('qsize')) expect(r.queued).toBe(1000);
      else expect(r.queuedMb as number).toBeLessThanOrEqual(1.1);
      // What stays after a full GC is the queue (≈ 10 MB); the transient peak is 100 MB of garbage awaiting GC.
      expect(r.heapHeldAfterGcMb as number).toBeLessThan(40);
      expect((r.peakRssMb as number) - (r.baselineMb as number)).toBeLessThan(250);
    },
    300_000,
  );

  it('write() to a tcp peer that does not read waits instead of buffering without bound', async () => {
    const r = await runProbe('backpressure', { SECONDS: '4', TIMEOUTS: '50' });
    console.info(`[reliability] back-pressure: ${JSON.stringify(r)}`);
    expect(r.acceptedMb as number).toBeLessThan(64);
    expect((r.peakRssMb as number) - (r.baselineMb as number)).toBeLessThan(100);
    expect(r.timeouts).toBe(50);
  }, 120_000);
});
