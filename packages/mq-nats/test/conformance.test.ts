import { runConformance, runTlsConformance } from '@omnidial/core/conformance';
import { startService, stopService } from '@omnidial/test-infra';
import { natsDriver } from '../src/driver.js';
import { requireService, uniqueTopic, requireTlsService } from '@omnidial/test-infra/vitest';
import { natsMetadataTests } from './metadata.js';

const url = requireService('nats');
const NATS_NOTHING_MISSING =
  'subjects need no creation and a missing JetStream stream is created (jetstream.ts), so an address names nothing that can be missing: "conformance: amqp > notFound" covers brokers';

if (url !== undefined) {
  const harness = {
    drop: () => stopService('nats'),
    restore: () => startService('nats'),
    secretAddress: () => ({
      address: `${url.replace('nats://', 'nats://bot:s3cr3t-pw@')}?topic=t`,
      secret: 's3cr3t-pw',
    }),
  };
  runConformance({
    name: 'nats',
    driver: natsDriver,
    harness: { ...harness, address: () => `${url}?topic=${uniqueTopic()}`, nodeList: true },
    skip: {
      notFound: NATS_NOTHING_MISSING,
      acknowledged: 'core NATS does not acknowledge: the "nats jetstream" run of this suite has this part',
      block:
        'core NATS cannot pause a subscription: parse.test.ts "overflow=block: refused for core NATS" checks the refusal',
    },
  });
  runConformance({
    name: 'nats jetstream',
    driver: natsDriver,
    harness: {
      ...harness,
      address: () => `${url}?topic=${uniqueTopic('omnidial_js')}&jetstream=true&ackWait=1000`,
      resumeAddress: () =>
        `${url}?topic=${uniqueTopic('omnidial_js')}&jetstream=true&durable=${uniqueTopic('d')}&ackWait=1000`,
    },
    skip: {
      notFound: NATS_NOTHING_MISSING,
      overflow: 'acknowledged messages are never dropped: the "acknowledged" part of this run covers a full queue',
    },
  });
  natsMetadataTests(url);
}

const tls = requireTlsService('nats');
if (tls !== undefined) {
  runTlsConformance({
    name: 'nats',
    driver: natsDriver,
    caFile: tls.caFile,
    address: () => `${tls.url}?topic=${uniqueTopic()}`,
  });
}
