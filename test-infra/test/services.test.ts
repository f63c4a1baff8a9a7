// Every server started by `pnpm with-services` answers a real client operation.
import { createClient } from '@clickhouse/client';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';
import amqp from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import mqtt from 'mqtt';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { SocksClient } from 'socks';
import { describe, expect, it } from 'vitest';
import { serviceUrl } from '../src/index.js';
import { readBytes, startEchoServer, unique } from './helpers.js';

describe('services started by with-services', () => {
  it('mqtt: publish and receive a message', async () => {
    const client = await mqtt.connectAsync(serviceUrl('mqtt'), { reconnectPeriod: 0 });
    try {
      const topic = unique('omnidial/test');
      await client.subscribeAsync(topic, { qos: 1 });
      const received = new Promise<string>((resolve) =>
        client.on('message', (_t, payload) => resolve(payload.toString())),
      );
      await client.publishAsync(topic, 'hello mqtt', { qos: 1 });
      expect(await received).toBe('hello mqtt');
    } finally {
      await client.endAsync();
    }
  });

  it('nats: publish/subscribe and a JetStream stream', async () => {
    const nc = await natsConnect({ servers: serviceUrl('nats') });
    try {
      const subject = unique('omnidial.test').replaceAll('-', '_');
      const sub = nc.subscribe(subject, { max: 1 });
      nc.publish(subject, 'hello nats');
      const got: string[] = [];
      for await (const msg of sub) got.push(msg.string());
      expect(got).toEqual(['hello nats']);

      const jsm = await jetstreamManager(nc);
      const stream = unique('S').replaceAll('-', '_');
      await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
      const ack = await jetstream(nc).publish(`${stream}.a`, 'stored');
      expect(ack.seq).toBe(1);
      const stored = await jsm.streams.getMessage(stream, { seq: 1 });
      expect(stored?.string()).toBe('stored');
      await jsm.streams.delete(stream);
    } finally {
      await nc.close();
    }
  });

  it('amqp: send to a queue and consume it', async () => {
    const connection = await amqp.connect(serviceUrl('amqp'));
    try {
      const channel = await connection.createChannel();
      const { queue } = await channel.assertQueue('', { exclusive: true });
      channel.sendToQueue(queue, Buffer.from('hello amqp'));
      const received = await new Promise<string>((resolve) => {
        void channel.consume(queue, (msg) => msg && resolve(msg.content.toString()), { noAck: true });
      });
      expect(received).toBe('hello amqp');
    } finally {
      await connection.close();
    }
  });

  it('kafka: produce to a topic and consume it', async () => {
    const broker = new URL(serviceUrl('kafka')).host;
    const kafka = new Kafka({ clientId: 'omnidial-test', brokers: [broker], logLevel: logLevel.NOTHING });
    const topic = unique('omnidial-test');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'hello kafka' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: unique('g') });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = await new Promise<string>((resolve) => {
        void consumer.run({ eachMessage: async ({ message }) => resolve(message.value?.toString() ?? '') });
      });
      expect(received).toBe('hello kafka');
    } finally {
      await consumer.disconnect();
    }
  });

  it('postgres: query as the test user in the test database', async () => {
    const client = new pg.Client({ connectionString: serviceUrl('postgres') });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT current_database() AS db, current_user AS who, 1 + 1 AS two');
      expect(rows[0]).toEqual({ db: 'omnidial', who: 'omnidial', two: 2 });
    } finally {
      await client.end();
    }
  });

  it('mysql: query as the test user in the test database', async () => {
    const connection = await mysql.createConnection(serviceUrl('mysql'));
    try {
      const [rows] = await connection.query('SELECT DATABASE() AS db, CURRENT_USER() AS who, 1 + 1 AS two');
      expect(rows).toEqual([{ db: 'omnidial', who: 'omnidial@%', two: 2 }]);
    } finally {
      await connection.end();
    }
  });

  it('clickhouse: create a table, insert and select over HTTP', async () => {
    const url = new URL(serviceUrl('clickhouse'));
    const client = createClient({
      url: `http://${url.host}`,
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
    });
    try {
      const table = unique('t').replaceAll('-', '_');
      await client.command({ query: `CREATE TABLE ${table} (id UInt32, name String) ENGINE = Memory` });
      await client.insert({ table, values: [{ id: 1, name: 'one' }], format: 'JSONEachRow' });
      const result = await client.query({ query: `SELECT id, name FROM ${table}`, format: 'JSONEachRow' });
      expect(await result.json()).toEqual([{ id: 1, name: 'one' }]);
      await client.command({ query: `DROP TABLE ${table}` });
    } finally {
      await client.close();
    }
  });

  it('socks5: tunnel a TCP connection with username/password auth, refuse a wrong password', async () => {
    const url = new URL(serviceUrl('socks5'));
    const echo = await startEchoServer();
    const proxy = {
      host: url.hostname,
      port: Number(url.port),
      type: 5 as const,
      userId: url.username,
      password: url.password,
    };
    const destination = { host: '127.0.0.1', port: echo.port };
    try {
      const { socket } = await SocksClient.createConnection({ proxy, command: 'connect', destination });
      socket.write('ping through socks');
      expect((await readBytes(socket, 18)).toString()).toBe('ping through socks');
      socket.destroy();
      await expect(
        SocksClient.createConnection({
          proxy: { ...proxy, password: 'wrong' },
          command: 'connect',
          destination,
          timeout: 3000,
        }),
      ).rejects.toThrow();
    } finally {
      await echo.close();
    }
  });
});

describe('restart control of with-services', () => {
  it('lists the running services with their PIDs (restarts are tested on a private harness)', async () => {
    const response = await fetch(`${process.env.OMNIDIAL_TEST_CONTROL_URL}/services`);
    const services = (await response.json()) as Array<{ name: string; url: string; pids: number[] }>;
    const postgres = services.find((s) => s.name === 'postgres');
    expect(postgres?.url).toBe(serviceUrl('postgres'));
    expect(postgres?.pids.length).toBeGreaterThan(0);
  });
});
