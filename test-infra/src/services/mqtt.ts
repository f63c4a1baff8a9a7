import path from 'node:path';
import { probeMqtt } from '../probe/mqtt.js';
import { isRoot, writeFile } from '../system.js';
import type { ServiceContext, ServiceSpec } from '../types.js';

/**
 * mosquitto 2 (Debian `mosquitto`), anonymous MQTT on 127.0.0.1, persistence in its own dir;
 * a second listener speaks MQTT over TLS with the harness certificate.
 */
export function mqttService(ctx: ServiceContext, [port, tlsPort]: readonly number[]): ServiceSpec {
  if (port === undefined || tlsPort === undefined) throw new Error('mqtt needs two ports');
  const config = path.join(ctx.dir, 'mosquitto.conf');
  return {
    name: 'mqtt',
    url: `mqtt://127.0.0.1:${port}`,
    tlsUrl: `mqtts://127.0.0.1:${tlsPort}`,
    ports: [port, tlsPort],
    requires: ['/usr/sbin/mosquitto'],
    async init() {
      writeFile(path.join(ctx.dir, 'data', '.keep'), '');
      const lines = [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous true',
        'persistence true',
        `persistence_location ${path.join(ctx.dir, 'data')}/`,
        'log_dest stdout',
        `listener ${tlsPort} 127.0.0.1`,
        `certfile ${ctx.pki.certFile}`,
        `keyfile ${ctx.pki.keyFile}`,
        // As root, mosquitto would otherwise switch to the `mosquitto` user.
        ...(isRoot() ? ['user root'] : []),
      ];
      writeFile(config, lines.join('\n') + '\n');
    },
    processes: () => [{ label: 'mosquitto', command: '/usr/sbin/mosquitto', args: ['-c', config], cwd: ctx.dir }],
    probe: () => probeMqtt(port),
  };
}
