/**
 * Two processes talk over a broker: a signal bot publishes trade signals, an execution bot
 * (a child process) reads them and reports fills back on a second topic. The same code runs
 * over MQTT and NATS; only the address changes (see nats-signal-bots.ts).
 * Run: `pnpm with-services -- tsx examples/brokers/mqtt-signal-bots.ts`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dial } from '@omnidial/core';
import '@omnidial/mq-mqtt';
import '@omnidial/mq-nats';

const SIGNALS = ['BUY BTC 0.1', 'SELL ETH 2', 'BUY SOL 10'];

/** The execution bot: reads signals until `STOP`, answers each with a fill. */
async function executionBot(signals: string, fills: string): Promise<void> {
  const inbox = await dial(`${signals}|reconnect=true`);
  const outbox = await dial(`${fills}&echo=false|reconnect=true`);
  await outbox.write('READY');
  for (;;) {
    const signal = await inbox.read();
    if (signal === 'STOP') break;
    if (typeof signal === 'string' && signal !== '') await outbox.write(`FILLED ${signal}`);
  }
  await Promise.all([inbox.close(), outbox.close()]);
}

/** The signal bot: starts the execution bot, sends signals, collects the fills. */
async function signalBot(signals: string, fills: string): Promise<void> {
  const inbox = await dial(fills);
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'exec', signals, fills], {
    stdio: 'inherit',
  });
  if ((await inbox.read(15_000)) !== 'READY') throw new Error('the execution bot did not start');
  const outbox = await dial(`${signals}&echo=false`);
  for (const signal of SIGNALS) await outbox.write(signal);
  for (let i = 0; i < SIGNALS.length; i += 1) console.log('signal bot got:', await inbox.read(5000));
  await outbox.write('STOP');
  await new Promise((resolve) => child.once('exit', resolve));
  await Promise.all([inbox.close(), outbox.close()]);
}

/** Runs both bots over the broker at `base` (e.g. `mqtt://127.0.0.1:1883`), on fresh topics. */
export async function runBots(base: string, separator: '/' | '.'): Promise<void> {
  const id = `${process.pid}`;
  const qos = base.startsWith('mqtt') ? '&qos=1' : '';
  await signalBot(
    `${base}?topic=bots${separator}signals${separator}${id}${qos}`,
    `${base}?topic=bots${separator}fills${separator}${id}${qos}`,
  );
}

const [role, signals, fills] = process.argv.slice(2);
if (role === 'exec' && signals !== undefined && fills !== undefined) {
  await executionBot(signals, fills);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  await runBots(process.env.OMNIDIAL_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883', '/');
}
