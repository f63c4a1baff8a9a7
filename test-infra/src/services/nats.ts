import path from 'node:path';
import { probeNats } from '../probe/nats.js';
import type { ServiceContext, ServiceSpec } from '../types.js';

/**
 * nats-server (Debian `nats-server`) with JetStream, storage in its own dir. nats-server 2.9
 * makes a whole port TLS-only, so TLS gets a second, small server (no JetStream).
 */
export function natsService(ctx: ServiceContext, [port, tlsPort]: readonly number[]): ServiceSpec {
  if (port === undefined || tlsPort === undefined) throw new Error('nats needs two ports');
  return {
    name: 'nats',
    url: `nats://127.0.0.1:${port}`,
    tlsUrl: `nats://127.0.0.1:${tlsPort}`,
    ports: [port, tlsPort],
    requires: ['/usr/sbin/nats-server'],
    async init() {},
    processes: () => [
      {
        label: 'nats-server',
        command: '/usr/sbin/nats-server',
        args: [
          '-a',
          '127.0.0.1',
          '-p',
          String(port),
          '-js',
          '-sd',
          path.join(ctx.dir, 'jetstream'),
          '-n',
          'omnidial-test',
        ],
        cwd: ctx.dir,
      },
      {
        label: 'nats-server-tls',
        command: '/usr/sbin/nats-server',
        args: [
          '-a',
          '127.0.0.1',
          '-p',
          String(tlsPort),
          '--tls',
          '--tlscert',
          ctx.pki.certFile,
          '--tlskey',
          ctx.pki.keyFile,
          '-n',
          'omnidial-test-tls',
        ],
        cwd: ctx.dir,
        waitListening: tlsPort,
      },
    ],
    probe: () => probeNats(port),
  };
}
