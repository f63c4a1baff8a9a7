/**
 * `@omnidial/mq-amqp`: `amqp://` and `amqps://` for omnidial. Importing it registers the
 * driver in the default registry.
 * @module @omnidial/mq-amqp
 * @packageDocumentation
 */
import { defaultRegistry } from '@omnidial/core/driver';
import { amqpDriver } from './driver.js';

defaultRegistry.register(amqpDriver);

export { amqpDriver };
export { parseAmqp, type AmqpEndpoint } from './address.js';
