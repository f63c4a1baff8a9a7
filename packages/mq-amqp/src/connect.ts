import { isIP } from 'node:net';
import amqp from 'amqplib';
import { certificateError, loadTls, tlsSettingsIf, type Connector, type LinkContext } from '@omnidial/core/driver';
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
    const model = await connectToAnyNode(endpoint, socketOptions, context);
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

/**
 * Connects to the first node of the address that accepts, starting after the node that failed
 * last, so a dead node costs one refused connection per attempt, not one per node listed before it.
 */
async function connectToAnyNode(
  endpoint: AmqpEndpoint,
  socketOptions: Record<string, unknown>,
  context: LinkContext,
): Promise<amqp.ChannelModel> {
  const { hosts } = endpoint;
  let lastError: unknown;
  for (let i = 0; i < hosts.length; i++) {
    const index = (nextNode.get(endpoint) ?? 0) % hosts.length;
    const host = hosts[index]!;
    try {
      return await amqp.connect(
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
      );
    } catch (error) {
      lastError = error;
      if (context.signal.aborted || isLoginRefused(error)) break;
      nextNode.set(endpoint, index + 1);
    }
  }
  throw (
    certificateError(context, lastError, hosts.map((h) => `${h.hostname}:${h.port}`).join(',')) ??
    classify(context, lastError)
  );
}

/** Per endpoint (one per connection): the node to try first on the next connect. */
const nextNode = new WeakMap<AmqpEndpoint, number>();

function isLoginRefused(error: unknown): boolean {
  return /ACCESS[_-]REFUSED|403/.test(error instanceof Error ? error.message : String(error));
}

/** Maps amqplib's failures onto DialError codes. */
function classify(context: LinkContext, error: unknown): Error {
  if (error instanceof Error && error.name === 'DialError') return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: number | string }).code;
  if (/ACCESS[_-]REFUSED|403|auth/i.test(message) || code === 403)
    return context.error('PermissionDenied', message, error);
  if (code === 404 || /NOT[_-]FOUND/.test(message)) return context.error('NotFound', message, error);
  // amqplib drops the reply text: a close answering connection.open is RabbitMQ's 530 for the
  // virtual host (missing, or not open to this user). Re-dialing cannot change that.
  if (/Expected ConnectionOpenOk; got <ConnectionClose/.test(message)) {
    return context.error(
      'NotFound',
      `the server refused the virtual host (it does not exist, or this user may not use it): ${message}`,
      error,
    );
  }
  if (code === 406 || code === 405) return context.error('Protocol', message, error);
  return context.error('Unavailable', message, error);
}
