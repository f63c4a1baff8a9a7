import type { Driver } from '@omnidial/core/driver';
import { parseEndpoint, type WsEndpoint } from './endpoint.js';
import { wsOptions } from './options.js';

/**
 * The `ws://` / `wss://` driver: metadata, option schema and address validation. It does not
 * import the `ws` client library; that happens in `load()`, on the first dial.
 */
export const wsDriver: Driver<WsEndpoint> = {
  name: 'ws',
  packageName: '@omnidial/transport-ws',
  schemes: ['ws', 'wss'],
  description:
    'WebSocket client (ws://, wss://): gzip/raw-deflate feeds, heartbeats, SOCKS5 proxy, payload on every reconnect.',
  capabilities: {
    kind: 'message',
    reconnect: true,
    acknowledgements: false,
    proxy: true,
    tls: true,
    payload: true,
    flowControl: true,
  },
  options: wsOptions,
  examples: [
    'wss://stream.binance.com:9443/ws/btcusdt@ticker|reconnect=true',
    'wss://ws.okx.com:8443/ws/v5/public|compress=gzip_raw&mode=recv&reconnect=true&payload={"op":"subscribe","args":[{"channel":"tickers","instId":"BTC-USDT"}]}',
    'wss://api.huobi.pro/ws|compress=gzip&mode=recv&reconnect=true',
    'ws://127.0.0.1:8080/feed|ping=20000&pingType=text&pingMessage=ping&pongMessage=pong',
  ],
  parse: parseEndpoint,
  load: () => import('./connect.js').then((m) => m.connector),
};
