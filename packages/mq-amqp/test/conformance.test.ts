import { runConformance, runTlsConformance } from '@omnidial/core/conformance';
import { startService, stopService } from '@omnidial/test-infra';
import { amqpDriver } from '../src/driver.js';
import { amqpMetadataTests } from './metadata.js';
import { requireService, uniqueName, requireTlsService } from '@omnidial/test-infra/vitest';

const url = requireService('amqp');
if (url !== undefined) {
  runConformance({
    name: 'amqp',
    driver: amqpDriver,
    harness: {
      address: () => `${url}?queue=${uniqueName('conformance')}`,
      nodeList: true,
      missingAddress: () => `${url.replace(/\/$/, '')}/no_such_vhost_omnidial?queue=${uniqueName('missing')}`,
      durableAddress: () => `${url}?queue=${uniqueName('durable')}&durable=true&confirm=true`,
      resumeAddress: () => `${url}?queue=${uniqueName('resume')}&durable=true&confirm=true`,
      drop: () => stopService('amqp'),
      restore: () => startService('amqp'),
      patienceMs: 15_000,
      secretAddress: () => ({
        address: `${url.replace(/:[^:@/]*@/, ':wrong-pass-7q3x@')}?queue=x`,
        secret: 'wrong-pass-7q3x',
      }),
    },
    skip: {
      overflow: 'acknowledged messages are never dropped: the "acknowledged" part of this suite covers a full queue',
    },
  });
  amqpMetadataTests(url);
}

const tls = requireTlsService('amqp');
if (tls !== undefined) {
  runTlsConformance({
    name: 'amqps',
    driver: amqpDriver,
    caFile: tls.caFile,
    address: () => `${tls.url}?queue=${uniqueName('tls')}`,
  });
}
