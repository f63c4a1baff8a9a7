/**
 * `@omnidial/mq-kafka`: `kafka://` for omnidial. Importing it registers the driver in the
 * default registry.
 * @module @omnidial/mq-kafka
 * @packageDocumentation
 */
import { defaultRegistry } from '@omnidial/core/driver';
import { kafkaDriver } from './driver.js';

defaultRegistry.register(kafkaDriver);

export { kafkaDriver };
export { parseKafka, type KafkaEndpoint, type KafkaSasl, type StartFrom } from './address.js';
