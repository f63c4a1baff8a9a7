import { vi } from 'vitest';
import { runConformance, runTlsConformance } from '@omnidial/core/conformance';
import { startService, stopService } from '@omnidial/test-infra';
import { kafkaDriver } from '../src/driver.js';
import { kafkaMetadataTests } from './metadata.js';
import { requireService, uniqueName, requireTlsService } from '@omnidial/test-infra/vitest';

// A Kafka broker takes 10-15 s to come back after a stop.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const url = requireService('kafka');
if (url !== undefined) {
  runConformance({
    name: 'kafka',
    driver: kafkaDriver,
    harness: {
      address: () => `${url}/${uniqueName('conformance')}`,
      nodeList: true,
      resumeAddress: () => `${url}/${uniqueName('resume')}?group=${uniqueName('group')}&from=earliest`,
      drop: () => stopService('kafka'),
      restore: () => startService('kafka'),
      patienceMs: 20_000,
      secretAddress: () => ({
        address: url.replace('kafka://', 'kafka://alice:wrong-pass-7q3x@') + '/t',
        secret: 'wrong-pass-7q3x',
      }),
    },
    skip: {
      notFound:
        'the test broker creates topics on first use (auto.create.topics.enable=true, the Kafka default), so an address names nothing that can be missing: "conformance: amqp > notFound" covers brokers',
      overflow: 'acknowledged messages are never dropped: the "acknowledged" part of this suite covers a full queue',
    },
  });
  kafkaMetadataTests(url);
}

const tls = requireTlsService('kafka');
if (tls !== undefined) {
  runTlsConformance({
    name: 'kafka',
    driver: kafkaDriver,
    caFile: tls.caFile,
    address: () => `${tls.url.replace('?', `/${uniqueName('tls')}?`)}`,
  });
}
