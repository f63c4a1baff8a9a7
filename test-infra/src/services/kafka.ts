import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { probeKafka, probeKafkaGroups } from '../probe/broker.js';
import { execFileAsync, writeFile } from '../system.js';
import type { ServiceContext, ServiceSpec } from '../types.js';

/** Where setup.sh puts the Kafka jars (see test-infra/kafka/pom.xml). */
export function kafkaLibDir(infraDir: string): string {
  return path.join(infraDir, '.cache', 'kafka', 'lib');
}

/** One KRaft node's settings; a single server is a cluster of one. */
export interface KafkaNodeConfig {
  readonly nodeId: number;
  readonly port: number;
  readonly controllerPort: number;
  /** `controller.quorum.voters`, e.g. `1@127.0.0.1:9093,2@127.0.0.1:9095`. */
  readonly voters: string;
  readonly dataDir: string;
  /** Replication factor of new topics and internal topics; `min.insync.replicas` is one less (at least 1). */
  readonly replication: number;
  /** An extra SSL listener on this port, with the key and certificate chain as PEM text. */
  readonly tls?: { readonly port: number; readonly keyPem: string; readonly chainPem: string };
}

/** A PEM text as one properties-file value (newlines escaped). */
function pemLine(pem: string): string {
  return pem.trim().split('\n').join('\\n');
}

/** The SSL listener's settings; PEM inline because a PEM keystore file would need an encrypted key. */
function sslProperties(tls: NonNullable<KafkaNodeConfig['tls']>): string[] {
  return [
    'ssl.keystore.type=PEM',
    `ssl.keystore.key=${pemLine(tls.keyPem)}`,
    `ssl.keystore.certificate.chain=${pemLine(tls.chainPem)}`,
    'ssl.client.auth=none',
  ];
}

/** `server.properties` of one node acting as broker and controller. */
export function kafkaProperties(node: KafkaNodeConfig): string {
  const minIsr = Math.max(1, node.replication - 1);
  const ssl = node.tls === undefined ? '' : `,SSL://127.0.0.1:${node.tls.port}`;
  return (
    [
      'process.roles=broker,controller',
      `node.id=${node.nodeId}`,
      `controller.quorum.voters=${node.voters}`,
      `listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}${ssl}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}${ssl}`,
      'controller.listener.names=CONTROLLER',
      `listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${node.tls === undefined ? '' : ',SSL:SSL'}`,
      ...(node.tls === undefined ? [] : sslProperties(node.tls)),
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${node.dataDir}`,
      'num.partitions=1',
      `default.replication.factor=${node.replication}`,
      `min.insync.replicas=${minIsr}`,
      `offsets.topic.replication.factor=${node.replication}`,
      'offsets.topic.num.partitions=4',
      `transaction.state.log.replication.factor=${node.replication}`,
      `transaction.state.log.min.isr=${minIsr}`,
      `share.coordinator.state.topic.replication.factor=${node.replication}`,
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=true',
      'delete.topic.enable=true',
      'controlled.shutdown.enable=true',
    ].join('\n') + '\n'
  );
}

/** JVM arguments of a Kafka process whose logs and log4j config live in `dir`. */
export function kafkaJvm(infraDir: string, dir: string, heap: string): string[] {
  return [
    '-Xms256m',
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${path.join(dir, 'log4j.properties')}`,
    `-Dkafka.logs.dir=${path.join(dir, 'logs')}`,
    '-cp',
    `${kafkaLibDir(infraDir)}/*`,
  ];
}

/** Writes the log4j config read by {@link kafkaJvm}'s processes (console output at INFO). */
export function writeKafkaLog4j(dir: string): void {
  writeFile(
    path.join(dir, 'log4j.properties'),
    [
      'log4j.rootLogger=INFO, stdout',
      'log4j.logger.kafka=INFO',
      'log4j.logger.org.apache.kafka=INFO',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
    ].join('\n') + '\n',
  );
}

/** A new Kafka cluster id: 16 random bytes in URL-safe base64 without padding. */
export function kafkaClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/** Formats a node's log dir for `clusterId` (`=` form: a base64url id may start with `-`). */
export async function formatKafkaStorage(
  jvm: readonly string[],
  properties: string,
  clusterId: string,
  cwd: string,
): Promise<void> {
  await execFileAsync(
    'java',
    [...jvm, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', properties],
    { cwd },
  );
}

/** Start (and restart) limit of one Kafka node in ms, longer than the harness default. */
export const KAFKA_START_TIMEOUT_MS = 240_000;

/** Files that must exist before Kafka can run. */
export function kafkaRequires(infraDir: string): string[] {
  return ['java', path.join(kafkaLibDir(infraDir), 'kafka_2.13-3.9.1.jar')];
}

/**
 * Apache Kafka 3.9 in KRaft mode, one JVM acting as broker and controller. Jars come from
 * Maven Central (setup.sh); the log dir is formatted with `kafka.tools.StorageTool` once.
 */
export function kafkaService(ctx: ServiceContext, [port, controllerPort, tlsPort]: readonly number[]): ServiceSpec {
  if (port === undefined || controllerPort === undefined || tlsPort === undefined)
    throw new Error('kafka needs three ports');
  const properties = path.join(ctx.dir, 'server.properties');
  const jvm = kafkaJvm(ctx.infraDir, ctx.dir, '1g');
  return {
    name: 'kafka',
    url: `kafka://127.0.0.1:${port}`,
    tlsUrl: `kafka://127.0.0.1:${tlsPort}?tls=true`,
    ports: [port, controllerPort, tlsPort],
    requires: kafkaRequires(ctx.infraDir),
    async init() {
      const node = {
        nodeId: 1,
        port,
        controllerPort,
        voters: `1@127.0.0.1:${controllerPort}`,
        dataDir: path.join(ctx.dir, 'data'),
        replication: 1,
        tls: {
          port: tlsPort,
          keyPem: fs.readFileSync(ctx.pki.keyFile, 'utf8'),
          chainPem: fs.readFileSync(ctx.pki.chainFile, 'utf8'),
        },
      };
      writeFile(properties, kafkaProperties(node));
      writeKafkaLog4j(ctx.dir);
      await formatKafkaStorage(jvm, properties, kafkaClusterId(), ctx.dir);
    },
    processes: () => [{ label: 'kafka', command: 'java', args: [...jvm, 'kafka.Kafka', properties], cwd: ctx.dir }],
    // A JVM broker and controller: after a SIGKILL at load ~30 on two cores it was not ready in 90 s.
    startTimeoutMs: KAFKA_START_TIMEOUT_MS,
    probe: async () => {
      await probeKafka(port);
      await probeKafkaGroups(port);
    },
  };
}
