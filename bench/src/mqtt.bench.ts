/**
 * MQTT (mosquitto from test-infra): publish→consume throughput of 100k small QoS 0 messages and
 * publish→own-echo round-trip latency, through omnidial and through the raw `mqtt` client.
 */
import { connectAsync, type MqttClient } from 'mqtt';
import { dial, Registry } from '@omnidial/core';
import { mqttDriver } from '@omnidial/mq-mqtt';
import { ENV_VARS, type ServiceName } from '@omnidial/test-infra/types';
import { ALTERNATION_NOTE, brokerRows, type BrokerThroughput } from './lib/broker.js';
import { idle, omnidialFlood, summarize, type MessagingResult } from './lib/messaging.js';
import { connectionEcho, type EchoSide } from './lib/round-trips.js';
import { scaled } from './lib/stats.js';
import { withService } from './lib/services.js';
import type { BenchSection } from './lib/types.js';
import { flatText, repeatCall } from './lib/payload.js';

/** The test servers this section starts (run.ts runs the sections that start none first). */
export const services: readonly ServiceName[] = ['mqtt'];

const COUNT = scaled(100_000);
const ROUNDS = scaled(2_000);
const WINDOW = Math.min(1_000, COUNT);
const PAYLOAD = flatText('x'.repeat(64));

const topic = (what: string): string => `bench_${what}_${process.pid}_${Date.now()}`;

async function rawClient(url: string): Promise<MqttClient> {
  return connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0 });
}

function publish(client: MqttClient, t: string, payload: string): Promise<void> {
  return new Promise((resolve, reject) => client.publish(t, payload, { qos: 0 }, (e) => (e ? reject(e) : resolve())));
}

async function rawRun(url: string): Promise<MessagingResult> {
  const t = topic('raw');
  const [sub, pub] = await Promise.all([rawClient(url), rawClient(url)]);
  await sub.subscribeAsync(t, { qos: 0 });
  let received = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  // Decoded to a string, as omnidial's read() hands it over.
  let sink = 0;
  sub.on('message', (_t, payload: Buffer) => {
    sink += payload.toString().length;
    if (++received === COUNT) done();
  });
  const start = performance.now();
  for (let i = 0; i < COUNT; i += WINDOW)
    await Promise.all(repeatCall(Math.min(WINDOW, COUNT - i), () => publish(pub, t, PAYLOAD)));
  await Promise.race([finished, idle(() => received, 1000)]);
  const seconds = (performance.now() - start) / 1000;
  await Promise.all([sub.endAsync(), pub.endAsync()]);
  if (sink === 0) throw new Error('raw mqtt: nothing decoded');
  return summarize(COUNT, received, seconds);
}

/** A raw client that publishes and waits for its own message to come back, decoded. */
async function rawEcho(url: string): Promise<EchoSide> {
  const client = await rawClient(url);
  const echo = topic('raw_rtt');
  await client.subscribeAsync(echo, { qos: 0 });
  return {
    trip: async () => {
      const back = new Promise<string>((resolve) =>
        client.once('message', (_t, payload: Buffer) => resolve(payload.toString())),
      );
      await publish(client, echo, PAYLOAD);
      return back;
    },
    close: () => client.endAsync(),
  };
}

/** The same through omnidial: `write()` then `read()` on a connection that receives what it publishes. */
async function omnidialEcho(url: string): Promise<EchoSide> {
  const registry = new Registry().register(mqttDriver);
  return connectionEcho(await dial(`${url}?topic=${topic('omni_rtt')}`, { registry }), PAYLOAD);
}

async function omnidialRun(url: string, batch: boolean): Promise<MessagingResult> {
  const registry = new Registry().register(mqttDriver);
  const t = topic('omni');
  const reader = await dial(`${url}?topic=${t}|qsize=${COUNT}`, { registry });
  const writer = await dial(`${url}?topic=${t}&echo=false`, { registry });
  const { received, seconds } = await omnidialFlood(reader, writer, {
    count: COUNT,
    window: WINDOW,
    payload: PAYLOAD,
    readTimeoutMs: 1000,
    batch,
  });
  await Promise.all([reader.close(), writer.close()]);
  return summarize(COUNT, received, seconds);
}

/** The server withService('mqtt') started (the variables are inherited by the flood processes). */
const serverUrl = (): string => process.env[ENV_VARS.mqtt]!;

/** The throughput variants, each run in a process of its own (lib/broker.ts). */
export const floods: BrokerThroughput = {
  raw: () => rawRun(serverUrl()),
  omni: () => omnidialRun(serverUrl(), false),
  many: () => omnidialRun(serverUrl(), true),
};

/** Runs the MQTT benchmark; see the module comment. */
export function run(): Promise<BenchSection> {
  return withService('mqtt', measure);
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
    title: 'MQTT (mqtt://, mosquitto, QoS 0)',
    baseline: 'raw mqtt 5.16',
    rows,
    notes: [
      `Throughput: one connection publishes (${WINDOW} writes in flight), another consumes with read() / readMany() (omnidial) or the \`message\` event decoding each payload to a string (raw); the clock stops at the last message (QoS 0: the broker may drop some, counted as lost).`,
      'Round trip: one connection publishes and waits for its own message to come back through the broker (the raw one decodes it to a string, as read() does); raw and omnidial round trips run interleaved, one each per round, the order rotated each round (lib/round-trips.ts).',
      ALTERNATION_NOTE,
    ],
  };
}
