/**
 * NATS (nats-server from test-infra): publish→consume throughput of 100k small messages and
 * publish→own-echo round-trip latency, through omnidial and through `@nats-io/transport-node`.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { dial, Registry } from '@omnidial/core';
import { natsDriver } from '@omnidial/mq-nats';
import { ALTERNATION_NOTE, brokerRows } from './lib/broker.js';
import { idle, omnidialFlood, omnidialRoundTrips, summarize, type MessagingResult } from './lib/messaging.js';
import { scaled } from './lib/stats.js';
import type { BenchSection } from './lib/types.js';
import { flatText } from './lib/payload.js';

const COUNT = scaled(100_000);
const ROUNDS = scaled(2_000);
const WINDOW = Math.min(1_000, COUNT);
const PAYLOAD = flatText('x'.repeat(64));

function serverUrl(): string {
  const url = process.env.OMNIDIAL_TEST_NATS_URL;
  if (!url)
    throw new Error('OMNIDIAL_TEST_NATS_URL is not set: run through `pnpm with-services -- tsx bench/run.ts nats`');
  return url;
}

const subject = (what: string): string => `bench.${what}.${process.pid}.${Date.now()}`;

/** Raw publish→consume; `iterate`: consumed with `for await` instead of a callback, and no round trips. */
async function rawRun(url: string, iterate = false): Promise<MessagingResult> {
  const servers = url.replace('nats://', '');
  const [sub, pub]: [NatsConnection, NatsConnection] = await Promise.all([connect({ servers }), connect({ servers })]);
  const s = subject('raw');
  let received = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  // Decoded to a string, as omnidial's read() hands it over.
  let sink = 0;
  if (iterate) {
    const subscription = sub.subscribe(s);
    void (async () => {
      for await (const m of subscription) {
        sink += m.string().length;
        if (++received === COUNT) done();
      }
    })();
  } else {
    sub.subscribe(s, {
      callback: (_e, m) => {
        sink += m.string().length;
        if (++received === COUNT) done();
      },
    });
  }
  await sub.flush();
  const start = performance.now();
  for (let i = 0; i < COUNT; i += WINDOW) {
    for (let j = i; j < Math.min(COUNT, i + WINDOW); j += 1) pub.publish(s, PAYLOAD); // encoded per message, as omnidial's write(string) must
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.race([finished, idle(() => received, 1000)]);
  const seconds = (performance.now() - start) / 1000;
  if (iterate) {
    await Promise.all([sub.close(), pub.close()]);
    return summarize(COUNT, received, seconds, []);
  }
  const echo = subject('raw_rtt');
  let resolveEcho: () => void = () => undefined;
  pub.subscribe(echo, { callback: () => resolveEcho() });
  await pub.flush();
  const rtt: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const t0 = performance.now();
    const back = new Promise<void>((resolve) => {
      resolveEcho = resolve;
    });
    pub.publish(echo, PAYLOAD);
    await back;
    rtt.push(performance.now() - t0);
  }
  await Promise.all([sub.close(), pub.close()]);
  if (sink === 0) throw new Error('raw nats: nothing decoded');
  return summarize(COUNT, received, seconds, rtt);
}

async function omnidialRun(url: string, batch: boolean): Promise<MessagingResult> {
  const registry = new Registry().register(natsDriver);
  const s = subject('omni');
  const reader = await dial(`${url}?topic=${s}|qsize=${COUNT}`, { registry });
  const writer = await dial(`${url}?topic=${s}&echo=false`, { registry });
  // As the raw side does: yield to I/O after each window (write() resolves without I/O, so
  // without this the whole run would be published before the reader gets a turn).
  const { received, seconds } = await omnidialFlood(reader, writer, {
    count: COUNT,
    window: WINDOW,
    payload: PAYLOAD,
    readTimeoutMs: 1000,
    yieldEachWindow: true,
    batch,
  });
  const echo = await dial(`${url}?topic=${subject('omni_rtt')}`, { registry });
  const rtt = await omnidialRoundTrips(echo, PAYLOAD, ROUNDS);
  await Promise.all([reader.close(), writer.close(), echo.close()]);
  return summarize(COUNT, received, seconds, rtt);
}

/** Runs the NATS benchmark; see the module comment. */
export async function run(): Promise<BenchSection> {
  const url = serverUrl();
  const rows = await brokerRows({
    count: COUNT,
    rounds: ROUNDS,
    payloadBytes: PAYLOAD.length,
    raw: () => rawRun(url),
    rawAsync: () => rawRun(url, true),
    omni: (batch) => omnidialRun(url, batch),
  });
  return {
    title: 'NATS (nats://, core NATS)',
    baseline: 'raw @nats-io/transport-node 3.4',
    rows,
    notes: [
      `Throughput: one connection publishes in windows of ${WINDOW} (yielding to I/O after each, both sides), another consumes with read() / readMany() (omnidial) or a subscription callback that decodes each payload to a string (raw; in the async iterator row the raw subscription is read with \`for await\`); the clock stops at the last message. Both sides start from the same string and encode it per message, as a bot writing JSON does.`,
      'Round trip: one connection publishes and waits for its own message to come back through the server.',
      ALTERNATION_NOTE,
    ],
  };
}
