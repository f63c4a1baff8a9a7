import { afterAll, beforeAll } from 'vitest';
import { runConformance } from '@omnidial/core/conformance';
import { wsDriver } from '../src/driver.js';
import { testServer, type TestServer } from './helpers.js';
import { refusingServer } from './refusal-server.js';
import { flappingWsServer } from './flapping.js';

let server: TestServer;
let refusing: Awaited<ReturnType<typeof refusingServer>>;
beforeAll(async () => {
  server = await testServer();
  refusing = await refusingServer();
});
afterAll(async () => {
  await server.stop();
  await refusing.close();
});

runConformance({
  name: 'ws',
  driver: wsDriver,
  harness: {
    address: () => server.url,
    missingAddress: () => `ws://127.0.0.1:${refusing.port}/missing`,
    drop: () => server.stop(),
    restore: () => server.start(),
    flapping: flappingWsServer,
    patienceMs: 5000,
    // A server that answers 401 quoting the request headers: `Authorization: Basic base64(user:password)`.
    secretAddress: () => ({
      address: `ws://bot:Hunter2%2Fs@cret@127.0.0.1:${refusing.port}/`,
      secret: 'Hunter2/s@cret',
    }),
  },
});
