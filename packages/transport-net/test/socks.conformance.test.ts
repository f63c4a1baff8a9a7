import { afterAll, beforeAll, describe, it } from 'vitest';
import { runConformance } from '@omnidial/core/conformance';
import { tcpDriver } from '../src/index.js';
import { EchoServer } from './helpers/echo-server.js';
import { authProxy, type SocksProxy } from './helpers/socks.js';

// Resolved before the suite registers its tests, so a missing proxy shows as a skip with the reason.
const proxy: SocksProxy = await authProxy();
const server = new EchoServer();
beforeAll(async () => void (await server.start()));
afterAll(async () => {
  await server.stop();
  if ('stop' in proxy) await proxy.stop();
});

if ('skip' in proxy) {
  describe('conformance: tcp via socks5', () => it.skip(`skipped: ${proxy.skip}`, () => undefined));
} else {
  runConformance({
    name: `tcp via socks5 (${proxy.origin})`,
    driver: tcpDriver,
    harness: {
      address: () => `tcp://127.0.0.1:${server.port}|proxy=${proxy.url}`,
      drop: () => server.stop(),
      restore: () => server.restart(),
      secretAddress: () => {
        const secret = decodeURIComponent(new URL(proxy.url).password);
        return { address: `tcp://127.0.0.1:${server.port}|proxy=${proxy.url}`, secret };
      },
    },
  });
}
