/**
 * One member of a consumer group, run as its own process by the work-sharing test: dials
 * `MEMBER_ADDRESS`, prints `ready`, then `r <seq>` for every message it reads, until killed.
 */
import '@omnidial/mq-nats';
import '@omnidial/mq-kafka';
import '@omnidial/mq-amqp';
import { dialWithin } from './dial-retry.js';

const address = process.env.MEMBER_ADDRESS;
if (!address) throw new Error('MEMBER_ADDRESS is not set');
const conn = await dialWithin(address);
process.stdout.write('ready\n');
for (;;) {
  const data = await conn.read(200);
  if (data === null) continue;
  const match = /:(\d+)$/.exec(String(data));
  // stdout is a pipe: writes are synchronous on Linux, so a printed read survives a SIGKILL.
  if (match) process.stdout.write(`r ${match[1]}\n`);
}
