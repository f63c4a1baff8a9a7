// Child process for the sync and cli sections: a WebSocket server that sends N small messages
// to each client that connects to /N, and closes the connection after them for /end/N. For
// /burst/N it writes the N messages as ready-made frames in one socket write, then closes: the
// server then costs next to nothing, so a client's own speed is what a run measures (the cli
// section). Sends { ws } (its port) over IPC once listening.
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
const message = (i) => `{"seq":${i},"px":"42000.5","qty":"0.01"}`;
const bursts = new Map();

/** N unmasked text frames (every message is shorter than 126 bytes: a 2-byte header), built once per N. */
function burst(count) {
  let frames = bursts.get(count);
  if (frames === undefined) {
    const parts = [];
    for (let i = 0; i < count; i++) {
      const payload = Buffer.from(message(i));
      parts.push(Buffer.from([0x81, payload.length]), payload);
    }
    frames = Buffer.concat(parts);
    bursts.set(count, frames);
  }
  return frames;
}

server.on('connection', (socket, request) => {
  const path = request.url ?? '/0';
  if (path.startsWith('/burst/')) {
    // ws writes its close frame to the same socket after the burst.
    socket._socket.write(burst(Number(path.slice(7))));
    socket.close();
    return;
  }
  const end = path.startsWith('/end/');
  const count = Number(path.slice(end ? 5 : 1));
  for (let i = 0; i < count; i++) socket.send(message(i));
  if (end) socket.close();
});
server.on('listening', () => process.send({ ws: server.address().port }));
process.on('disconnect', () => process.exit(0));
