/**
 * MQTT (mosquitto from test-infra): publish→consume throughput of 100k small QoS 0 messages and
 * publish→own-echo round-trip latency, through omnidial and through the raw `mqtt` client.
 */
import { connectAsync, type MqttClient } from 'mqtt';
import { dial, Registry } from '@omnidial/core';
import { mqttDriver } from '@omnidial/mq-mqtt';
import { num } from './lib/format.js';
import { idle, omnidialFlood, omnidialRoundTrips, summarize, type MessagingResult } from './lib/messaging.js';
import type { BenchSection } from './lib/types.js';

const COUNT = 100_000;
const ROUNDS = 2_000;
const WINDOW = 1_000;
const PAYLOAD = 'x'.repeat(64);

function brokerUrl(): string {
  const url = process.env.OMNIDIAL_TEST_MQTT_URL;
  if (!url) throw new Error('OMNIDIAL_TEST_MQTT_URL is not set: run through `pnpm with-services -- tsx bench/run.ts mqtt`');
  return url;
}

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
  const finished = new Promise<void>((resolve) => { done = resolve; });
  sub.on('message', () => { if (++received === COUNT) done(); });
  const start = performance.now();
  for (let i = 0; i < COUNT; i += WINDOW) await Promise.all(Array.from({ length: Math.min(WINDOW, COUNT - i) }, () => publish(pub, t, PAYLOAD)));
  await Promise.race([finished, idle(() => received)]);
  const seconds = (performance.now() - start) / 1000;
  const rtt: number[] = [];
  const echo = topic('raw_rtt');
  await pub.subscribeAsync(echo, { qos: 0 });
  for (let i = 0; i < ROUNDS; i += 1) {
    const t0 = performance.now();
    const back = new Promise<void>((resolve) => pub.once('message', () => resolve()));
    await publish(pub, echo, PAYLOAD);
    await back;
    rtt.push(performance.now() - t0);
  }
  await Promise.all([sub.endAsync(), pub.endAsync()]);
  return summarize(COUNT, received, seconds, rtt);
}

async function omnidialRun(url: string): Promise<MessagingResult> {
  const registry = new Registry().register(mqttDriver);
  const t = topic('omni');
  const reader = await dial(`${url}?topic=${t}|qsize=${COUNT}`, { registry });
  const writer = await dial(`${url}?topic=${t}&echo=false`, { registry });
  const { received, seconds } = await omnidialFlood(reader, writer, { count: COUNT, window: WINDOW, payload: PAYLOAD, readTimeoutMs: 3000 });
  const echo = await dial(`${url}?topic=${topic('omni_rtt')}`, { registry });
  const rtt = await omnidialRoundTrips(echo, PAYLOAD, ROUNDS);
  await Promise.all([reader.close(), writer.close(), echo.close()]);
  return summarize(COUNT, received, seconds, rtt);
}

/** Runs the MQTT benchmark; see the module comment. */
export async function run(): Promise<BenchSection> {
  const url = brokerUrl();
  await rawRun(url); // warm-up
  const raw = await rawRun(url);
  const omni = await omnidialRun(url);
  return {
    title: 'MQTT (mqtt://, mosquitto, QoS 0)',
    rows: [
      ['measure', 'raw mqtt 5.16', 'omnidial', 'ratio'],
      [`throughput, ${num(COUNT)} × ${PAYLOAD.length} B publish→consume (msg/s)`, num(raw.rate), num(omni.rate), `${(omni.rate / raw.rate).toFixed(2)}×`],
      ['messages lost by the broker', num(raw.lost), num(omni.lost), ''],
      [`round trip p50 (ms, ${num(ROUNDS)} rounds)`, raw.p50.toFixed(3), omni.p50.toFixed(3), `${(raw.p50 / omni.p50).toFixed(2)}×`],
      ['round trip p99 (ms)', raw.p99.toFixed(3), omni.p99.toFixed(3), `${(raw.p99 / omni.p99).toFixed(2)}×`],
    ],
    notes: [
      'Throughput: one connection publishes (1000 writes in flight), another consumes with read() (omnidial) or the `message` event (raw); the clock stops at the last message.',
      'Round trip: one connection publishes and waits for its own message to come back through the broker.',
      'Ratios are omnidial relative to raw (higher is better, target ≥ 0.95×).',
    ],
  };
}
