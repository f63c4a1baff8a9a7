import { describe, expect, it } from 'vitest';
import '@omnidial/mq-nats';
import '@omnidial/mq-kafka';
import '@omnidial/mq-amqp';
import { dialWithin } from '../src/clusters/dial-retry.js';
import { recordClusterFigures } from '../src/clusters/figures.js';
import { runSharing } from '../src/clusters/share.js';
import { CLUSTERS, clusterAddresses, type ClusterBroker } from '../src/clusters/targets.js';
import { requireCluster } from './support.js';

const MEMBERS = 3;

for (const broker of Object.keys(CLUSTERS) as ClusterBroker[]) {
  describe(`${broker} cluster: ${MEMBERS} processes in one consumer group`, () => {
    requireCluster(broker);
    it('split the messages, and the others take over when one is killed', async () => {
      const { reader, writer: writerAddress } = await clusterAddresses(broker, MEMBERS);
      const writer = await dialWithin(writerAddress);
      try {
        // A small prefetch spreads the messages over the members; a short ackWait hands a dead
        // NATS member's unacknowledged messages on quickly (both are in docs/guide/scaling.md).
        const member = `${reader}&qsize=50${broker === 'nats' ? '&ackWait=5000' : ''}`;
        const figures = await runSharing(broker, member, writer, {
          members: MEMBERS,
          rate: 500,
          beforeKillMs: 8000,
          afterKillMs: 12_000,
          drainMs: 60_000,
        });
        console.info(`[clusters] sharing ${broker}: ${JSON.stringify(figures)}`);
        recordClusterFigures('sharing', broker, figures);
        // Traffic, not a speed: acks=all under load reached 960 in one run (ADR 0245).
        expect(figures.acknowledged).toBeGreaterThan(500);
        for (const share of figures.sharesBeforeKill) expect(share).toBeGreaterThan(0);
        for (const share of figures.sharesAfterKill) expect(share).toBeGreaterThan(0);
        // Nothing lost but, at most, the message the killed member held between read() and its record.
        expect(figures.lost - figures.unrecordedAtKill).toBe(0);
      } finally {
        await writer.close();
      }
    });
  });
}
