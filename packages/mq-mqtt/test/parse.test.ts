import { describe, expect, it } from 'vitest';
import { prepareDial, Registry } from '@omnidial/core';
import { mqttDriver, type MqttEndpoint } from '../src/driver.js';

const registry = new Registry().register(mqttDriver);
const parse = (address: string, options: Record<string, unknown> = {}): MqttEndpoint =>
  prepareDial(address, { registry, ...options }).endpoint as MqttEndpoint;

describe('mqtt address parsing (no I/O)', () => {
  it("reads FMZ's address with the documented defaults", () => {
    const e = parse('mqtt://127.0.0.1:1883?topic=test_topic');
    expect(e).toMatchObject({
      protocol: 'mqtt',
      hosts: [{ host: '127.0.0.1', port: 1883 }],
      topic: 'test_topic',
      qos: 0,
      retain: false,
      retained: false,
      echo: true,
      clean: true,
      session: 0,
    });
    expect(e.clientId).toMatch(/^omnidial_[0-9a-f]{16}$/);
  });

  it('takes credentials, qos, clientId and retain from the query', () => {
    const e = parse('mqtts://bot:p%40ss@broker.example.com?topic=a/b&qos=1&clientId=exec-1&retain=true');
    expect(e).toMatchObject({
      protocol: 'mqtts',
      username: 'bot',
      password: 'p@ss',
      qos: 1,
      clientId: 'exec-1',
      retain: true,
      session: 300,
    });
    expect(e.hosts).toEqual([{ host: 'broker.example.com', port: 8883 }]);
    expect(e.redacted).not.toContain('p%40ss');
  });

  it('accepts the same keys after | or in the options object', () => {
    expect(parse('mqtt://h:1883|topic=t&qos=2').qos).toBe(2);
    expect(parse('mqtt://h:1883?topic=t', { qos: '1' }).qos).toBe(1);
    expect(parse('mqtt://h:1883?topic=t&qos=1|qos=1').qos).toBe(1);
  });

  it('rejects conflicts, unknown keys, a missing topic and bad values before any I/O', () => {
    expect(() => parse('mqtt://h:1883?topic=t&qos=1|qos=2')).toThrow(/both in the URL/);
    expect(() => parse('mqtt://h:1883?topic=t&qso=1')).toThrow(
      /unknown option "qso" for mqtt:\/\/; did you mean "qos"/,
    );
    expect(() => parse('mqtt://h:1883')).toThrow(/missing topic/);
    expect(() => parse('mqtt://h:1883?topic=t&qos=3')).toThrow(/qos/);
    expect(() => parse('mqtt://h:99999?topic=t')).toThrow(/bad port/);
    expect(() => parse('mqtt://h:1883/x?topic=t')).toThrow(/unexpected path/);
  });

  it('keeps MQTT wildcards in the topic literally', () => {
    expect(parse('mqtt://h?topic=sensors/+/temp').topic).toBe('sensors/+/temp');
    expect(parse('mqtt://h?topic=sensors/#').topic).toBe('sensors/#');
    expect(parse('mqtt://h?topic=sensors/%23').topic).toBe('sensors/%23'); // values are literal
  });

  it('parses several brokers', () => {
    expect(parse('mqtt://a:1883,b:1884?topic=t').hosts).toEqual([
      { host: 'a', port: 1883 },
      { host: 'b', port: 1884 },
    ]);
  });

  it('never shows the password', () => {
    const e = parse('mqtt://bot:hunter2@h:1883?topic=t');
    expect(e.redacted).toBe('mqtt://bot:***@h:1883?topic=t');
    expect(e.secrets).toContain('hunter2');
  });
});
