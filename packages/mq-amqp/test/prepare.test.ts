import { afterEach, describe, expect, it } from 'vitest';
import { dial, Registry, type Connection, type DialError } from '@omnidial/core';
import { TEST_PASSWORD, TEST_USER } from '@omnidial/test-infra';
import { requireService, uniqueName } from '@omnidial/test-infra/vitest';
import { amqpDriver } from '../src/driver.js';

// Credentials that rotate: the address carries none, prepare() supplies them on every connect.
const registry = new Registry().register(amqpDriver);
const url = requireService('amqp');
const opened: Connection[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe.runIf(url !== undefined)('prepare() credentials on amqp', () => {
  const bare = (): string => `${url!.replace(/\/\/[^@/]*@/, '//')}?queue=${uniqueName('prepare')}`;

  it('connects with the credentials prepare() gives, fresh on reconnect(), and scrubs rejected ones', async () => {
    let password = TEST_PASSWORD;
    const attempts: number[] = [];
    const conn = await dial(bare(), {
      registry,
      prepare: (attempt) => {
        attempts.push(attempt);
        return { credentials: { username: TEST_USER, password } };
      },
    });
    opened.push(conn);
    expect(await conn.write('with rotated credentials')).toBeGreaterThan(0);
    expect(await conn.read(10_000)).toBe('with rotated credentials');

    password = 'Wr0ng-rotated-pw';
    const failure = await conn.reconnect().then(
      () => undefined,
      (error: DialError) => error,
    );
    expect(failure).toMatchObject({ name: 'DialError', code: 'PermissionDenied' });
    expect(
      `${failure?.message} ${String(failure?.cause)} ${(failure?.cause as Error | undefined)?.stack}`,
    ).not.toContain('Wr0ng-rotated-pw');

    password = TEST_PASSWORD;
    await conn.reconnect();
    expect(conn.state).toBe('open');
    expect(attempts).toEqual([0, 0, 0]);
    expect(await conn.write('after rotation')).toBeGreaterThan(0);
    expect(await conn.read(10_000)).toBe('after rotation');
  }, 60_000);

  it('without prepare() the same address is refused', async () => {
    await expect(dial(bare(), { registry })).rejects.toMatchObject({ code: 'PermissionDenied' });
  });
});
