import type { EventEmitter } from 'node:events';
import { Consumer, NetworkError } from '@platformatic/kafka';
import { afterEach, describe, expect, it } from 'vitest';
import { guardPool } from '../src/guard.js';

// The connection pool's guards (src/guard.ts, docs/decisions/0328). No broker is needed: the
// pool is asked for a broker that the cluster metadata does not list, as a group operation does
// while the coordinator's node is down (seen in CI: reliability/clusters/kafka-acks.test.ts).
type Get = (broker: undefined, callback?: (error: Error | null) => void) => unknown;

const consumers: Consumer[] = [];
const consumer = (): Consumer => {
  const created = new Consumer({ clientId: 'guard-test', bootstrapBrokers: ['127.0.0.1:1'], groupId: 'guard-test' });
  consumers.push(created);
  return created;
};
const getOf = (client: Consumer): Get => {
  const pool = client.connections as unknown as { get: Get };
  return pool.get.bind(pool);
};

afterEach(async () => {
  await Promise.all(consumers.splice(0).map((client) => client.close(true)));
});

describe('guardPool', () => {
  it('the unguarded pool throws for a broker missing from the metadata (the library bug the guard covers)', () => {
    // If this fails, @platformatic/kafka no longer throws here and the guard can go (ADR 0328).
    expect(() => getOf(consumer())(undefined, () => undefined)).toThrow(TypeError);
  });

  it('a guarded pool fails that request with a retriable NetworkError instead of throwing', async () => {
    const client = consumer();
    guardPool(client.connections as unknown as EventEmitter);
    const get = getOf(client);
    const error = await new Promise<Error | null>((resolve) => get(undefined, resolve));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error?.message).toMatch(/not in the current cluster metadata/);
    await expect(get(undefined)).rejects.toBeInstanceOf(NetworkError);
  });
});
