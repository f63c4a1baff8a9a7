import {
  connect as mqttConnect,
  type IClientOptions,
  type IConnackPacket,
  type IPublishPacket,
  type MqttClient,
} from 'mqtt';
import {
  certificateError,
  connectToAnyNode,
  loadTls,
  tlsSettingsIf,
  toMessage,
  type Connector,
  type Link,
  type LinkContext,
  type Settle,
  type HostPort,
} from '@omnidial/core/driver';
import type { MqttEndpoint } from './driver.js';
import { MqttLink } from './link.js';

/** Endpoints dialed before: their re-dials resume the session instead of starting clean. */
const dialed = new WeakSet<MqttEndpoint>();

/** Thrown into mqtt.js's `handleMessage` callback to skip its automatic PUBACK (see {@link sendPuback}). */
const DEFER_ACK = new Error('omnidial: PUBACK deferred until read()');

type PrivateClient = { _sendPacket(packet: { cmd: 'puback'; messageId: number }, cb: () => void): void };

/**
 * Sends the PUBACK of a QoS 1 message ourselves, once `read()` handed it over. mqtt.js
 * processes incoming packets one at a time and would stall (keep-alive included) if its
 * `handleMessage` callback were held back, so the callback is released at once with
 * {@link DEFER_ACK}, which makes mqtt.js skip its own PUBACK.
 */
function sendPuback(client: MqttClient, messageId: number): void {
  (client as unknown as PrivateClient)._sendPacket({ cmd: 'puback', messageId }, () => undefined);
}

/**
 * What settles a QoS >= 1 message (a message with a settle callback is never dropped by the
 * receive queue): QoS 1 is acknowledged when `read()` hands it over, and left unacknowledged
 * when released at close, so the session redelivers it. QoS 2 was completed by mqtt.js on
 * receipt; its settle only keeps it from being dropped.
 */
function settlerFor(client: MqttClient, packet: IPublishPacket): Settle | undefined {
  if (packet.qos === 2) return noSettle;
  if (packet.qos !== 1 || packet.messageId === undefined) return undefined;
  const id = packet.messageId;
  return (outcome) => {
    if (outcome === 'delivered' && client.connected) sendPuback(client, id);
  };
}

const noSettle: Settle = () => undefined;

type QoS2Limit = { _receiveMaximum: number };

/**
 * Stops mqtt.js enforcing the Receive Maximum we advertised on inbound QoS 2 messages (call it
 * after the CONNACK: the CONNECT already advertised the queue size). mqtt.js 5.16 counts a QoS 2
 * message as in flight until it sends the PUBCOMP, which a paused link holds back until the queue
 * has room; mosquitto frees the slot at our PUBREC already and sends the next one, and mqtt.js
 * then cut the connection ("Receive Maximum exceeded"): a QoS 2 reader whose queue filled lost
 * its link (ADR 0280).
 */
function allowQoS2Backlog(client: MqttClient): void {
  (client as unknown as QoS2Limit)._receiveMaximum = 65_535;
}

/** The client options of every node (`host` and `port` are set per node). */
async function clientOptions(endpoint: MqttEndpoint, context: LinkContext, resume: boolean): Promise<IClientOptions> {
  const { options } = context;
  const qsize = Number(options.qsize ?? 2000);
  const tls = tlsSettingsIf(endpoint.protocol === 'mqtts', options, endpoint.scheme, 'use mqtts://');
  return {
    protocol: endpoint.protocol,
    protocolVersion: 5,
    clientId: endpoint.clientId,
    username: endpoint.username,
    password: endpoint.password,
    clean: resume ? false : endpoint.clean,
    keepalive: endpoint.keepalive,
    reconnectPeriod: 0, // the core supervisor re-dials
    resubscribe: false,
    connectTimeout: context.timeoutMs,
    queueQoSZero: false,
    properties: {
      sessionExpiryInterval: endpoint.session,
      // Flow control: the broker never has more unacknowledged QoS 1/2 messages in flight to us
      // than the receive queue holds, so acknowledged deliveries are never dropped by the queue.
      receiveMaximum: Math.max(1, Math.min(qsize, 65_535)),
    },
    ...(tls === undefined ? {} : await loadTls(tls, undefined, context)),
  };
}

