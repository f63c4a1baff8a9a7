/**
 * NATS (nats-server from test-infra): publish→consume throughput of 100k small messages and
 * publish→own-echo round-trip latency, through omnidial and through `@nats-io/transport-node`.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { dial, Registry } from '@omnidial/core';
import { natsDriver } from '@omnidial/mq-nats';
import { ENV_VARS, type ServiceName } from '@omnidial/test-infra/types';
import { ALTERNATION_NOTE, brokerRows, type BrokerThroughput } from './lib/broker.js';
import { idle, omnidialFlood, summarize, type MessagingResult } from './lib/messaging.js';
import { connectionEcho, type EchoSide } from './lib/round-trips.js';
import { scaled } from './lib/stats.js';
import { withService } from './lib/services.js';
import type { BenchSection } from './lib/types.js';
import { flatText } from './lib/payload.js';

/** The test servers this section starts (run.ts runs the sections that start none first). */
export const services: readonly ServiceName[] = ['nats'];

const COUNT = scaled(100_000);
const ROUNDS = scaled(2_000);
const WINDOW = Math.min(1_000, COUNT);
const PAYLOAD = flatText('x'.repeat(64));

const subject = (what: string): string => `bench.${what}.${process.pid}.${Date.now()}`;

/** Raw publish→consume; `iterate`: consumed with `for await` instead of a callback. */
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
  await Promise.all([sub.close(), pub.close()]);
  if (sink === 0) throw new Error('raw nats: nothing decoded');
  return summarize(COUNT, received, seconds);
}

/** A raw connection that publishes and waits for its own message to come back. */
async function rawEcho(url: string): Promise<EchoSide> {
  const conn = await connect({ servers: url.replace('nats://', '') });
  const echo = subject('raw_rtt');
  let resolveEcho: (text: string) => void = () => undefined;
  conn.subscribe(echo, { callback: (_e, m) => resolveEcho(m.string()) });
  await conn.flush();
  return {
    trip: () => {
      const back = new Promise<string>((resolve) => {
        resolveEcho = resolve;
      });
      conn.publish(echo, PAYLOAD);
      return back;
    },
    close: () => conn.close(),
  };
}

/** The same through omnidial: `write()` then `read()` on a connection that receives what it publishes. */
async function omnidialEcho(url: string): Promise<EchoSide> {
  const registry = new Registry().register(natsDriver);
  return connectionEcho(await dial(`${url}?topic=${subject('omni_rtt')}`, { registry }), PAYLOAD);
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
  await Promise.all([reader.close(), writer.close()]);
  return summarize(COUNT, received, seconds);
}

/** The server withService('nats') started (the variables are inherited by the flood processes). */
const serverUrl = (): string => process.env[ENV_VARS.nats]!;

/** The throughput variants, each run in a process of its own (lib/broker.ts). */
export const floods: BrokerThroughput = {
  raw: () => rawRun(serverUrl()),
  rawAsync: () => rawRun(serverUrl(), true),
  omni: () => omnidialRun(serverUrl(), false),
  many: () => omnidialRun(serverUrl(), true),
};

/** Runs the NATS benchmark; see the module comment. */
export function run(): Promise<BenchSection> {
  return withService('nats', measure);
}

async function measure(url: string): Promise<BenchSection> {
  const rows = await brokerRows({
    count: COUNT,
    rounds: ROUNDS,
    payloadBytes: PAYLOAD.length,
    module: import.meta.url,
    floods,
    echo: { raw: () => rawEcho(url), omni: () => omnidialEcho(url) },
  });
  return {
    title: 'NATS (nats://, core NATS)',
    baseline: 'raw @nats-io/transport-node 3.4',
    rows,
    notes: [
      `Throughput: one connection publishes in windows of ${WINDOW} (yielding to I/O after each, both sides), another consumes with read() / readMany() (omnidial) or a subscription callback that decodes each payload to a string (raw; in the async iterator row the raw subscription is read with \`for await\`); the clock stops at the last message. Both sides start from the same string and encode it per message, as a bot writing JSON does.`,
      'Round trip: one connection publishes and waits for its own message to come back through the server (the raw one decodes it to a string, as read() does); raw and omnidial round trips run interleaved, one each per round, the order rotated each round (lib/round-trips.ts).',
      ALTERNATION_NOTE,
    ],
  };
}
