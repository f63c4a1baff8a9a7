import type { EventEmitter } from 'node:events';
import { NetworkError } from '@platformatic/kafka';

/** What a client's connection pool emits for each broker connection it opens. */
interface PoolConnecting {
  connection: EventEmitter;
}

/** A broker as the pool's `get()` takes it. */
interface Broker {
  host: string;
  port: number;
}

type GetCallback = (error: Error | null, connection?: unknown) => void;

/** The part of @platformatic/kafka's ConnectionPool the guards touch. */
interface Pool extends EventEmitter {
  get(broker: Broker | undefined, callback?: GetCallback): unknown;
}

/**
 * Keeps two failures of @platformatic/kafka 1.35's connection pool from becoming uncaught
 * exceptions (docs/decisions/0328):
 *
 * - it listens to a broker connection's `error` only once; a connection that fails twice (e.g. a
 *   peer that is not Kafka: a bad response, then the close) would crash the process. The failure
 *   itself still reaches the pending request's callback, so a permanent no-op listener loses
 *   nothing.
 * - a group operation asks for the coordinator's connection by looking the coordinator up in the
 *   cluster metadata; while that node is down the lookup finds nothing and `get(undefined)`
 *   throws a TypeError inside a network callback. The guarded `get()` hands the request a
 *   retriable NetworkError instead, as @platformatic/kafka 2.12 does: the operation fails and the
 *   link reports the drop.
 */
export function guardPool(pool: EventEmitter): void {
  pool.on('connecting', ({ connection }: PoolConnecting) => {
    connection.on('error', ignore);
  });
  const guarded = pool as Pool;
  const get = guarded.get;
  guarded.get = function getKnownBroker(this: Pool, broker, callback) {
    if (broker?.host != null && broker.port != null) return get.call(this, broker, callback);
    const error = new NetworkError('Cannot get a connection: the broker is not in the current cluster metadata.');
    if (callback === undefined) return Promise.reject(error);
    callback(error);
    return undefined;
  };
}

function ignore(): void {
  // reported through the request callbacks; see guardPool
}
