import { afterAll, beforeAll } from 'vitest';
import { runConformance } from '@omnidial/core/conformance';
import { wsDriver } from '../src/driver.js';
import { testServer, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await testServer();
});
afterAll(async () => {
  await server.stop();
});

runConformance({
  name: 'ws',
  driver: wsDriver,
  harness: {
    address: () => server.url,
    drop: () => server.stop(),
    restore: () => server.start(),
    patienceMs: 5000,
    secretAddress: () => ({ address: `ws://bot:Hunter2secret@127.0.0.1:${server.port}/`, secret: 'Hunter2secret' }),
  },
});
