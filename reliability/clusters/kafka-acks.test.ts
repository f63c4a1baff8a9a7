import { describe, expect, it } from 'vitest';
import '@omnidial/mq-kafka';
import type { Connection } from '@omnidial/core';
import { killNode, nodePorts, serviceUrl, startNode } from '@omnidial/test-infra';
import { createKafkaTopic, kafkaPartitionState } from '@omnidial/test-infra/clusters';
import { sleep } from '../src/stats.js';
import { dialWithin } from '../src/clusters/dial-retry.js';
import { CLUSTERS, runNames } from '../src/clusters/targets.js';
import { requireCluster } from './support.js';

const RECONNECT = 'reconnect=true&interval=200';

/** Writes until one write is acknowledged (resolves more than 0 bytes) or `ms` pass. */
async function acknowledgedWithin(conn: Connection, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(500)) {
    if ((await conn.write(`probe ${Date.now()}`)) > 0) return true;
  }
  return false;
}

// What the failover test's "0 lost" rests on: acks=all reaches the broker on every produce, and
// the cluster refuses such a write when fewer than min.insync.replicas=2 replicas have it.
// (@platformatic/kafka once sent acks=1 whatever the producer was given; see ADR 0190.)
describe('kafka cluster: acks=all needs two in-sync replicas', () => {
  requireCluster('kafka');
  it('an acks=all write is refused while only the leader is in sync; an acks=1 write is not', async () => {
    const service = CLUSTERS.kafka;
    const url = serviceUrl(service);
    const ports = await nodePorts(service);
    const { topic } = runNames('kafka');
    // One partition on nodes 1 and 2 only, so losing one of them leaves a single in-sync replica.
    await createKafkaTopic(url, topic, 1, 2, [1, 2]);
    const { leader, replicas } = await kafkaPartitionState(url, topic);
    const follower = ports.indexOf(replicas.find((port) => port !== leader)!);
    const all = await dialWithin(`${url}/${topic}|${RECONNECT}`);
    const one = await dialWithin(`${url}/${topic}?acks=1|${RECONNECT}`);
    try {
      expect(await acknowledgedWithin(all, 60_000)).toBe(true);
      await killNode(service, follower);
      // The controller takes the dead node out of the ISR once its broker session times out.
      let isr = 2;
      for (const end = Date.now() + 60_000; isr > 1 && Date.now() < end; await sleep(500)) {
        isr = (await kafkaPartitionState(url, topic)).isr.length;
      }
      expect(isr).toBe(1);
      // The links re-dial after the node's death; then the leader alone takes an acks=1 write...
      expect(await acknowledgedWithin(one, 60_000)).toBe(true);
      // ...and refuses every acks=all one (NOT_ENOUGH_REPLICAS: the write resolves 0, the link re-dials).
      expect(await acknowledgedWithin(all, 15_000)).toBe(false);
    } finally {
      await Promise.allSettled([all.close(), one.close()]);
      await startNode(service, follower);
    }
  });
});
