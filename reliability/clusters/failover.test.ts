import { describe, expect, it } from 'vitest';
import '@omnidial/mq-nats';
import '@omnidial/mq-kafka';
import '@omnidial/mq-amqp';
import { runFailover } from '../src/clusters/failover.js';
import { describeKill } from '../src/clusters/kill-log.js';
import { recordClusterFigures } from '../src/clusters/figures.js';
import { CLUSTERS, failoverTarget, type ClusterBroker } from '../src/clusters/targets.js';
import { requireCluster } from './support.js';

/**
 * The issue asks for 10 kills per broker at ~1 000 messages per second, in CI too (`.ci/run` runs
 * this suite as its own step; ADR 0240). `CLUSTER_CYCLES` only shortens a run by hand.
 */
const CYCLES = Number(process.env.CLUSTER_CYCLES ?? 10);
const RATE = Number(process.env.CLUSTER_RATE ?? 1000);

for (const broker of Object.keys(CLUSTERS) as ClusterBroker[]) {
  describe(`${broker} cluster: the attached node is killed ${CYCLES} times`, () => {
    requireCluster(broker);
    it('fails over to the other nodes and loses no acknowledged message', async () => {
      const figures = await runFailover(await failoverTarget(broker), {
        cycles: CYCLES,
        rate: RATE,
        settleMs: 2000,
        recoverLimitMs: 60_000,
        drainMs: 60_000,
      });
      console.info(`[clusters] failover ${broker}: ${JSON.stringify(figures)}`);
      recordClusterFigures('failover', broker, figures);
      expect(figures.acknowledged).toBeGreaterThan(CYCLES * 100);
      expect(figures.lost).toBe(0);
      expect(figures.unrecovered, figures.kills.map(describeKill).join('\n')).toBe(0);
      expect(figures.unhandledRejections).toBe(0);
      expect(figures.failoverMs).toHaveLength(CYCLES);
      expect(figures.kills.map((kill) => kill.cycle)).toEqual([...Array(CYCLES).keys()]);
    });
  });
}
