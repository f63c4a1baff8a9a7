import { isIP } from 'node:net';
import amqp from 'amqplib';
import {
  certificateError,
  connectToAnyNode,
  loadTls,
  tlsSettingsIf,
  type Connector,
  type LinkContext,
} from '@omnidial/core/driver';
import type { AmqpEndpoint } from './address.js';
import { AmqpLink } from './link.js';
import { declareTopology } from './setup.js';

/** Opens one AMQP link: connection, channel, declarations, consumer. Never retries. */
export const connector: Connector<AmqpEndpoint> = {
  async connect(endpoint, context) {
    const tls = tlsSettingsIf(endpoint.tls, context.options, endpoint.scheme, 'use amqps://');
    const socketOptions = {
      timeout: context.timeoutMs,
      noDelay: true,
      clientProperties: { connection_name: 'omnidial' },
      ...(tls === undefined ? {} : await loadTls(tls, undefined, context)),
    };
    const model = await connectToNodes(endpoint, socketOptions, context);
    try {
      const queue = await declareTopology(model, endpoint);
      const channel = endpoint.confirm ? await model.createConfirmChannel() : await model.createChannel();
      const link = new AmqpLink(model, channel, endpoint, context);
      if (context.signal.aborted) throw context.signal.reason;
      await link.consume(queue);
      return link;
    } catch (error) {
      await model.close().catch(() => undefined);
      throw classify(context, error);
    }
  },
};

/** Connects to the first node of the address that accepts ({@link connectToAnyNode}). */
async function connectToNodes(
  endpoint: AmqpEndpoint,
  socketOptions: Record<string, unknown>,
  context: LinkContext,
): Promise<amqp.ChannelModel> {
  const { hosts } = endpoint;
  try {
    return await connectToAnyNode(
      endpoint,
      hosts,
      (host) =>
        amqp.connect(
          {
            protocol: endpoint.tls ? 'amqps' : 'amqp',
            hostname: host.hostname,
            port: host.port,
            username: endpoint.username,
            password: endpoint.password,
            vhost: endpoint.vhost,
            heartbeat: endpoint.heartbeat,
          },
          {
            ...socketOptions,
            ...(endpoint.tls && context.options.servername === undefined && isIP(host.hostname) === 0
              ? { servername: host.hostname }
              : {}),
          },
        ),
      { signal: context.signal, isFinal: isLoginRefused },
    );
  } catch (error) {
    throw (
      certificateError(context, error, hosts.map((h) => `${h.hostname}:${h.port}`).join(',')) ??
      classify(context, error)
    );
  }
}

function isLoginRefused(error: unknown): boolean {
  return replyCode(error) === ACCESS_REFUSED;
}

const ACCESS_REFUSED = 403;
const NOT_FOUND = 404;
const RESOURCE_LOCKED = 405;
const PRECONDITION_FAILED = 406;

/**
 * The AMQP reply code of a broker's refusal: amqplib puts a channel's on `code` and a refused
 * handshake's only in its message, right after this fixed text. Never read from anywhere else
 * in a message: it also carries host names and ports, and a node on port 37403 is no "403".
 */
function replyCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number') return code;
  const message = error instanceof Error ? error.message : '';
  const match = /^Handshake terminated by server: (\d{3}) \(/.exec(message);
  return match === null ? undefined : Number(match[1]);
}

/** Maps amqplib's failures onto DialError codes. */
function classify(context: LinkContext, error: unknown): Error {
  if (error instanceof Error && error.name === 'DialError') return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = replyCode(error);
  if (code === ACCESS_REFUSED) return context.error('PermissionDenied', message, error);
  if (code === NOT_FOUND) return context.error('NotFound', message, error);
  // amqplib drops the reply text: a close answering connection.open is RabbitMQ's 530 for the
  // virtual host (missing, or not open to this user). Re-dialing cannot change that.
  if (/^Expected ConnectionOpenOk; got <ConnectionClose/.test(message)) {
    return context.error(
      'NotFound',
      `the server refused the virtual host (it does not exist, or this user may not use it): ${message}`,
      error,
    );
  }
  if (code === PRECONDITION_FAILED || code === RESOURCE_LOCKED) return context.error('Protocol', message, error);
  return context.error('Unavailable', message, error);
}
