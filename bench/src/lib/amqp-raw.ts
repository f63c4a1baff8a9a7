import type amqp from 'amqplib';

/** The raw consumer of the amqp row, started by {@link rawConsume}. */
export interface RawConsumer {
  /** Sends the pending ack now (before closing the channel). */
  flush(): void;
  /** Characters decoded so far (proof the bodies were decoded). */
  chars(): number;
}

/**
 * Consumes `queue` on `sub` as omnidial does: each body decoded to a string, and everything
 * handed over acknowledged with one ack(allUpTo) per event-loop turn (not one ack per message).
 * `onMessage` runs after each message.
 */
export async function rawConsume(sub: amqp.Channel, queue: string, onMessage: () => void): Promise<RawConsumer> {
  let newest: amqp.ConsumeMessage | undefined;
  let sink = 0;
  const flush = (): void => {
    if (newest !== undefined) sub.ack(newest, true);
    newest = undefined;
  };
  await sub.consume(queue, (m) => {
    if (m === null) return;
    sink += m.content.toString().length;
    if (newest === undefined) setImmediate(flush);
    newest = m;
    onMessage();
  });
  return { flush, chars: () => sink };
}
