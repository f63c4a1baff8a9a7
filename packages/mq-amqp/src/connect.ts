import { readFile } from 'node:fs/promises';
import amqp from 'amqplib';
import type { Connector, LinkContext, ResolvedOptions } from '@omnidial/core/driver';
import type { AmqpEndpoint } from './address.js';
import { AmqpLink } from './link.js';
import { declareTopology } from './setup.js';

/** Opens one AMQP link: connection, channel, declarations, consumer. Never retries. */
export const amqpConnector: Connector<AmqpEndpoint> = {
  async connect(endpoint, context) {
    const socketOptions = {
      timeout: context.timeoutMs,
      noDelay: true,
      clientProperties: { connection_name: 'omnidial' },
      ...(endpoint.tls ? await tlsOptions(endpoint, context.options) : {}),
    };
    let model: amqp.ChannelModel;
    try {
      model = await amqp.connect({
        protocol: endpoint.tls ? 'amqps' : 'amqp',
        hostname: endpoint.hostname,
        port: endpoint.port,
        username: endpoint.username,
        password: endpoint.password,
        vhost: endpoint.vhost,
        heartbeat: endpoint.heartbeat,
      }, socketOptions);
    } catch (error) {
      throw classify(context, error);
    }
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

async function tlsOptions(endpoint: AmqpEndpoint, options: ResolvedOptions): Promise<Record<string, unknown>> {
  const file = (key: string): Promise<Buffer> | undefined =>
    typeof options[key] === 'string' ? readFile(options[key]) : undefined;
  const [ca, cert, key] = await Promise.all([file('ca'), file('cert'), file('key')]);
  return {
    ...(ca === undefined ? {} : { ca: [ca] }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
    servername: typeof options.servername === 'string' ? options.servername : endpoint.hostname,
    rejectUnauthorized: options.insecure !== true,
  };
}

/** Maps amqplib's failures onto DialError codes. */
function classify(context: LinkContext, error: unknown): Error {
  if (error instanceof Error && error.name === 'DialError') return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: number | string }).code;
  if (/ACCESS[_-]REFUSED|403|auth/i.test(message) || code === 403) return context.error('PermissionDenied', message, error);
  if (code === 404 || /NOT[_-]FOUND/.test(message)) return context.error('NotFound', message, error);
  if (code === 406 || code === 405) return context.error('Protocol', message, error);
  return context.error('Unavailable', message, error);
}
