import { runConformance, runTlsConformance } from '@omnidial/core/conformance';
import { startService, stopService } from '@omnidial/test-infra';
import { mqttDriver } from '../src/driver.js';
import { requireService, requireTlsService, uniqueTopic } from '@omnidial/test-infra/vitest';
import { mqttMetadataTests } from './metadata.js';

const url = requireService('mqtt');
const MQTT_NOTHING_MISSING =
  'MQTT topics need no creation, so an address names nothing that can be missing: "conformance: amqp > notFound" covers brokers';

if (url !== undefined) {
  for (const qos of [0, 1] as const) {
    runConformance({
      name: `mqtt qos=${qos}`,
      driver: mqttDriver,
      harness: {
        address: () => `${url}?topic=${uniqueTopic()}&qos=${qos}`,
        nodeList: true,
        resumeAddress: () => `${url}?topic=${uniqueTopic()}&qos=1&clientId=${uniqueTopic('resume')}&clean=false`,
        drop: () => stopService('mqtt'),
        restore: () => startService('mqtt'),
        secretAddress: () => ({
          address: `${url.replace('mqtt://', 'mqtt://bot:s3cr3t-pw@')}?topic=t`,
          secret: 's3cr3t-pw',
        }),
      },
      skip:
        qos === 1
          ? {
              overflow: 'QoS 1 messages are never dropped: the "acknowledged" part of this run covers a full queue',
              notFound: MQTT_NOTHING_MISSING,
            }
          : {
              acknowledged: 'QoS 0 is not acknowledged: the qos=1 run of this suite has this part',
              notFound: MQTT_NOTHING_MISSING,
            },
    });
  }
  mqttMetadataTests(url);
}

const tls = requireTlsService('mqtt');
if (tls !== undefined) {
  runTlsConformance({
    name: 'mqtts',
    driver: mqttDriver,
    caFile: tls.caFile,
    address: () => `${tls.url}?topic=${uniqueTopic()}`,
  });
}
