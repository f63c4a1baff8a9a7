import { runConformance } from '@omnidial/core/conformance';
import { startService, stopService } from '@omnidial/test-infra';
import { natsDriver } from '../src/driver.js';
import { liveUrl, uniqueTopic } from '@omnidial/test-infra/vitest';
import { natsSpecificTests } from './specific.js';

const url = liveUrl('OMNIDIAL_TEST_NATS_URL');

if (url !== undefined) {
  const harness = {
    drop: () => stopService('nats'),
    restore: () => startService('nats'),
    secretAddress: () => ({ address: `${url.replace('nats://', 'nats://bot:s3cr3t-pw@')}?topic=t`, secret: 's3cr3t-pw' }),
  };
  runConformance({ name: 'nats', driver: natsDriver, harness: { ...harness, address: () => `${url}?topic=${uniqueTopic()}` } });
  runConformance({
    name: 'nats jetstream',
    driver: natsDriver,
    harness: { ...harness, address: () => `${url}?topic=${uniqueTopic('omnidial_js')}&jetstream=true&ackWait=1000` },
    // The consumer's max_ack_pending is qsize: the stream keeps what the queue cannot take, no drops.
    skip: { overflow: 'JetStream is flow-controlled: the stream keeps unacknowledged messages beyond qsize (see specific.ts)' },
  });
  natsSpecificTests(url);
}
