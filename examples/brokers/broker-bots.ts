/**
 * The two bots of the AMQP and Kafka signal-bot examples: a signal bot publishes trade signals,
 * an execution bot (a child process running `node <file> exec <signals> <fills> <signalsOut> <fillsOut>`)
 * reads them and reports fills back. Each side reads one address and writes another.
 */
import { spawn } from 'node:child_process';
import { dial } from '@omnidial/core';

const SIGNALS = ['BUY BTC 0.1', 'SELL ETH 2', 'BUY SOL 10'];

/** Addresses of one run: where each bot reads and where it writes. */
export interface BotAddresses {
  /** The execution bot reads signals here. */
  signalsIn: string;
  /** The signal bot publishes signals here. */
  signalsOut: string;
  /** The signal bot reads fills here. */
  fillsIn: string;
  /** The execution bot publishes fills here. */
  fillsOut: string;
}

/** The execution bot: reads signals until `STOP`, answers each with a fill. */
export async function executionBot(a: BotAddresses): Promise<void> {
  const inbox = await dial(`${a.signalsIn}|reconnect=true`, 30);
  const outbox = await dial(`${a.fillsOut}|reconnect=true`, 30);
  await outbox.write('READY');
  for (;;) {
    const signal = await inbox.read();
    if (signal === 'STOP' || signal === '') break;
    if (typeof signal === 'string') await outbox.write(`FILLED ${signal}`);
  }
  await Promise.all([inbox.close(), outbox.close()]);
}

/** The signal bot: starts the execution bot (running `script`), sends signals, collects the fills. */
export async function signalBot(script: string, a: BotAddresses): Promise<void> {
  const inbox = await dial(a.fillsIn, 30);
  const child = spawn(process.execPath, [...process.execArgv, script, 'exec', JSON.stringify(a)], { stdio: 'inherit' });
  if ((await inbox.read(30_000)) !== 'READY') throw new Error('the execution bot did not start');
  const outbox = await dial(a.signalsOut, 30);
  for (const signal of SIGNALS) await outbox.write(signal);
  for (let i = 0; i < SIGNALS.length; i += 1) console.log('signal bot got:', await inbox.read(10_000));
  await outbox.write('STOP');
  await new Promise((resolve) => child.once('exit', resolve));
  await Promise.all([inbox.close(), outbox.close()]);
}

/** Runs the execution bot when started as the child, else the signal bot with `addresses`. */
export async function main(script: string, addresses: () => BotAddresses): Promise<void> {
  const [role, json] = process.argv.slice(2);
  if (role === 'exec' && json !== undefined) await executionBot(JSON.parse(json) as BotAddresses);
  else await signalBot(script, addresses());
}
