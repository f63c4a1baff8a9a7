/**
 * Every official transport. Importing a transport package registers its schemes in the default
 * registry; the drivers are also collected here for registration in a fresh `Registry`.
 * None of these imports loads a client library: drivers load theirs on the first dial.
 */
import type { Driver, Endpoint } from '@omnidial/core/driver';
import type { Registry } from '@omnidial/core';
import { netDrivers } from '@omnidial/transport-net';
import { wsDriver } from '@omnidial/transport-ws';
import { mqttDriver } from '@omnidial/mq-mqtt';
import { natsDriver } from '@omnidial/mq-nats';
import { amqpDriver } from '@omnidial/mq-amqp';
import { kafkaDriver } from '@omnidial/mq-kafka';
import { sqliteDriver } from '@omnidial/db-sqlite';
import { mysqlDriver } from '@omnidial/db-mysql';
import { postgresDriver } from '@omnidial/db-postgres';
import { clickhouseDriver } from '@omnidial/db-clickhouse';
import { replayDriver } from '@omnidial/replay';

const all = [
  ...netDrivers,
  wsDriver,
  mqttDriver,
  natsDriver,
  amqpDriver,
  kafkaDriver,
  sqliteDriver,
  mysqlDriver,
  postgresDriver,
  clickhouseDriver,
  replayDriver,
];

/** The drivers of every official transport package, in documentation order. */
export const officialDrivers: readonly Driver<Endpoint>[] = all as unknown as readonly Driver<Endpoint>[];

/**
 * Registers every official driver in `registry` (for tests and embedders that keep their own
 * registry; `dial()` already uses the default registry, filled by importing `omnidial`).
 * Returns the registry.
 */
export function registerAll(registry: Registry): Registry {
  for (const driver of officialDrivers) registry.register(driver);
  return registry;
}
