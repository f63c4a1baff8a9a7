import type { ServiceContext, ServiceName, ServiceSpec } from '../types.js';
import { amqpService } from './amqp.js';
import { clickhouseService } from './clickhouse.js';
import { kafkaService } from './kafka.js';
import { mqttService } from './mqtt.js';
import { mysqlService } from './mysql.js';
import { natsService } from './nats.js';
import { postgresService } from './postgres.js';
import { socks5Service } from './socks5.js';
import { kafkaClusterService } from './kafka-cluster.js';
import { natsClusterService } from './nats-cluster.js';
import { rabbitmqClusterService } from './rabbitmq-cluster.js';

/** How to build one service: how many free ports it needs and the factory. */
export interface ServiceFactory {
  readonly portCount: number;
  readonly create: (ctx: ServiceContext, ports: readonly number[]) => ServiceSpec;
}

/** Every service test-infra knows, by name. */
export const SERVICE_FACTORIES: Readonly<Record<ServiceName, ServiceFactory>> = {
  mqtt: { portCount: 2, create: mqttService },
  nats: { portCount: 2, create: natsService },
  amqp: { portCount: 4, create: amqpService },
  kafka: { portCount: 3, create: kafkaService },
  postgres: { portCount: 1, create: postgresService },
  mysql: { portCount: 1, create: mysqlService },
  clickhouse: { portCount: 2, create: clickhouseService },
  socks5: { portCount: 1, create: socks5Service },
  'nats-cluster': { portCount: 9, create: natsClusterService },
  'kafka-cluster': { portCount: 6, create: kafkaClusterService },
  'rabbitmq-cluster': { portCount: 7, create: rabbitmqClusterService },
};
