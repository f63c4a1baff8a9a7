import { hasService, serviceUrl } from '@omnidial/test-infra';
import { BROKERS, DATABASES, brokerAddress } from './targets.js';

/** One dial/close target of the leak probe. */
export interface LeakTarget {
  name: string;
  address: string;
  sql?: boolean;
  cycles?: number;
}

/**
 * Broker and database targets for the leak probe from the running services' `OMNIDIAL_TEST_*_URL`
 * variables (only dial/close: safe on shared servers). Missing ones are listed in `missing`.
 */
export function serviceLeakTargets(): { targets: LeakTarget[]; missing: string[] } {
  const targets: LeakTarget[] = [];
  const missing: string[] = [];
  for (const name of BROKERS) {
    if (!hasService(name)) missing.push(name);
    // A Kafka dial joins a consumer group (seconds): CI-sized runs keep it short.
    else
      targets.push({
        name,
        address: brokerAddress(name, serviceUrl(name)).replace(/\|.*$/, ''),
        ...(name === 'kafka' ? { cycles: 20 } : name === 'amqp' ? { cycles: 100 } : {}),
      });
  }
  for (const name of DATABASES) {
    if (!hasService(name)) missing.push(name);
    else targets.push({ name, address: serviceUrl(name), sql: true });
  }
  return { targets, missing };
}
