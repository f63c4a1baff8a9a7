import { it } from 'vitest';
import { hasService } from '@omnidial/test-infra';
import { CLUSTERS, type ClusterBroker } from '../src/clusters/targets.js';

/**
 * Registers a failing test when `broker`'s cluster is not running: this suite is only run by
 * `pnpm test:clusters`, which starts all three, so a missing cluster is a defect, never a skip.
 */
export function requireCluster(broker: ClusterBroker): void {
  const service = CLUSTERS[broker];
  if (!hasService(service)) {
    it(`${service} is running`, () => {
      throw new Error(`${service} is not running: use \`pnpm test:clusters\` (it starts the clusters)`);
    });
  }
}
