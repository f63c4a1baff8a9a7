import WebSocket, { type ClientOptions } from 'ws';
import type { IncomingMessage } from 'node:http';
import { loadTls, type Connector, type LinkContext } from '@omnidial/core/driver';
import type { WsEndpoint } from './endpoint.js';
import { connectError, statusCode } from './errors.js';
import { WsLink } from './link.js';
import { proxyAgent } from './proxy.js';

/** How long a refused handshake's response body is read for the error message. */
const BODY_WAIT_MS = 300;
const BODY_MAX = 300;

async function clientOptions(endpoint: WsEndpoint, context: LinkContext): Promise<ClientOptions> {
  const options: ClientOptions = {
    headers: { ...endpoint.headers },
    perMessageDeflate: endpoint.permessageDeflate,
    maxPayload: endpoint.maxMessage,
    followRedirects: false,
    handshakeTimeout: context.timeoutMs,
  };
  if (endpoint.tls !== undefined)
    Object.assign(
      options,
      await loadTls(endpoint.tls, new URL(endpoint.url).hostname.replace(/^\[(.*)\]$/, '$1'), context),
    );
  if (endpoint.proxy !== undefined) options.agent = await proxyAgent(endpoint.proxy, endpoint.scheme, options);
  return options;
}

/** Reads the start of a refused handshake's body (servers often explain there), briefly. */
function refusal(context: LinkContext, response: IncomingMessage): Promise<never> {
  return new Promise((_, reject) => {
    let body = '';
    const done = (): void => {
      clearTimeout(timer);
      response.destroy();
      const status = response.statusCode ?? 0;
      const text = body.trim().slice(0, BODY_MAX);
      reject(
        context.error(
          statusCode(status),
          `handshake refused: HTTP ${status} ${response.statusMessage ?? ''}${text === '' ? '' : ` — ${text}`}`.trim(),
        ),
      );
    };
    const timer = setTimeout(done, BODY_WAIT_MS);
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      body += chunk;
      if (body.length >= BODY_MAX) done();
    });
    response.on('end', done);
    response.on('error', done);
  });
}

/**
 * Moves URL credentials into `auth`, percent-decoded: ws puts the userinfo into Basic auth as it
 * stands in the URL, so `p%2Fw` would be sent instead of the password `p/w`.
 */
function withoutUserinfo(address: string): { url: string; auth: string | undefined } {
  const url = new URL(address);
  if (url.username === '' && url.password === '') return { url: address, auth: undefined };
  const auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  return { url: url.href, auth };
}

/** Opens the socket and waits for the handshake; the link is built first so no frame is missed. */
async function open(endpoint: WsEndpoint, context: LinkContext): Promise<WsLink> {
  const options = await clientOptions(endpoint, context);
  context.signal.throwIfAborted();
  const { url, auth } = withoutUserinfo(endpoint.url);
  // `auth` is passed on to http.request by ws (not in its types): Basic auth from raw text.
  if (auth !== undefined) Object.assign(options, { auth });
  const socket = new WebSocket(url, [...endpoint.protocols], options);
  const link = new WsLink(socket, endpoint, context);
  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(context.signal.reason);
      context.signal.addEventListener('abort', onAbort, { once: true });
      socket.once('open', () => {
        context.signal.removeEventListener('abort', onAbort);
        resolve();
      });
      socket.once('error', (error) => reject(connectError(context, error, new URL(endpoint.url).host)));
      socket.once('unexpected-response', (_request, response) => refusal(context, response).catch(reject));
    });
  } catch (error) {
    await link.close();
    throw error;
  }
  link.opened();
  return link;
}

/** The `ws://`/`wss://` connector; loaded lazily by the core on the first dial. */
export const connector: Connector<WsEndpoint> = {
  connect: (endpoint, context) => open(endpoint, context),
};
