import { probeSocks5 } from '../probe/socks5.js';
import { TEST_PASSWORD, TEST_USER, type ServiceContext, type ServiceSpec } from '../types.js';

/** microsocks (Debian `microsocks`): SOCKS5 with username/password auth on 127.0.0.1. */
export function socks5Service(ctx: ServiceContext, [port]: readonly number[]): ServiceSpec {
  if (port === undefined) throw new Error('socks5 needs one port');
  return {
    name: 'socks5',
    url: `socks5://${TEST_USER}:${TEST_PASSWORD}@127.0.0.1:${port}`,
    ports: [port],
    requires: ['/usr/bin/microsocks'],
    async init() {},
    processes: () => [
      {
        label: 'microsocks',
        command: '/usr/bin/microsocks',
        args: ['-i', '127.0.0.1', '-p', String(port), '-u', TEST_USER, '-P', TEST_PASSWORD],
        cwd: ctx.dir,
      },
    ],
    probe: () => probeSocks5(port, TEST_USER, TEST_PASSWORD),
  };
}
