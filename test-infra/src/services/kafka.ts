import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { probeKafka } from '../probe/broker.js';
import { execFileAsync, writeFile } from '../system.js';
import type { ServiceContext, ServiceSpec } from '../types.js';

/** Where setup.sh puts the Kafka jars (see test-infra/kafka/pom.xml). */
export function kafkaLibDir(infraDir: string): string {
  return path.join(infraDir, '.cache', 'kafka', 'lib');
}

/**
 * Apache Kafka 3.9 in KRaft mode, one JVM acting as broker and controller. Jars come from
 * Maven Central (setup.sh); the log dir is formatted with `kafka.tools.StorageTool` once.
 */
export function kafkaService(ctx: ServiceContext, [port, controllerPort]: readonly number[]): ServiceSpec {
  if (port === undefined || controllerPort === undefined) throw new Error('kafka needs two ports');
  const lib = kafkaLibDir(ctx.infraDir);
  const classpath = `${lib}/*`;
  const properties = path.join(ctx.dir, 'server.properties');
  const log4j = path.join(ctx.dir, 'log4j.properties');
  const jvm = [
    '-Xms256m',
    '-Xmx1g',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${log4j}`,
    `-Dkafka.logs.dir=${path.join(ctx.dir, 'logs')}`,
    '-cp',
    classpath,
  ];
  return {
    name: 'kafka',
    url: `kafka://127.0.0.1:${port}`,
    ports: [port, controllerPort],
    requires: ['java', path.join(lib, 'kafka_2.13-3.9.1.jar')],
    async init() {
      writeFile(
        properties,
        [
          'process.roles=broker,controller',
          'node.id=1',
          `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
          `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
          `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
          'controller.listener.names=CONTROLLER',
          'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
          'inter.broker.listener.name=PLAINTEXT',
          `log.dirs=${path.join(ctx.dir, 'data')}`,
          'num.partitions=1',
          'default.replication.factor=1',
          'min.insync.replicas=1',
          'offsets.topic.replication.factor=1',
          'offsets.topic.num.partitions=4',
          'transaction.state.log.replication.factor=1',
          'transaction.state.log.min.isr=1',
          'share.coordinator.state.topic.replication.factor=1',
          'group.initial.rebalance.delay.ms=0',
          'auto.create.topics.enable=true',
          'delete.topic.enable=true',
          'controlled.shutdown.enable=true',
        ].join('\n') + '\n',
      );
      writeFile(
        log4j,
        [
          'log4j.rootLogger=INFO, stdout',
          'log4j.logger.kafka=INFO',
          'log4j.logger.org.apache.kafka=INFO',
          'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
          'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
          'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
        ].join('\n') + '\n',
      );
      // A Kafka cluster id is 16 random bytes in URL-safe base64 without padding.
      const clusterId = randomBytes(16).toString('base64url');
      await execFileAsync('java', [...jvm, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties], { cwd: ctx.dir });
    },
    processes: () => [{ label: 'kafka', command: 'java', args: [...jvm, 'kafka.Kafka', properties], cwd: ctx.dir }],
    probe: () => probeKafka(port),
  };
}
