import type { Channel, ChannelModel } from 'amqplib';
import type { AmqpEndpoint } from './address.js';

/** AMQP reply code of a declaration whose arguments differ from the existing entity's. */
const PRECONDITION_FAILED = 406;

/**
 * Declares what the address names and returns the queue to consume from. A queue or exchange
 * that already exists with other arguments (say, durable) is used as it is, and `amq.*`
 * exchanges are only checked. Declarations run on a throwaway channel because a refused
 * declaration closes its channel.
 */
export async function declareTopology(model: ChannelModel, endpoint: AmqpEndpoint): Promise<string> {
  const { exchange, durable } = endpoint;
  if (exchange !== '') {
    await declare(
      model,
      exchange.startsWith('amq.'),
      (ch) => ch.assertExchange(exchange, endpoint.exchangeType, { durable }),
      (ch) => ch.checkExchange(exchange),
    );
  }
  let queue = endpoint.queue;
  if (queue === undefined) {
    // No queue named: a private queue for this connection, gone when it closes (fan-out).
    queue = await withChannel(
      model,
      async (ch) => (await ch.assertQueue('', { exclusive: true, autoDelete: true, durable: false })).queue,
    );
  } else {
    const name = queue;
    await declare(
      model,
      name.startsWith('amq.'),
      (ch) => ch.assertQueue(name, { durable, autoDelete: false }),
      (ch) => ch.checkQueue(name),
    );
  }
  if (exchange !== '') {
    const name = queue;
    await withChannel(model, (ch) => ch.bindQueue(name, exchange, endpoint.bindKey));
  }
  return queue;
}

async function declare(
  model: ChannelModel,
  checkOnly: boolean,
  assert: (ch: Channel) => Promise<unknown>,
  check: (ch: Channel) => Promise<unknown>,
): Promise<void> {
  if (!checkOnly) {
    try {
      await withChannel(model, assert);
      return;
    } catch (error) {
      if ((error as { code?: number }).code !== PRECONDITION_FAILED) throw error;
    }
  }
  await withChannel(model, check);
}

async function withChannel<T>(model: ChannelModel, work: (ch: Channel) => Promise<T>): Promise<T> {
  const ch = await model.createChannel();
  ch.on('error', () => undefined); // a refused declaration closes the channel; the promise reports it
  try {
    return await work(ch);
  } finally {
    await ch.close().catch(() => undefined);
  }
}
