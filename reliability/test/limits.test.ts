import { describe, expect, it } from 'vitest';
import { runProbe } from '../src/child.js';

describe('limits (each measured in a child process)', () => {
  it('a 1 GiB gzip bomb over ws is rejected at maxMessage with RSS under 100 MB', async () => {
    const r = await runProbe('bomb', { MAX_MESSAGE: String(8 * 1024 * 1024) });
    console.info(`[reliability] bomb: ${JSON.stringify(r)}`);
    expect(r.code).toBe('ResourceExhausted');
    expect(r.delivered).toBe(0);
    // The probe process itself starts at ~80-90 MB (tsx + ws + building the bomb): the bomb may add
    // at most the 8 MiB cap plus slack on top of that baseline.
    expect((r.peakRssMb as number) - (r.baselineMb as number)).toBeLessThan(100);
  }, 300_000);

  it.each(['qsize=1000', 'qbytes=1048576'])('the receive queue holds its cap (%s) under a 10x flood, RSS bounded', async (queue) => {
    const r = await runProbe('flood', { QUEUE: queue, FLOOD: '10000', SIZE: '10240' });
    console.info(`[reliability] flood ${queue}: ${JSON.stringify(r)}`);
    expect(r.received).toBe(10_000);
    if (queue.startsWith('qsize')) expect(r.queued).toBe(1000);
    else expect(r.queuedMb as number).toBeLessThanOrEqual(1.1);
    // What stays after a full GC is the queue (≈ 10 MB); the transient peak is 100 MB of garbage awaiting GC.
    expect(r.heapHeldAfterGcMb as number).toBeLessThan(40);
    expect((r.peakRssMb as number) - (r.baselineMb as number)).toBeLessThan(250);
  }, 300_000);

  it('write() to a tcp peer that does not read waits instead of buffering without bound', async () => {
    const r = await runProbe('backpressure', { SECONDS: '4', TIMEOUTS: '50' });
    console.info(`[reliability] back-pressure: ${JSON.stringify(r)}`);
    expect(r.acceptedMb as number).toBeLessThan(64);
    expect((r.peakRssMb as number) - (r.baselineMb as number)).toBeLessThan(100);
    expect(r.timeouts).toBe(50);
  }, 120_000);
});
