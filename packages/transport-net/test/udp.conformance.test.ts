import { afterAll, beforeAll } from 'vitest';
import { runConformance } from '@omnidial/core/conformance';
import { udpDriver } from '../src/index.js';
import { UdpEcho } from './helpers/udp-echo.js';

const server = new UdpEcho();
beforeAll(async () => void (await server.start()));
afterAll(() => server.stop());

runConformance({
  name: 'udp',
  driver: udpDriver,
  harness: {
    address: () => `udp://127.0.0.1:${server.port}`,
    // No credential option exists for udp://; a payload carrying a token must not show either.
    secretAddress: () => ({
      address: `udp://127.0.0.1:${server.port}|payload={"op":"login","token":"udp-t0ken-secret"}`,
      secret: 'udp-t0ken-secret',
    }),
  },
  skip: {
    reconnect:
      'UDP has no connection to lose: a stopped peer is only noticed when a datagram bounces (ICMP port unreachable); udp.test.ts covers that path',
  },
});
