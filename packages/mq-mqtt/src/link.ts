import type { MqttClient } from 'mqtt';
import type { Link, LinkContext, SettleOutcome } from '@omnidial/core/driver';
import { isTopicFilter, type MqttEndpoint } from './driver.js';

/**
 * One live MQTT connection: publishes on the endpoint's topic, reports the end of the network
 * connection to the core, and sends deferred acknowledgements while it is alive.
 */
export class MqttLink implements Link {
  readonly #client: MqttClient;
  readonly #endpoint: MqttEndpoint;
  readonly #context: LinkContext;
  #closed = false;
  #lost = false;
  #lastError: Error | undefined;

  constructor(client: MqttClient, endpoint: MqttEndpoint, context: LinkContext) {
    this.#client = client;
    this.#endpoint = endpoint;
    this.#context = context;
  }

  /** Starts reporting the loss of the connection; call once it is up and subscribed. */
  watch(): void {
    this.#client.on('error', (error) => { this.#lastError = error; });
    this.#client.on('close', () => this.#reportLost());
    if (!this.#client.connected) this.#reportLost();
  }

  #reportLost(): void {
    if (this.#closed || this.#lost) return;
    this.#lost = true;
    this.#context.lost(this.#lastError ?? new Error('connection closed by the broker'));
  }

  /**
   * Acknowledges a message when `read()` handed it over. A message dropped by a full queue is
   * acknowledged too (the queue's policy discarded it), but only if the link is still open a
   * moment later: `close()` releases unread messages as `dropped`, and those must stay
   * unacknowledged so that the broker redelivers them.
   */
  acknowledge(outcome: SettleOutcome, send: () => void): void {
    if (this.#closed) return;
    if (outcome === 'delivered') send();
    else queueMicrotask(() => { if (!this.#closed) send(); });
  }

  write(data: string | Uint8Array, signal?: AbortSignal): Promise<number> {
    const { topic, qos, retain } = this.#endpoint;
    const payload = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (isTopicFilter(topic)) {
      return Promise.reject(this.#context.error('InvalidArgument', `cannot publish on the topic filter "${topic}" (it contains + or #)`));
    }
    if (this.#closed || !this.#client.connected) return Promise.reject(this.#context.error('Unavailable', 'not connected'));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#client.publish(topic, payload, { qos, retain }, (error) => {
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(this.#context.error('Unavailable', `publish failed: ${error.message}`, error));
        else resolve(payload.length);
      });
    });
  }

  /**
   * Ends the connection. On a user's `close()` of a session that is not meant to outlive the
   * connection (`clean=true`), the session is discarded, so unacknowledged messages are not
   * kept at the broker for nobody.
   */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    const client = this.#client;
    if (this.#lost || !client.connected) return new Promise((resolve) => client.end(true, () => resolve()));
    const keep = !this.#endpoint.clean && this.#endpoint.session > 0;
    const opts = keep || this.#endpoint.session === 0 ? {} : { properties: { sessionExpiryInterval: 0 } };
    return new Promise((resolve) => {
      const timer = setTimeout(() => client.end(true, () => resolve()), 2000);
      client.end(false, opts, () => { clearTimeout(timer); resolve(); });
    });
  }
}
