import { afterAll, beforeAll } from 'vitest';
import { FlappingTcpServer, runConformance } from '@omnidial/core/conformance';
import { tcpDriver } from '../src/index.js';
import { EchoServer } from './helpers/echo-server.js';

const server = new EchoServer();
beforeAll(async () => void (await server.start()));
afterAll(() => server.stop());

runConformance({
  name: 'tcp',
  driver: tcpDriver,
  harness: {
    address: () => `tcp://127.0.0.1:${server.port}`,
    drop: () => server.stop(),
    restore: () => server.restart(),
    flapping: () => FlappingTcpServer.start(),
    // Port 9 on 127.0.0.1 refuses: the dial fails and its error must not show the password.
    secretAddress: () => ({
      address: `tcp://127.0.0.1:${server.port}|proxy=socks5://user:pr0xy-secret@127.0.0.1:9`,
      secret: 'pr0xy-secret',
    }),
  },
});
