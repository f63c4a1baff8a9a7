import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { Registry } from 'prom-client';
import { dial, type Connection } from 'omnidial';
import { waitFor } from '@omnidial/core/conformance';
import { collectOmnidialMetrics, type OmnidialMetrics } from '../prometheus/metrics.js';
import { serveMetrics, type MetricsServer } from '../prometheus/server.js';

const examples = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'Pr0m3theus-S3cret';
const cleanup: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

/** A real ws server: the first connection gets `first` messages and is then dropped; later ones get `later` and stay. */
async function droppingServer(first: number, later: number): Promise<{ url: string; connections: () => number }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  let connections = 0;
  server.on('connection', (socket: WebSocket) => {
    connections += 1;
    const count = connections === 1 ? first : later;
    for (let i = 0; i < count; i += 1) socket.send(`c${connections}-m${i}`);
    if (connections === 1) socket.send('last', () => setTimeout(() => socket.terminate(), 100));
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as { port: number };
  return { url: `ws://alice:${SECRET}@127.0.0.1:${port}/feed`, connections: () => connections };
}

/** Scrapes `/metrics` over HTTP and returns the value of one series (labels matched as a substring). */
async function scrape(
  endpoint: MetricsServer,
): Promise<{ text: string; value(series: string, labels?: string): number | undefined }> {
  const response = await fetch(endpoint.url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  return {
    text,
    value(series, labels = '') {
      const line = text.split('\n').find((l) => l.startsWith(`${series}{`) && l.includes(labels));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
    },
  };
}

describe('examples/prometheus', () => {
  it('exports connections, reconnects, drops, queue depth and read latency from a server that drops the link', async () => {
    const registry = new Registry();
    const metrics: OmnidialMetrics = collectOmnidialMetrics(registry);
    cleanup.push(() => metrics.stop());
    const endpoint = await serveMetrics(registry, 0);
    cleanup.push(() => endpoint.close());
    const server = await droppingServer(9, 3);

    // qsize=5 and nobody reading: of 10 + 3 messages, 8 are dropped and 5 stay queued.
    const conn: Connection = await dial(`${server.url}|reconnect=true&interval=100&qsize=5`);
    cleanup.push(() => conn.close());
    await waitFor(
      () => conn.stats().reconnects === 1 && conn.stats().received === 13,
      20_000,
      'the drop, the re-dial and 13 messages',
    );
    expect(await conn.read()).toBe('c1-m8');
    expect(await conn.read()).toBe('last');

    const up = await scrape(endpoint);
    const address = 'address="ws://alice:***@127.0.0.1:';
    expect(up.text).toContain(address);
    expect(up.text).not.toContain(SECRET);
    expect(up.value('omnidial_connections_open', address)).toBe(1);
    expect(up.value('omnidial_connects_total', address)).toBe(2);
    expect(up.value('omnidial_dial_attempts_total', address)).toBe(2);
    expect(up.value('omnidial_reconnects_total', address)).toBe(1);
    expect(up.value('omnidial_reconnect_attempt', address)).toBe(1);
    expect(up.value('omnidial_reconnect_delay_seconds', address)).toBe(0.1);
    expect(up.value('omnidial_disconnects_total', 'reason="lost"')).toBe(1);
    expect(up.value('omnidial_errors_total', 'code="Unavailable"')).toBe(1);
    expect(up.value('omnidial_received_messages_total', address)).toBe(13);
    expect(up.value('omnidial_dropped_messages_total', address)).toBe(8);
    expect(up.value('omnidial_queue_depth', address)).toBe(3);
    expect(up.value('omnidial_read_latency_seconds_count', address)).toBe(2);
    expect(up.value('omnidial_read_latency_seconds_sum', address)).toBeGreaterThan(0);

    await conn.close();
    const down = await scrape(endpoint);
    expect(down.value('omnidial_connections_open', address)).toBe(0);
    expect(down.value('omnidial_disconnects_total', 'reason="closed"')).toBe(1);
    expect(down.value('omnidial_queue_depth', address)).toBe(0);
    expect(server.connections()).toBe(2);
  });

  it('answers 404 off /metrics', async () => {
    const endpoint = await serveMetrics(new Registry(), 0);
    cleanup.push(() => endpoint.close());
    expect((await fetch(endpoint.url.replace('/metrics', '/'))).status).toBe(404);
  });

  it('main.ts runs against its dropping feed and prints the scraped series', async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        'prometheus/main.ts',
        '--seconds',
        '4',
        '--port',
        '0',
        '--drop-every',
        '1000',
      ],
      {
        cwd: examples,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const reconnects = /^omnidial_reconnects_total\{[^}]*\} (\d+)$/m.exec(stdout);
    expect(reconnects, stdout).not.toBeNull();
    expect(Number(reconnects![1])).toBeGreaterThanOrEqual(1);
    expect(stdout).toMatch(/^omnidial_read_latency_seconds_count\{[^}]*\} [1-9]\d*$/m);
    expect(stdout).toMatch(/^omnidial_connections_open\{[^}]*\} [01]$/m);
  }, 60_000);
});
