import type { MqttClient } from 'mqtt';
import { callbackBatch, type LinkContext, type MessageLink } from '@omnidial/core/driver';
import { isTopicFilter, type MqttEndpoint } from './driver.js';

/** Messages a paused link still takes in while its own publishes await their PUBACK. */
export const ACK_HEADROOM = 1000;

/**
 * One live MQTT connection: publishes on the endpoint's topic, reports the end of the network
 * connection to the core, sends deferred acknowledgements while it is alive, and stops taking
 * messages in while the core has paused it.
 *
 * Pausing holds mqtt.js's packet callback: mqtt.js handles incoming packets one at a time, so
 * it reads no further packet from the socket and TCP back-pressure stops the broker (mosquitto
 * does not keep to the receive maximum once acknowledgements flow). Meanwhile PINGRESPs are
 * not processed either, so the link sends its own PINGREQs (the broker must hear from us
 * within 1.5 keep-alives) and holds off mqtt.js's keep-alive timeout.
 *
 * A QoS >= 1 publish waits for its PUBACK, which the broker may send behind messages for this
 * connection (its own publishes with echo=true): while a publish awaits its acknowledgement
 * the link keeps taking packets in, up to {@link ACK_HEADROOM} messages past the queue's cap,
 * so a connection that writes and does not read never waits forever on its own write.
 */
export class MqttLink implements MessageLink {
  readonly #client: MqttClient;
  readonly #endpoint: MqttEndpoint;
  readonly #context: LinkContext;
  #closed = false;
  #lost = false;
  #lastError: Error | undefined;
  #paused = false;
  /** mqtt.js's callback for the packet that arrived while paused; called on resume(). */
  #held: (() => void) | undefined;
  #pinger: NodeJS.Timeout | undefined;
  /** QoS >= 1 publishes sent and not yet acknowledged. */
  #awaitingAck = 0;
  /** Messages taken in past the cap while paused, so that acknowledgements could arrive. */
  #overCap = 0;
  /** The broker's Receive Maximum: QoS >= 1 publishes it accepts unacknowledged at once. */
  #window = 65_535;
  /** QoS >= 1 publishes waiting for room in that window, oldest first. */
  readonly #waiting: { payload: Buffer; done: (error?: Error) => void }[] = [];

  constructor(client: MqttClient, endpoint: MqttEndpoint, context: LinkContext) {
    this.#client = client;
    this.#endpoint = endpoint;
    this.#context = context;
  }

