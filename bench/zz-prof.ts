// scratch: omnidial-only throughput for profiling (delete me)
import { dial, Registry } from '@omnidial/core';
import { kafkaDriver } from '@omnidial/mq-kafka';
import { amqpDriver } from '@omnidial/mq-amqp';
import { natsDriver } from '@omnidial/mq-nats';
const which = process.argv[2] ?? 'kafka';
const COUNT = 100_000, WINDOW = 1000, PAYLOAD = 'x'.repeat(64);
const registry = new Registry().register(kafkaDriver).register(amqpDriver).register(natsDriver);
const id = `${process.pid}_${Date.now()}`;
let reader, writer;
if (which === 'kafka') { reader = writer = await dial(`${process.env.OMNIDIAL_TEST_KAFKA_URL!.replace(/\/$/,'')}/prof_${id}${process.env.QS ? "|qsize=" + process.env.QS : ""}`, { registry, timeout: 30 }); }
else if (which === 'amqp') { reader = writer = await dial(`${process.env.OMNIDIAL_TEST_AMQP_URL}?queue=prof_${id}&prefetch=2000`, { registry }); }
else { reader = await dial(`${process.env.OMNIDIAL_TEST_NATS_URL}?topic=p.${id}|qsize=${COUNT}`, { registry }); writer = await dial(`${process.env.OMNIDIAL_TEST_NATS_URL}?topic=p.${id}&echo=false`, { registry }); }
for (let rep = 0; rep < Number(process.argv[3] ?? 2); rep++) {
  let received = 0;
  const consumed = (async () => { while (received < COUNT) { const m = await reader.read(10_000); if (m === null || m === '') break; received++; } })();
  const start = performance.now(); const cpu0 = process.cpuUsage();
  for (let i = 0; i < COUNT; i += WINDOW) await Promise.all(Array.from({ length: WINDOW }, () => writer.write(PAYLOAD)));
  const wrote = performance.now() - start;
  await consumed;
  const s = (performance.now() - start) / 1000;
  console.log(which, "cpu ms", Math.round((process.cpuUsage(cpu0).user+process.cpuUsage(cpu0).system)/1000), "rate", Math.round(received / s), 'write phase ms', Math.round(wrote), 'got', received);
}
const rtt = [];
for (let i = 0; i < 300; i++) { const t0 = performance.now(); await writer.write(PAYLOAD); await reader.read(); rtt.push(performance.now() - t0); }
rtt.sort((a, b) => a - b); console.log('rtt p50', rtt[150].toFixed(3));
await reader.close(); if (writer !== reader) await writer.close();
process.exit(0);
