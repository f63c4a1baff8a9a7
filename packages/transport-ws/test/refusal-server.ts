import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP server that refuses every WebSocket upgrade: `/missing` with `404 Not Found`, any other path with `401 Unauthorized` and a body that
 * quotes the request's headers (as some exchanges' gateways do), so the client's
 * `Authorization: Basic base64(user:password)` comes back in the error text.
 */
export async function refusingServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => response.writeHead(404).end());
  server.on('upgrade', (request, socket) => {
    if (request.url === '/missing') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const quoted = Object.entries(request.headers)
      .map(([name, value]) => `${name}: ${String(value)}`)
      .join('\r\n');
    const body = `unauthorized request:\r\n${quoted}\r\n`;
    socket.end(
      `HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
