import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import '@omnidial/transport-net';
import { dial, type Connection } from '@omnidial/core';
import { describeKill, LinkWatch, stalledSide, type KillRecord } from '../src/clusters/kill-log.js';
import { waitFor } from '../src/stats.js';

// The cluster failover record (reliability/src/clusters/failover.ts) logs what each connection went
// through per kill with LinkWatch; here a loopback server drops the link so the counts can be checked.
describe('cluster kill log', () => {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let conn: Connection | undefined;
  afterEach(async () => {
    await conn?.close();
    server.close();
  });

  it('counts the drop, the re-dial and the reconnect of a link, and its last error', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    conn = await dial(`tcp://127.0.0.1:${port}|reconnect=true&interval=50`);
    const watch = new LinkWatch(conn);
    expect(await waitFor(() => sockets.size === 1, 10_000)).toBe(true);
    for (const socket of sockets) socket.resetAndDestroy();
    expect(await waitFor(() => conn!.stats().reconnects === 1, 20_000)).toBe(true);
    const trace = watch.trace();
    expect(trace).toMatchObject({ drops: 1, reconnects: 1, state: 'open' });
    expect(trace.redials).toBeGreaterThanOrEqual(1);
    expect(trace.lastError).toMatch(/ECONNRESET|closed/);
    // Once traced, the watch stops counting.
    for (const socket of sockets) socket.resetAndDestroy();
    expect(await waitFor(() => conn!.stats().reconnects === 2, 20_000)).toBe(true);
    expect(watch.trace().drops).toBe(1);
  });

  it('names the side that stalled and writes one line per kill', () => {
    expect(stalledSide(120, 300)).toBe('none');
    expect(stalledSide(null, 300)).toBe('writer');
    expect(stalledSide(120, null)).toBe('reader');
    expect(stalledSide(null, null)).toBe('both');
    const link = { drops: 1, redials: 3, reconnects: 0, state: 'reconnecting', lastError: 'refused' };
    const kill: KillRecord = {
      cycle: 2,
      victim: 0,
      writerResumedMs: 400,
      readerResumedMs: null,
      stalled: 'reader',
      restartMs: 31_000,
      reader: link,
      writer: { ...link, reconnects: 1, state: 'open' },
    };
    expect(describeKill(kill)).toBe(
      'kill 3: node 1, writer 0.4 s, reader STALLED (state reconnecting, 1 drops, 3 re-dials, 0 reconnects, last error: refused), restart 31.0 s',
    );
    // A stalled kill also says how the writer's writes settled; a recovered one does not.
    const writes = { acknowledged: 0, zero: 12, rejected: { Timeout: 500 }, inFlightAtEnd: 500 };
    expect(describeKill({ ...kill, writes })).toMatch(
      /, writes in the window \{"acknowledged":0,"zero":12,"rejected":\{"Timeout":500\},"inFlightAtEnd":500\}$/,
    );
    expect(describeKill({ ...kill, stalled: 'none', writes })).not.toContain('writes');
  });
});
