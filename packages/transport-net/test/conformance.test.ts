import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { FlappingTcpServer, runConformance, runTlsConformance } from '@omnidial/core/conformance';
import { tcpDriver, tlsDriver, udpDriver, unixDriver } from '../src/index.js';
import { makeTempPki } from '@omnidial/test-infra';
import { EchoServer } from './helpers/echo-server.js';
import { authProxy, type SocksProxy } from './helpers/socks.js';
import { UdpEcho } from './helpers/udp-echo.js';

// The shared suite for every net scheme, each against its own local server.
const pki = makeTempPki('omnidial-net-pki-');
const tcp = new EchoServer();
const tls = new EchoServer({ cert: pki.certPem, key: pki.keyPem });
const udp = new UdpEcho();
const unixPath = join(mkdtempSync(join(tmpdir(), 'omnidial-unix-')), 'echo.sock');
const unix = new EchoServer();
// Resolved before the suites register their tests, so a missing proxy shows as a skip with the reason.
const proxy: SocksProxy = await authProxy();

beforeAll(async () => {
  await tcp.start();
  await tls.start();
  await udp.start();
  await unix.start({ path: unixPath });
});
afterAll(async () => {
  await Promise.all([tcp.stop(), tls.stop(), udp.stop(), unix.stop()]);
  if ('stop' in proxy) await proxy.stop();
});

runConformance({
  name: 'tcp',
  driver: tcpDriver,
  harness: {
    address: () => `tcp://127.0.0.1:${tcp.port}`,
    drop: () => tcp.stop(),
    restore: () => tcp.restart(),
    flapping: () => FlappingTcpServer.start(),
    // Port 9 on 127.0.0.1 refuses: the dial fails and its error must not show the password.
    secretAddress: () => ({
      address: `tcp://127.0.0.1:${tcp.port}|proxy=socks5://user:pr0xy-secret@127.0.0.1:9`,
      secret: 'pr0xy-secret',
    }),
  },
  skip: {
    notFound:
      'a host:port names nothing that can be missing (a refused port is Unavailable, retryable); "conformance: unix > notFound" covers a missing socket file',
  },
});

if ('skip' in proxy) {
  describe('conformance: tcp via socks5', () => it.skip(`skipped: ${proxy.skip}`, () => undefined));
} else {
  runConformance({
    name: `tcp via socks5 (${proxy.origin})`,
    driver: tcpDriver,
    harness: {
      address: () => `tcp://127.0.0.1:${tcp.port}|proxy=${proxy.url}`,
      drop: () => tcp.stop(),
      restore: () => tcp.restart(),
      secretAddress: () => {
        const secret = decodeURIComponent(new URL(proxy.url).password);
        return { address: `tcp://127.0.0.1:${tcp.port}|proxy=${proxy.url}`, secret };
      },
    },
    skip: {
      notFound:
        'a host:port names nothing that can be missing (a refused port is Unavailable, retryable); "conformance: unix > notFound" covers a missing socket file',
    },
  });
}

runConformance({
  name: 'tls',
  driver: tlsDriver,
  harness: {
    address: () => `tls://127.0.0.1:${tls.port}|ca=${pki.caFile}`,
    drop: () => tls.stop(),
    restore: () => tls.restart(),
    secretAddress: () => ({
      address: `tls://127.0.0.1:${tls.port}|proxy=socks5://user:tls-pr0xy-secret@127.0.0.1:9`,
      secret: 'tls-pr0xy-secret',
    }),
  },
  skip: {
    notFound:
      'a host:port names nothing that can be missing (a refused port is Unavailable, retryable); "conformance: unix > notFound" covers a missing socket file',
  },
});
runTlsConformance({ name: 'tls', driver: tlsDriver, caFile: pki.caFile, address: () => `tls://127.0.0.1:${tls.port}` });

runConformance({
  name: 'udp',
  driver: udpDriver,
  harness: {
    address: () => `udp://127.0.0.1:${udp.port}`,
    // No credential option exists for udp://; a payload carrying a token must not show either.
    secretAddress: () => ({
      address: `udp://127.0.0.1:${udp.port}|payload={"op":"login","token":"udp-t0ken-secret"}`,
      secret: 'udp-t0ken-secret',
    }),
  },
  skip: {
    notFound:
      'a host:port names nothing that can be missing (a refused port is Unavailable, retryable); "conformance: unix > notFound" covers a missing socket file',
    reconnect:
      'UDP has no connection to lose: a stopped peer is only noticed when a datagram bounces (ICMP port unreachable); udp.test.ts covers that path',
  },
});

runConformance({
  name: 'unix',
  driver: unixDriver,
  harness: {
    address: () => `unix://${unixPath}`,
    missingAddress: () => `unix://${unixPath}.missing`,
    drop: () => unix.stop(),
    restore: () => unix.restart(),
    // No credential option exists for unix://; a payload carrying a token must not show either.
    secretAddress: () => ({
      address: `unix://${unixPath}|payload={"op":"login","token":"unix-t0ken-secret"}`,
      secret: 'unix-t0ken-secret',
    }),
  },
});
