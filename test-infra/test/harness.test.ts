// The programmatic harness: starts a subset, restarts keeping data, and leaves nothing behind.
import fs from 'node:fs';
import amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isAlive, isListening, parseServiceList, serviceUrl, startServices } from '../src/index.js';
import { eventually, unique } from './helpers.js';

describe('startServices', () => {
  it('starts mqtt + nats and, once stopped, no port listens and no PID is alive', { timeout: 60_000 }, async () => {
    const harness = await startServices({ only: ['mqtt', 'nats'] });
    const ports = harness.names.flatMap((n) => harness.ports(n));
    const pids = harness.names.flatMap((n) => harness.pids(n));
    try {
      expect(harness.names).toEqual(['mqtt', 'nats']);
      expect(Object.keys(harness.env).sort()).toEqual([
        'OMNIDIAL_TEST_CA',
        'OMNIDIAL_TEST_CONTROL_URL',
        'OMNIDIAL_TEST_MQTT_TLS_URL',
        'OMNIDIAL_TEST_MQTT_URL',
        'OMNIDIAL_TEST_NATS_TLS_URL',
        'OMNIDIAL_TEST_NATS_URL',
      ]);
      expect(harness.env.OMNIDIAL_TEST_MQTT_URL).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
      expect(harness.env.OMNIDIAL_TEST_NATS_URL).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
      // mosquitto; nats-server and its TLS-only sibling.
      expect(pids.length).toBe(3);
      for (const pid of pids) expect(isAlive(pid)).toBe(true);
      for (const port of ports) expect(await isListening(port)).toBe(true);
      // A second harness side by side gets other ports.
      if (process.env.OMNIDIAL_TEST_MQTT_URL) expect(harness.env.OMNIDIAL_TEST_MQTT_URL).not.toBe(serviceUrl('mqtt'));
    } finally {
      await harness.stop();
    }
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    for (const port of ports) expect(await isListening(port)).toBe(false);
    expect(fs.existsSync(harness.baseDir)).toBe(false);
  });

  it(
    'a cluster node is SIGKILLed and started again on its port; the default list has no cluster',
    { timeout: 120_000 },
    async () => {
      expect(parseServiceList(undefined)).not.toContain('nats-cluster');
      const harness = await startServices({ only: ['nats-cluster'], control: false });
      try {
        const ports = harness.nodePorts('nats-cluster');
        expect(ports).toHaveLength(3);
        expect(harness.env.OMNIDIAL_TEST_NATS_CLUSTER_URL).toBe(
          `nats://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`,
        );
        const before = harness.pids('nats-cluster');
        expect(before).toHaveLength(3);
        await harness.killNode('nats-cluster', 1);
        expect(await isListening(ports[1]!)).toBe(false);
        expect(await isListening(ports[0]!)).toBe(true);
        expect(harness.pids('nats-cluster')).toHaveLength(2);
        await harness.startNode('nats-cluster', 1);
        expect(await isListening(ports[1]!)).toBe(true);
        const after = harness.pids('nats-cluster');
        expect(after).toHaveLength(3);
        expect(after).not.toContain(before[1]);
      } finally {
        await harness.stop();
      }
    },
  );

  it('restart keeps the port and the data: a durable AMQP queue keeps its message', { timeout: 120_000 }, async () => {
    const harness = await startServices({ only: ['amqp'], control: false });
    try {
      const url = harness.env.OMNIDIAL_TEST_AMQP_URL ?? '';
      const queue = unique('durable');
      const first = await amqp.connect(url);
      first.on('error', () => undefined);
      const channel = await first.createConfirmChannel();
      await channel.assertQueue(queue, { durable: true });
      channel.sendToQueue(queue, Buffer.from('persisted'), { persistent: true });
      await channel.waitForConfirms();
      await first.close();
      const oldPids = harness.pids('amqp');

      await harness.restart('amqp');
      expect(harness.env.OMNIDIAL_TEST_AMQP_URL).toBe(url);
      expect(harness.pids('amqp')).not.toEqual(oldPids);
      for (const pid of oldPids) await eventually(() => !isAlive(pid));

      const second = await amqp.connect(url);
      try {
        const ch = await second.createChannel();
        const msg = await ch.get(queue, { noAck: true });
        expect(msg && msg.content.toString()).toBe('persisted');
      } finally {
        await second.close();
      }
    } finally {
      await harness.stop();
    }
  });

  it('a Kafka that counts as ready serves consumer groups at once', { timeout: 180_000 }, async () => {
    const harness = await startServices({ only: ['kafka'], control: false });
    const broker = new URL(harness.env.OMNIDIAL_TEST_KAFKA_URL!).host;
    const kafka = new Kafka({
      clientId: 'omnidial-test',
      brokers: [broker],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      // A fresh broker answers COORDINATOR_NOT_AVAILABLE until its offsets topic exists.
      const { groups } = await admin.describeGroups([unique('group')]);
      expect(groups[0]?.state).toBe('Dead'); // an unknown group, described by its coordinator
    } finally {
      await admin.disconnect();
      await harness.stop();
    }
  });

  it('rejects unknown service names', () => {
    expect(() => parseServiceList('mqtt,redis')).toThrow(/unknown service\(s\): redis/);
    expect(parseServiceList('nats, mqtt')).toEqual(['mqtt', 'nats']);
    expect(parseServiceList(undefined)).toHaveLength(8);
  });

  it('serviceUrl explains how to run when its variable is missing', () => {
    const saved = process.env.OMNIDIAL_TEST_SOCKS5_URL;
    delete process.env.OMNIDIAL_TEST_SOCKS5_URL;
    try {
      expect(() => serviceUrl('socks5')).toThrow(/OMNIDIAL_TEST_SOCKS5_URL is not set.*pnpm with-services/);
    } finally {
      if (saved !== undefined) process.env.OMNIDIAL_TEST_SOCKS5_URL = saved;
    }
  });
});
