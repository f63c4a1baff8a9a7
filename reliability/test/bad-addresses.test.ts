import { describe, expect, it } from 'vitest';
import { Registry } from '@omnidial/core';
import '@omnidial/transport-net';
import '@omnidial/transport-ws';
import '@omnidial/mq-mqtt';
import '@omnidial/mq-nats';
import '@omnidial/mq-amqp';
import '@omnidial/mq-kafka';
import '@omnidial/db-sqlite';
import '@omnidial/db-postgres';
import '@omnidial/db-mysql';
import '@omnidial/db-clickhouse';
import { checkAddresses } from '../src/addresses.js';

const COUNT = Number(process.env.RELIABILITY_ADDRESSES ?? 50_000);

describe('bad input: generated addresses (fast-check)', () => {
  it(`${COUNT} addresses either parse or throw DialError(InvalidArgument|Unimplemented), none hangs`, () => {
    const figures = checkAddresses(COUNT, 8);
    console.info(`[reliability] addresses: ${JSON.stringify(figures)}`);
    expect(figures.wrong).toEqual([]);
    expect(figures.checked).toBe(COUNT);
    expect(figures.parsed).toBeGreaterThan(COUNT / 100);
    expect(figures.slowestMs).toBeLessThan(2000);
  }, 300_000);

  it('with no transport registered every address is rejected as Unimplemented or InvalidArgument', () => {
    const figures = checkAddresses(5_000, 9, { registry: new Registry() });
    expect(figures.wrong).toEqual([]);
    expect(figures.parsed).toBe(0);
    expect(figures.unimplemented).toBeGreaterThan(0);
  }, 120_000);
});
