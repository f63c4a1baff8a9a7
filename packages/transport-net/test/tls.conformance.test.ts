import { afterAll, beforeAll } from 'vitest';
import { runConformance, runTlsConformance } from '@omnidial/core/conformance';
import { tlsDriver } from '../src/index.js';
import { makePki } from './helpers/certs.js';
import { EchoServer } from './helpers/echo-server.js';

const pki = makePki();
const server = new EchoServer({ cert: pki.serverCert, key: pki.serverKey });
beforeAll(async () => void (await server.start()));
afterAll(() => server.stop());

runConformance({
  name: 'tls',
  driver: tlsDriver,
  harness: {
    address: () => `tls://127.0.0.1:${server.port}|ca=${pki.caFile}`,
    drop: () => server.stop(),
    restore: () => server.restart(),
    secretAddress: () => ({
      address: `tls://127.0.0.1:${server.port}|proxy=socks5://user:tls-pr0xy-secret@127.0.0.1:9`,
      secret: 'tls-pr0xy-secret',
    }),
  },
});

runTlsConformance({
  name: 'tls',
  driver: tlsDriver,
  caFile: pki.caFile,
  address: () => `tls://127.0.0.1:${server.port}`,
});
