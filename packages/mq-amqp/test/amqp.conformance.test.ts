import { runConformance } from '@omnidial/core/conformance';
import { startService, stopService } from '@omnidial/test-infra';
import { amqpDriver } from '../src/driver.js';
import { requireService, uniqueName } from '@omnidial/test-infra/vitest';

const url = requireService('amqp');
if (url !== undefined) {
  runConformance({
    name: 'amqp',
    driver: amqpDriver,
    harness: {
      address: () => `${url}?queue=${uniqueName('conformance')}`,
      drop: () => stopService('amqp'),
      restore: () => startService('amqp'),
      patienceMs: 15_000,
      secretAddress: () => ({ address: `${url.replace(/:[^:@/]*@/, ':wrong-pass-7q3x@')}?queue=x`, secret: 'wrong-pass-7q3x' }),
    },
    skip: {
      overflow: 'prefetch ≤ qsize: the broker holds unread messages instead of the receive queue dropping them (see amqp.test.ts)',
    },
  });
}
