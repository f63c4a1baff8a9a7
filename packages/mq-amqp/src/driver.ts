import type { Connector, Driver } from '@omnidial/core/driver';
import { AMQP_OPTIONS, parseAmqp, type AmqpEndpoint } from './address.js';

/**
 * The `amqp://` and `amqps://` driver (RabbitMQ and other AMQP 0-9-1 brokers). One connection
 * publishes to the address's queue or exchange and consumes from its queue; a message is
 * acknowledged only when `read()` hands it over.
 */
export const amqpDriver: Driver<AmqpEndpoint> = {
  name: 'amqp',
  packageName: '@omnidial/mq-amqp',
  schemes: ['amqp', 'amqps'],
  description: 'AMQP 0-9-1 (RabbitMQ): queues and exchanges, manual ack on read, at-least-once',
  capabilities: {
    kind: 'message',
    reconnect: true,
    acknowledgements: true,
    proxy: false,
    tls: true,
    payload: false,
    flowControl: true,
  },
  options: AMQP_OPTIONS,
  queryOptions: true,
  examples: [
    'amqp://q:admin@127.0.0.1:5672/?queue=test_Queue',
    'amqp://user:pass@host:5672/vhost?exchange=prices&routingKey=btc.usdt',
    'amqps://user:pass@host:5671/?queue=orders&durable=true|reconnect=true',
  ],
  parse: parseAmqp,
  load: (): Promise<Connector<AmqpEndpoint>> => import('./connect.js').then((m) => m.connector),
};
