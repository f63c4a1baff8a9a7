import type { EventEmitter } from 'node:events';

/** What a client's connection pool emits for each broker connection it opens. */
interface PoolConnecting {
  connection: EventEmitter;
}

/**
 * Keeps a broker connection's late `error` events from becoming uncaught exceptions.
 *
 * @platformatic/kafka 1.35 listens to a broker connection's `error` only once; a connection
 * that fails twice (e.g. a peer that is not Kafka: a bad response, then the close) would crash
 * the process. The failure itself still reaches the pending request's callback, so a permanent
 * no-op listener loses nothing.
 */
export function guardPool(pool: EventEmitter): void {
  pool.on('connecting', ({ connection }: PoolConnecting) => {
    connection.on('error', ignore);
  });
}

function ignore(): void {
  // reported through the request callbacks; see guardPool
}
