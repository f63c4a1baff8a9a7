import { connect as natsConnect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import {
  certificateError,
  hasTlsOptions,
  loadTls,
  socketScope,
  tlsSettings,
  type Connector,
  type Link,
  type LinkContext,
  type NodeTlsOptions,
} from '@omnidial/core/driver';
import type { NatsEndpoint } from './driver.js';
import { NatsLink } from './link.js';

function connectionOptions(
  endpoint: NatsEndpoint,
  context: LinkContext,
  tls: NodeTlsOptions | undefined,
): ConnectionOptions {
  return {
    servers: [...endpoint.servers],
    user: endpoint.user,
    pass: endpoint.pass,
    token: endpoint.token,
    noEcho: !endpoint.echo,
    timeout: context.timeoutMs,
    // The core supervisor re-dials; the client must not (`reconnect: false` is what stops it).
    // maxReconnectAttempts stays -1: with 0, nats-core 3.4's first dial removes a failed server
    // from the pool twice (the second time the LAST server), so `h1,h2` never tries h2.
    reconnect: false,
    maxReconnectAttempts: -1,
    waitOnFirstConnect: false,
    // The client types `ca` as one string; it hands the object to tls.connect, which takes a list.
    ...(tls === undefined ? {} : { tls: tls as unknown as ConnectionOptions['tls'] }),
    name: 'omnidial',
  };
}

/** Maps a connect failure to an omnidial error code. */
export function classify(error: unknown): 'PermissionDenied' | 'Unavailable' | 'Timeout' | 'Canceled' | 'NotFound' {
  const name = error instanceof Error ? error.name : '';
  const text = error instanceof Error ? error.message.toLowerCase() : String(error).toLowerCase();
  if (name === 'AuthorizationError' || text.includes('authorization') || text.includes('permission'))
    return 'PermissionDenied';
  if (name === 'TimeoutError' || text.includes('timeout')) return 'Timeout';
  if (name === 'AbortError') return 'Canceled';
  if (text.includes('stream not found') || text.includes('no stream matches')) return 'NotFound';
  return 'Unavailable';
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function connect(endpoint: NatsEndpoint, context: LinkContext): Promise<Link> {
  // nats:// has no TLS scheme: a TLS option asks for TLS (the client also upgrades when the
  // server requires it, verifying against the system's roots).
  const tls = hasTlsOptions(context.options)
    ? await loadTls(tlsSettings(context.options, endpoint.scheme), undefined, context)
    : undefined;
  // nats.js never closes a transport whose server did not speak before the timeout: the scope does.
  const scope = socketScope(() => natsConnect(connectionOptions(endpoint, context, tls)));
  const pending = scope.result;
  let nc: NatsConnection;
  try {
    nc = await abortable(pending, context.signal);
    scope.keep();
  } catch (error) {
    scope.destroyAll();
    void pending.then(
      (late) => late.close(),
      () => undefined,
    );
    const refused = certificateError(context, error, endpoint.servers.join(','));
    if (refused !== undefined) throw refused;
    throw context.error(
      classify(error),
      `cannot connect: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  const link = new NatsLink(nc, endpoint, context);
  try {
    await abortable(link.start(), context.signal);
  } catch (error) {
    await link.close();
    throw context.error(
      classify(error),
      `cannot subscribe: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  return link;
}

/** Opens NATS links; loaded lazily by {@link natsDriver} so that the core never loads the client. */
export const connector: Connector<NatsEndpoint> = { connect };
