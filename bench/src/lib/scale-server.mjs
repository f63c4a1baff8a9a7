// Child process of the scale section: a ws server and a tcp server that accept and hold
// connections (the tcp one echoes). Sends { ws, tcp } ports over IPC once listening.
import { createServer } from 'node:net';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, backlog: 4096 });
wss.on('connection', (socket) => socket.on('error', () => undefined));
const tcp = createServer((socket) => {
  socket.on('error', () => undefined);
  socket.pipe(socket);
});
await new Promise((resolve) => wss.once('listening', resolve));
await new Promise((resolve) => tcp.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
process.send({ ws: wss.address().port, tcp: tcp.address().port });
process.on('disconnect', () => process.exit(0));
