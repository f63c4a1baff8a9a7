import { Consumer, Producer } from '@platformatic/kafka';
const COUNT = 100_000, WINDOW = 1000, PAYLOAD = 'x'.repeat(64);
const brokers = process.env.OMNIDIAL_TEST_KAFKA_URL!.replace('kafka://', '').replace(/\/$/,'').split(',');
const options = { clientId: 'bench', bootstrapBrokers: brokers, retries: 3, retryDelay: 250 };
const topic = `raw_${process.pid}_${Date.now()}`;
const producer = new Producer({ ...options, acks: -1, autocreateTopics: true });
await producer.metadata({ topics: [topic], autocreateTopics: true });
const consumer = new Consumer({ ...options, groupId: topic + 'g' });
const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: false, maxWaitTime: 100 });
let received = 0; let done = () => {};
stream.on('data', () => { if (++received % COUNT === 0) done(); });
const value = Buffer.from(PAYLOAD);
for (let rep = 0; rep < Number(process.argv[2] ?? 2); rep++) {
  const finished = new Promise<void>((r) => { done = r; });
  const start = performance.now(); const cpu0 = process.cpuUsage();
  for (let i = 0; i < COUNT; i += WINDOW) await producer.send({ messages: Array.from({ length: WINDOW }, () => ({ topic, value })) });
  const wrote = performance.now() - start;
  await finished;
  console.log("raw cpu ms", Math.round((process.cpuUsage(cpu0).user+process.cpuUsage(cpu0).system)/1000), "rate", Math.round(COUNT / ((performance.now() - start) / 1000)), 'write phase', Math.round(wrote));
}
await Promise.allSettled([stream.close(), consumer.close(true), producer.close()]);
process.exit(0);
