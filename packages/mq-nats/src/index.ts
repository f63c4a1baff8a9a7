/**
 * `@omnidial/mq-nats`: `nats://` (core NATS and JetStream) for omnidial. Importing the package
 * registers the driver in the default registry; tests register {@link natsDriver} in a fresh `Registry`.
 * @module @omnidial/mq-nats
 * @packageDocumentation
 */
import { defaultRegistry } from '@omnidial/core/driver';
import { natsDriver } from './driver.js';

defaultRegistry.register(natsDriver);

export { natsDriver, NATS_OPTIONS, isWildcardSubject, type JetStreamSettings, type NatsEndpoint } from './driver.js';
