import type { Connector, Driver } from '@omnidial/core/driver';
import { KAFKA_OPTIONS, parseKafka, type KafkaEndpoint } from './address.js';

/**
 * The `kafka://` driver. One connection produces to the address's topic and consumes it in a
 * consumer group (by default one unique to the connection, so every reader sees every message);
 * an offset is committed only once `read()` has handed its message over.
 */
export const kafkaDriver: Driver<KafkaEndpoint> = {
  name: 'kafka',
  packageName: '@omnidial/mq-kafka',
  schemes: ['kafka'],
  description: 'Apache Kafka: multi-broker, consumer groups, commit on read, at-least-once',
  capabilities: {
    kind: 'message',
    reconnect: true,
    acknowledgements: true,
    proxy: false,
    tls: true,
    payload: false,
    flowControl: true,
  },
  options: KAFKA_OPTIONS,
  queryOptions: true,
  examples: [
    'kafka://localhost:9092/test_topic',
    'kafka://h1:9092,h2:9092/orders?group=executors&from=earliest|reconnect=true',
  ],
  parse: parseKafka,
  load: (): Promise<Connector<KafkaEndpoint>> => import('./connect.js').then((m) => m.connector),
};
