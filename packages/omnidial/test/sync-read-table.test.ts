import { afterAll, describe, vi } from 'vitest';
import { requireService, uniqueName, uniqueTopic } from '@omnidial/test-infra/vitest';
import { startEchoPeer } from './support/echo-peer.js';
import { syncReadTable } from './support/sync-read-table.js';

// The test thread blocks in every call; the echo servers run in a child process.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const peer = await startEchoPeer();
afterAll(() => peer.stop());

describe('omnidial/sync read table (docs/design.md#receiving) on every message transport', () => {
  syncReadTable({ name: 'tcp', address: () => peer.tcp, dropsOnBye: true, echoesLater: true });
  syncReadTable({ name: 'unix', address: () => peer.unix, dropsOnBye: true, echoesLater: true });
  syncReadTable({ name: 'udp', address: () => peer.udp, echoesLater: true });
  syncReadTable({ name: 'ws', address: () => peer.ws, dropsOnBye: true, echoesLater: true });
  const mqtt = requireService('mqtt');
  if (mqtt !== undefined) syncReadTable({ name: 'mqtt', address: () => `${mqtt}?topic=${uniqueTopic()}&qos=1` });
  const nats = requireService('nats');
  if (nats !== undefined) syncReadTable({ name: 'nats', address: () => `${nats}?topic=${uniqueTopic()}` });
  const amqp = requireService('amqp');
  if (amqp !== undefined) syncReadTable({ name: 'amqp', address: () => `${amqp}?queue=${uniqueName('sync')}` });
  const kafka = requireService('kafka');
  if (kafka !== undefined)
    syncReadTable({ name: 'kafka', address: () => `${kafka}/${uniqueName('sync')}`, patienceMs: 30_000 });
});
