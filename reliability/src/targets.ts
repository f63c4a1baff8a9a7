import type { Harness, ServiceName } from '@omnidial/test-infra';
import type { FaultTarget, SqlFaultTarget } from './server-faults.js';
import { TcpFlappingServer } from './servers/tcp.js';
import { WsFlappingServer } from './servers/ws.js';

/** Brokers covered by the server-fault runs. */
export const BROKERS = ['mqtt', 'nats', 'amqp', 'kafka'] as const;
/** Networked databases covered by the server-fault runs (sqlite has no server to crash). */
export const DATABASES = ['postgres', 'mysql', 'clickhouse'] as const;

const RECONNECT = 'reconnect=true&interval=200';

/** A name no other run uses (topics, queues, consumer groups). */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
}

/** Starts a loopback tcp or ws server and returns it as a fault target (close it with `kill()`). */
export async function loopbackTarget(kind: 'tcp' | 'ws'): Promise<FaultTarget> {
  const server =
    kind === 'tcp' ? new TcpFlappingServer({ pushEveryMs: 10 }) : new WsFlappingServer({ pushEveryMs: 10 });
  await server.start();
  const address =
    kind === 'tcp'
      ? `tcp://127.0.0.1:${server.port}|${RECONNECT}`
      : `ws://127.0.0.1:${server.port}/feed|${RECONNECT}&ping=2000&pongTimeout=2000`;
  return {
    name: kind,
    address,
    writeEveryMs: 20,
    atLeastOnce: false,
    ...(kind === 'tcp' ? { suffix: '\n' } : {}),
    kill: () => server.kill(),
    start: () => server.start(),
  };
}

/** The broker address that publishes and receives its own messages, acknowledged on read. */
export function brokerAddress(name: (typeof BROKERS)[number], url: string): string {
  const id = uniqueName('rel');
  switch (name) {
    case 'mqtt':
      return `${url}?topic=rel/${id}&qos=1&clientId=${id}|${RECONNECT}`;
    case 'nats':
      return `${url}?topic=rel.${id}&jetstream=true&durable=${id}|${RECONNECT}`;
    // confirm=true: write() resolves once the broker confirmed it (without it, once sent).
    case 'amqp':
      return `${url.replace(/\/?$/, '/')}?queue=${id}&durable=true&confirm=true|${RECONNECT}`;
    case 'kafka':
      return `${url}/${id}?group=${id}&from=earliest|${RECONNECT}`;
  }
}

/**
 * A broker of `harness` as a fault target: `kill` SIGKILLs the server process (a crash), `stop`
 * stops it gracefully, `start` brings it back on the same port and data.
 */
export function brokerTarget(harness: Harness, name: (typeof BROKERS)[number]): FaultTarget {
  const url = harness.urls[name as ServiceName];
  if (url === undefined) throw new Error(`${name} is not running in this harness`);
  return {
    name,
    address: brokerAddress(name, url),
    writeEveryMs: 50,
    atLeastOnce: true,
    kill: () => harness.killService(name),
    stop: () => harness.stopService(name),
    start: () => harness.startService(name),
  };
}

/** A database of `harness` as a fault target (SIGKILL and graceful stops, like {@link brokerTarget}). */
export function databaseTarget(harness: Harness, name: (typeof DATABASES)[number]): SqlFaultTarget {
  const url = harness.urls[name as ServiceName];
  if (url === undefined) throw new Error(`${name} is not running in this harness`);
  return {
    name,
    address: url,
    kill: () => harness.killService(name),
    stop: () => harness.stopService(name),
    start: () => harness.startService(name),
  };
}
