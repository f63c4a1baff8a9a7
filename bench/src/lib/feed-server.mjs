// Child process for the sync and cli sections: a WebSocket server that sends N small messages
// to each client that connects to /N, and closes the connection after them for /end/N.
// Sends { ws } (its port) over IPC once listening.
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('connection', (socket, request) => {
  const path = request.url ?? '/0';
  const end = path.startsWith('/end/');
  const count = Number(path.slice(end ? 5 : 1));
  for (let i = 0; i < count; i++) socket.send(`{"seq":${i},"px":"42000.5","qty":"0.01"}`);
  if (end) socket.close();
});
server.on('listening', () => process.send({ ws: server.address().port }));
process.on('disconnect', () => process.exit(0));