function waitConnack(client: MqttClient, signal: AbortSignal): Promise<IConnackPacket> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      client.off('connect', onConnect).off('error', onError).off('close', onClose);
      signal.removeEventListener('abort', onAbort);
    };
    const onConnect = (packet: IConnackPacket): void => {
      done();
      resolve(packet);
    };
    const onError = (error: Error): void => {
      done();
      reject(error);
    };
    const onClose = (): void => {
      done();
      reject(new Error('connection closed before CONNACK'));
    };
    const onAbort = (): void => {
      done();
      reject(signal.reason);
    };
    client.on('connect', onConnect).on('error', onError).on('close', onClose);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

function subscribe(client: MqttClient, endpoint: MqttEndpoint): Promise<number> {
  return new Promise((resolve, reject) => {
    client.subscribe(
      endpoint.topic,
      { qos: endpoint.qos, nl: !endpoint.echo, rh: endpoint.retained ? 0 : 2 },
      (error, granted) => {
        if (error) reject(error);
        else resolve(granted?.[0]?.qos ?? 128);
      },
    );
  });
}

function classify(error: unknown): 'PermissionDenied' | 'Unavailable' | 'Timeout' | 'Canceled' {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 134 || code === 135 || code === 4 || code === 5) return 'PermissionDenied';
  if (error instanceof Error && error.name === 'TimeoutError') return 'Timeout';
  if (error instanceof Error && error.name === 'AbortError') return 'Canceled';
  return 'Unavailable';
}

/** Connects to the first node of the address that answers ({@link connectToAnyNode}), subscribed. */
async function connect(endpoint: MqttEndpoint, context: LinkContext): Promise<Link> {
  const options = await clientOptions(endpoint, context, dialed.has(endpoint) && endpoint.session > 0);
  try {
    const link = await connectToAnyNode(
      endpoint,
      endpoint.hosts,
      (node) => connectTo(node, options, endpoint, context),
      {
        signal: context.signal,
        isFinal: (error) => classify(error) === 'PermissionDenied',
      },
    );
    dialed.add(endpoint);
    link.watch();
    return link;
  } catch (error) {
    const nodes = endpoint.hosts.map((h) => `${h.host}:${h.port}`).join(',');
    const refused = certificateError(context, error, nodes);
    if (refused !== undefined) throw refused;
    const code = classify(error);
    throw context.error(code, `cannot connect: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

/** One node: client, CONNACK, subscription. Closes what it opened when any step fails. */
async function connectTo(
  node: HostPort,
  options: IClientOptions,
  endpoint: MqttEndpoint,
  context: LinkContext,
): Promise<MqttLink> {
  const client = mqttConnect({ ...options, host: node.host, port: node.port });
  const link = new MqttLink(client, endpoint, context);
  const binary = context.options.binary === true;
  client.handleMessage = (packet: IPublishPacket, callback: (error?: Error) => void): void => {
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    context.deliver(toMessage(payload, binary), payload.length, settlerFor(client, packet), {
      transport: 'mqtt',
      topic: packet.topic,
      qos: packet.qos,
      retain: packet.retain,
    });
    // The core may have paused the link in deliver(): then mqtt.js waits before the next packet.
    link.proceed(() => callback(packet.qos === 1 ? DEFER_ACK : undefined));
  };
  client.on('error', () => undefined); // reported through 'close' / the connect promise
  try {
    link.limitInFlight((await waitConnack(client, context.signal)).properties?.receiveMaximum);
    allowQoS2Backlog(client);
    const granted = await subscribe(client, endpoint);
    if (granted >= 128)
      throw Object.assign(new Error(`subscription to "${endpoint.topic}" refused (reason ${granted})`), {
        code: granted,
      });
    return link;
  } catch (error) {
    await link.close();
    throw error;
  }
}

/** Opens MQTT links; loaded lazily by {@link mqttDriver} so that the core never loads `mqtt`. */
export const connector: Connector<MqttEndpoint> = { connect };
