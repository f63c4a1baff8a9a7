import path from 'node:path';
import { probeNats } from '../probe/nats.js';
import type { ServiceContext, ServiceSpec } from '../types.js';

/** nats-server (Debian `nats-server`) with JetStream, storage in its own dir. */
export function natsService(ctx: ServiceContext, [port]: readonly number[]): ServiceSpec {
  if (port === undefined) throw new Error('nats needs one port');
  return {
    name: 'nats',
    url: `nats://127.0.0.1:${port}`,
    ports: [port],
    requires: ['/usr/sbin/nats-server'],
    async init() {},
    processes: () => [
      {
        label: 'nats-server',
        command: '/usr/sbin/nats-server',
        args: ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', path.join(ctx.dir, 'jetstream'), '-n', 'omnidial-test'],
        cwd: ctx.dir,
      },
    ],
    probe: () => probeNats(port),
  };
}
