import type { Message } from './types.js';

/** MQTT: the topic a message was published on (the concrete one under a `+`/`#` subscription). */
export interface MqttMetadata {
  readonly transport: 'mqtt';
  readonly topic: string;
  readonly qos: 0 | 1 | 2;
  /** The broker sent it as the retained message of the topic. */
  readonly retain: boolean;
}

/** NATS: the subject a message was published on (the concrete one under a `*`/`>` subscription). */
export interface NatsMetadata {
  readonly transport: 'nats';
  readonly subject: string;
  /** Message headers, each with all its values; undefined when the message has none. */
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  /** JetStream only: the message's sequence number in its stream. */
  readonly sequence?: number;
  /** JetStream only: how many times the server has delivered it (1 the first time). */
  readonly deliveries?: number;
}

/** AMQP 0-9-1: where the broker routed the message from. */
export interface AmqpMetadata {
  readonly transport: 'amqp';
  /** The exchange it was published to (`""` for the default exchange). */
  readonly exchange: string;
  readonly routingKey: string;
  /** Application headers (`{}` when none). */
  readonly headers: Readonly<Record<string, unknown>>;
  /** The broker delivered it before (to this or another consumer) without an acknowledgement. */
  readonly redelivered: boolean;
}

/** Kafka: the record's coordinates and attributes. Key and header values follow the message rule (text if UTF-8, else bytes). */
export interface KafkaMetadata {
  readonly transport: 'kafka';
  readonly topic: string;
  readonly partition: number;
  /** The offset as a decimal string (Kafka offsets are 64-bit). */
  readonly offset: string;
  readonly key: Message | null;
  readonly headers: Readonly<Record<string, Message>>;
  /** The record's timestamp, ms since the epoch (create or log-append time, per the topic). */
  readonly timestamp: number;
}

/** udp: who sent the datagram. */
export interface UdpMetadata {
  readonly transport: 'udp';
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/** tcp, tls and unix: a received chunk has no metadata beyond its receive time. */
export interface StreamMetadata {
  readonly transport: 'stream';
}

/** WebSocket: a received message has no metadata beyond its receive time. */
export interface WsMetadata {
  readonly transport: 'ws';
}

/** A transport that reports no metadata (e.g. a replayed recording). */
export interface NoMetadata {
  readonly transport: 'none';
}

/** What a transport knows about a received message; `transport` tells the shapes apart. */
export type MessageMetadata =
  MqttMetadata | NatsMetadata | AmqpMetadata | KafkaMetadata | UdpMetadata | StreamMetadata | WsMetadata | NoMetadata;

/**
 * A message as `readMessage()` gives it: the same `data` `read()` would give, when it was
 * received, and what the transport knows about it. Narrow on `transport`:
 * `if (m.transport === 'mqtt') m.topic`.
 */
export type ReceivedMessage = MessageMetadata & {
  readonly data: Message;
  /** When the connection queued it: ms since the epoch (`Date.now()` read once per synchronous run that delivers messages). */
  readonly receivedAt: number;
};

/** The metadata of drivers that give none. */
export const NO_METADATA: NoMetadata = Object.freeze({ transport: 'none' });

/** The metadata of every tcp, tls and unix chunk: one shared object, nothing allocated per message. */
export const STREAM_METADATA: StreamMetadata = Object.freeze({ transport: 'stream' });

/** The metadata of every WebSocket message: one shared object, nothing allocated per message. */
export const WS_METADATA: WsMetadata = Object.freeze({ transport: 'ws' });

/**
 * What a driver hands over with a message for `readMessage()`: the metadata itself, or a function
 * that builds it. The function is called only when `readMessage()` takes the message (once), so
 * `read()` never pays for metadata it does not show: use it where building costs per message
 * (numbers to convert, headers to decode).
 */
export type MetadataSource = MessageMetadata | (() => MessageMetadata);

/** Builds what `readMessage()` returns. */
export function receivedMessage(data: Message, meta: MetadataSource | undefined, receivedAt: number): ReceivedMessage {
  return { data, receivedAt, ...(typeof meta === 'function' ? meta() : (meta ?? NO_METADATA)) };
}
