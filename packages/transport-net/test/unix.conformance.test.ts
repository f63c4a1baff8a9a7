import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runConformance } from '@omnidial/core/conformance';
import { unixDriver } from '../src/index.js';
import { EchoServer } from './helpers/echo-server.js';

const path = join(mkdtempSync(join(tmpdir(), 'omnidial-unix-')), 'echo.sock');
const server = new EchoServer();
beforeAll(async () => void (await server.start({ path })));
afterAll(() => server.stop());

runConformance({
  name: 'unix',
  driver: unixDriver,
  harness: {
    address: () => `unix://${path}`,
    drop: () => server.stop(),
    restore: () => server.restart(),
    // No credential option exists for unix://; a payload carrying a token must not show either.
    secretAddress: () => ({
      address: `unix://${path}|payload={"op":"login","token":"unix-t0ken-secret"}`,
      secret: 'unix-t0ken-secret',
    }),
  },
});
