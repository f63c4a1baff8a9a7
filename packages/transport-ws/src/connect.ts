import WebSocket, { type ClientOptions } from 'ws';
import { loadTls, withSharedContext, type Connector, type LinkContext } from '@omnidial/core/driver';
import type { WsEndpoint } from './endpoint.js';
import { WsLink } from './link.js';
import { proxyAgent } from './proxy.js';

async function clientOptions(endpoint: WsEndpoint, context: LinkContext): Promise<ClientOptions> {
  const options: ClientOptions = {
    headers: { ...endpoint.headers },
    perMessageDeflate: endpoint.permessageDeflate,
    maxPayload: endpoint.maxMessage,
    followRedirects: false,
    // No handshakeTimeout: the core's connect timeout (context.signal) already bounds the handshake,
    // and ws's one would leave a spent timer on every open socket.
  };
  if (endpoint.tls !== undefined)
    Object.assign(
      options,
      withSharedContext(
        await loadTls(endpoint.tls, new URL(endpoint.url).hostname.replace(/^\[(.*)\]$/, '$1'), context),
      ),
    );
  if (endpoint.proxy !== undefined) options.agent = await proxyAgent(endpoint.proxy, endpoint.scheme, options);
  return options;
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
    await link.handshake();
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
