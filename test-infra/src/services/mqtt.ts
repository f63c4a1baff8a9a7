import path from 'node:path';
import { probeMqtt } from '../probe/mqtt.js';
import { isRoot, writeFile } from '../system.js';
import type { ServiceContext, ServiceSpec } from '../types.js';

/** mosquitto 2 (Debian `mosquitto`), anonymous MQTT on 127.0.0.1, persistence in its own dir. */
export function mqttService(ctx: ServiceContext, [port]: readonly number[]): ServiceSpec {
  if (port === undefined) throw new Error('mqtt needs one port');
  const config = path.join(ctx.dir, 'mosquitto.conf');
  return {
    name: 'mqtt',
    url: `mqtt://127.0.0.1:${port}`,
    ports: [port],
    requires: ['/usr/sbin/mosquitto'],
    async init() {
      writeFile(path.join(ctx.dir, 'data', '.keep'), '');
      const lines = [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous true',
        'persistence true',
        `persistence_location ${path.join(ctx.dir, 'data')}/`,
        'log_dest stdout',
        // As root, mosquitto would otherwise switch to the `mosquitto` user.
        ...(isRoot() ? ['user root'] : []),
      ];
      writeFile(config, lines.join('\n') + '\n');
    },
    processes: () => [{ label: 'mosquitto', command: '/usr/sbin/mosquitto', args: ['-c', config], cwd: ctx.dir }],
    probe: () => probeMqtt(port),
  };
}
