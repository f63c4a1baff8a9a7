// Child process for sync.bench.ts: a WebSocket server that sends N small messages to each
// client that connects to /N. Sends { ws } (its port) over IPC once listening.
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('connection', (socket, request) => {
  const count = Number(request.url?.slice(1) ?? 0);
  for (let i = 0; i < count; i++) socket.send(`{"seq":${i},"px":"42000.5","qty":"0.01"}`);
});
server.on('listening', () => process.send({ ws: server.address().port }));
process.on('disconnect', () => process.exit(0));