  /** Starts reporting the loss of the connection; call once it is up and subscribed. */
  watch(): void {
    this.#client.on('error', (error) => {
      this.#lastError = error;
    });
    this.#client.on('close', () => this.#reportLost());
    if (!this.#client.connected) this.#reportLost();
  }

  #reportLost(): void {
    if (this.#closed || this.#lost) return;
    this.#lost = true;
    this.#context.lost(this.#lastError ?? new Error('connection closed by the broker'));
  }

  /** Lets mqtt.js go on to the next packet now, or on resume() while paused. */
  proceed(next: () => void): void {
    if (this.#paused && !this.#closed && !this.#mayPassForAck()) this.#held = next;
    else next();
  }

  /** While paused, whether one more packet may pass because a publish awaits its PUBACK. */
  #mayPassForAck(): boolean {
    if (this.#awaitingAck === 0 || this.#overCap >= ACK_HEADROOM) return false;
    this.#overCap += 1;
    return true;
  }

  /** Lets the held packet through when a publish now awaits an acknowledgement behind it. */
  #releaseForAck(): void {
    if (!this.#paused || this.#held === undefined || !this.#mayPassForAck()) return;
    const held = this.#held;
    this.#held = undefined;
    held();
  }

  pause(): void {
    if (this.#paused || this.#closed) return;
    this.#paused = true;
    const keepalive = this.#endpoint.keepalive;
    if (keepalive > 0) {
      this.#pinger = setInterval(
        () => {
          this.#client.reschedulePing(true);
          if (this.#client.connected) this.#client.sendPing();
        },
        (keepalive * 1000) / 2,
      );
    }
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#overCap = 0;
    clearInterval(this.#pinger);
    this.#client.reschedulePing(true);
    const held = this.#held;
    this.#held = undefined;
    held?.();
  }

  write(data: string | Uint8Array, signal?: AbortSignal): Promise<number> {
    const refused = this.#refusal();
    if (refused !== undefined) return Promise.reject(refused);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const payload = toPayload(data);
      this.#publish(payload, (error) => {
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(payload.length);
      });
      this.#releaseForAck();
    });
  }

  /**
   * `write()` without a timeout or signal: a QoS 0 publish that the socket took at once completes
   * before `publish()` returns (mqtt.js calls back synchronously), so its bytes come back as a
   * number, with no promise of its own; otherwise (socket full, QoS ≥ 1) a promise of them.
   */
  writeNow(data: string | Uint8Array): number | Promise<number> {
    const refused = this.#refusal();
    if (refused !== undefined) throw refused;
    const payload = toPayload(data);
    let outcome: Error | null | undefined;
    let settle: ((error?: Error) => void) | undefined;
    this.#publish(payload, (error) => {
      if (settle === undefined) outcome = error ?? null;
      else settle(error);
    });
    this.#releaseForAck();
    if (outcome === null) return payload.length;
    if (outcome !== undefined) throw outcome;
    return new Promise((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve(payload.length));
    });
  }

  /** Publishes every item in this turn (mqtt-packet corks the socket until the next tick) and settles once for all. */
  writeMany(items: readonly (string | Uint8Array)[], signal?: AbortSignal): Promise<number> {
    const refused = this.#refusal();
    if (refused !== undefined) return Promise.reject(refused);
    const sent = callbackBatch(
      items,
      (item, done) => {
        const payload = toPayload(item);
        this.#publish(payload, done);
        return payload.length;
      },
      signal,
    );
    this.#releaseForAck();
    return sent;
  }

  /** Why nothing can be published now, or undefined. */
  #refusal(): Error | undefined {
    const { topic } = this.#endpoint;
    if (isTopicFilter(topic))
      return this.#context.error(
        'InvalidArgument',
        `cannot publish on the topic filter "${topic}" (it contains + or #)`,
      );
    if (this.#closed || !this.#client.connected) return this.#context.error('Unavailable', 'not connected');
    return undefined;
  }

  /** Sets the broker's Receive Maximum (CONNACK): QoS >= 1 publishes it takes unacknowledged at once. */
  limitInFlight(receiveMaximum: number | undefined): void {
    if (receiveMaximum !== undefined && receiveMaximum > 0) this.#window = receiveMaximum;
  }

  /**
   * Starts one publish, or queues it (in order) while the broker's Receive Maximum of QoS >= 1
   * publishes await acknowledgement: past it mosquitto refuses a publish ("Quota exceeded").
   * `done` gets a DialError or nothing (possibly before this returns, at QoS 0).
   */
  #publish(payload: Buffer, done: (error?: Error) => void): void {
    if (this.#endpoint.qos > 0 && (this.#awaitingAck >= this.#window || this.#waiting.length > 0))
      this.#waiting.push({ payload, done });
    else this.#send(payload, done);
  }

  #send(payload: Buffer, done: (error?: Error) => void): void {
    const { topic, qos, retain } = this.#endpoint;
    if (qos > 0) this.#awaitingAck += 1;
    this.#client.publish(topic, payload, { qos, retain }, (error) => {
      if (qos > 0) {
        this.#awaitingAck -= 1;
        this.#sendWaiting();
      }
      done(error ? this.#context.error('Unavailable', `publish failed: ${error.message}`, error) : undefined);
    });
  }

  /** Sends queued publishes while the window has room; fails them all once the connection is gone. */
  #sendWaiting(): void {
    if (this.#closed || !this.#client.connected) {
      for (const { done } of this.#waiting.splice(0))
        done(this.#context.error('Unavailable', 'the connection ended before the publish was sent'));
      return;
    }
    while (this.#waiting.length > 0 && this.#awaitingAck < this.#window) {
      const { payload, done } = this.#waiting.shift()!;
      this.#send(payload, done);
    }
  }

  /**
   * Ends the connection. On a user's `close()` of a session that is not meant to outlive the
   * connection (`clean=true`), the session is discarded, so unacknowledged messages are not
   * kept at the broker for nobody.
   */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    clearInterval(this.#pinger);
    this.#sendWaiting();
    const client = this.#client;
    if (this.#lost || !client.connected) return new Promise((resolve) => client.end(true, () => resolve()));
    const keep = !this.#endpoint.clean && this.#endpoint.session > 0;
    const opts = keep || this.#endpoint.session === 0 ? {} : { properties: { sessionExpiryInterval: 0 } };
    return new Promise((resolve) => {
      const timer = setTimeout(() => client.end(true, () => resolve()), 2000);
      client.end(false, opts, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function toPayload(data: string | Uint8Array): Buffer {
  return typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
