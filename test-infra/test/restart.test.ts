// stopService/startService/restartService through a control server. They run against a private
// harness so that stopping servers never disturbs test files running in parallel on the shared ones.
import mqtt from 'mqtt';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restartService, startService, startServices, stopService, type Harness } from '../src/index.js';
import { unique } from './helpers.js';

describe('restart control', () => {
  let harness: Harness;
  let controlUrl: string;
  beforeAll(async () => {
    harness = await startServices({ only: ['mqtt', 'postgres'] });
    controlUrl = harness.env.OMNIDIAL_TEST_CONTROL_URL ?? '';
  });
  afterAll(() => harness?.stop());

  it('restarts postgres on the same address; data survives', { timeout: 60_000 }, async () => {
    const url = harness.env.OMNIDIAL_TEST_POSTGRES_URL ?? '';
    const table = unique('kept').replaceAll('-', '_');
    const before = new pg.Client({ connectionString: url });
    before.on('error', () => undefined);
    await before.connect();
    await before.query(`CREATE TABLE ${table} (v text); INSERT INTO ${table} VALUES ('survives')`);
    await restartService('postgres', { controlUrl });
    await expect(before.query('SELECT 1')).rejects.toThrow(); // the restart cut the old connection
    await before.end().catch(() => undefined);
    const after = new pg.Client({ connectionString: url });
    await after.connect();
    try {
      expect((await after.query(`SELECT v FROM ${table}`)).rows).toEqual([{ v: 'survives' }]);
    } finally {
      await after.end();
    }
  });

  it('stops and starts mqtt: refused while stopped, back on the same port', { timeout: 60_000 }, async () => {
    const url = harness.env.OMNIDIAL_TEST_MQTT_URL ?? '';
    await stopService('mqtt', { controlUrl });
    await expect(mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 2000 })).rejects.toThrow();
    await startService('mqtt', { controlUrl });
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    await client.endAsync();
  });

  it('crashes mqtt with SIGKILL (no graceful stop), then starts it on the same port', { timeout: 60_000 }, async () => {
    const url = harness.env.OMNIDIAL_TEST_MQTT_URL ?? '';
    expect(await harness.killService('mqtt')).toEqual(['SIGKILL']);
    await expect(mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 2000 })).rejects.toThrow();
    await harness.startService('mqtt');
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    await client.endAsync();
  });

  it('crashes postgres with SIGKILL; it recovers its data on the next start', { timeout: 90_000 }, async () => {
    const url = harness.env.OMNIDIAL_TEST_POSTGRES_URL ?? '';
    const table = unique('crash').replaceAll('-', '_');
    const before = new pg.Client({ connectionString: url });
    before.on('error', () => undefined);
    await before.connect();
    await before.query(`CREATE TABLE ${table} (v text); INSERT INTO ${table} VALUES ('committed')`);
    expect(await harness.killService('postgres')).toEqual(['SIGKILL']);
    await before.end().catch(() => undefined);
    await harness.startService('postgres');
    const after = new pg.Client({ connectionString: url });
    await after.connect();
    try {
      expect((await after.query(`SELECT v FROM ${table}`)).rows).toEqual([{ v: 'committed' }]);
    } finally {
      await after.end();
    }
  });

  it('reports an unknown or foreign service as an error', async () => {
    await expect(restartService('kafka', { controlUrl })).rejects.toThrow(/not running in this harness/);
  });
});
