import { readdirSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dial } from '@omnidial/core';
import '@omnidial/transport-net';
import '@omnidial/transport-ws';
import '@omnidial/mq-mqtt';
import '@omnidial/mq-nats';
import '@omnidial/mq-amqp';
import '@omnidial/mq-kafka';
import '@omnidial/db-postgres';
import '@omnidial/db-mysql';
import '@omnidial/db-clickhouse';
import { recordSecurityFigure } from '../src/security/record.js';

const DIALS = Number(process.env.RELIABILITY_FAILED_DIALS ?? 100);
const BATCH = 20;

/** A peer that accepts every connection and never says a word: every dial must time out. */
let silent: Server;
let port = 0;
const open = new Set<Socket>();
beforeAll(async () => {
  silent = createServer((socket) => {
    open.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => open.delete(socket));
    socket.resume(); // read (and drop) what the client sends, so its FIN is seen
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  port = (silent.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const socket of open) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

function fds(): number {
  return readdirSync('/proc/self/fd').length;
}

async function settle(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
}

const addresses: Array<[string, () => string]> = [
  ['ws', () => `ws://127.0.0.1:${port}/`],
  ['wss', () => `wss://127.0.0.1:${port}/`],
  ['tls', () => `tls://127.0.0.1:${port}`],
  ['tcp via a silent socks5 proxy', () => `tcp://127.0.0.1:1|proxy=socks5://u:pw@127.0.0.1:${port}`],
  ['mqtt', () => `mqtt://127.0.0.1:${port}?topic=t`],
  ['nats', () => `nats://127.0.0.1:${port}?topic=t`],
  ['amqp', () => `amqp://u:pw@127.0.0.1:${port}/?queue=q`],
  ['kafka', () => `kafka://127.0.0.1:${port}/t`],
  ['postgres', () => `postgres://u:pw@127.0.0.1:${port}/db?sslmode=disable`],
  ['mysql', () => `mysql://u:pw@127.0.0.1:${port}/db`],
  ['clickhouse', () => `clickhouse://u:pw@127.0.0.1:${port}/db`],
];

describe(`failed dials release their sockets (${DIALS} timed-out dials per scheme against a silent server)`, () => {
  it.each(addresses)(
    '%s',
    async (name, address) => {
      await settle(() => open.size === 0, 10_000);
      const before = fds();
      const codes = new Map<string, number>();
      for (let done = 0; done < DIALS; done += BATCH) {
        const batch = Array.from({ length: Math.min(BATCH, DIALS - done) }, () =>
          dial(address(), 0.5).then(
            async (conn) => {
              await conn.close();
              return 'connected';
            },
            (error: { code?: string }) => error.code ?? 'unknown',
          ),
        );
        for (const code of await Promise.all(batch)) codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      expect([...codes.keys()]).not.toContain('connected');
      // Sockets close asynchronously after the dial settled; give them time under load.
      await settle(() => open.size === 0 && fds() <= before + 2, 20_000);
      console.info(
        `[reliability] failed dials ${address()}: ${JSON.stringify(Object.fromEntries(codes))}, fds ${before} -> ${fds()}, still open at the server ${open.size}`,
      );
      recordSecurityFigure('failed-dials', name, {
        dials: DIALS,
        outcomes: Object.fromEntries(codes),
        fdsBefore: before,
        fdsAfter: fds(),
        openAtServer: open.size,
      });
      expect(open.size, 'connections the silent server still sees open').toBe(0);
      expect(fds() - before, 'file descriptors above the baseline').toBeLessThanOrEqual(2);
    },
    180_000,
  );
});
