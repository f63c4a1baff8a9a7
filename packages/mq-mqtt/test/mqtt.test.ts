import { runConformance } from '@omnidial/core/conformance';
import { startService, stopService } from '@omnidial/test-infra';
import { mqttDriver } from '../src/driver.js';
import { liveUrl, uniqueTopic } from '@omnidial/test-infra/vitest';
import { mqttSpecificTests } from './specific.js';

const url = liveUrl('OMNIDIAL_TEST_MQTT_URL');

if (url !== undefined) {
  for (const qos of [0, 1] as const) {
    runConformance({
      name: `mqtt qos=${qos}`,
      driver: mqttDriver,
      harness: {
        address: () => `${url}?topic=${uniqueTopic()}&qos=${qos}`,
        drop: () => stopService('mqtt'),
        restore: () => startService('mqtt'),
        secretAddress: () => ({ address: `${url.replace('mqtt://', 'mqtt://bot:s3cr3t-pw@')}?topic=t`, secret: 's3cr3t-pw' }),
      },
      // With QoS 1 the broker holds what the queue cannot take (receiveMaximum = qsize): no drops.
      skip: qos === 1 ? { overflow: 'QoS 1 is flow-controlled: the broker keeps unacknowledged messages beyond qsize (see specific.ts)' } : {},
    });
  }
  mqttSpecificTests(url);
}
