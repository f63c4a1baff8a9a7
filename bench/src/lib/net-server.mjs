// Child process for net.bench.ts: an echo server and a flood server on 127.0.0.1.
// argv: <floodBytes> <chunkBytes>. Sends { echo, flood } ports over IPC once listening.
import { createServer } from 'node:net';

const floodBytes = Number(process.argv[2] ?? 200 * 1024 * 1024);
const chunk = Buffer.alloc(Number(process.argv[3] ?? 65536), 'x'); // ASCII: valid UTF-8 text

const echo = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => undefined);
  socket.pipe(socket);
});

const flood = createServer((socket) => {
  socket.on('error', () => undefined);
  let sent = 0;
  const pump = () => {
    while (sent < floodBytes) {
      sent += chunk.length;
      if (!socket.write(chunk)) return void socket.once('drain', pump);
    }
    socket.end();
  };
  pump();
});

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
const ports = { echo: await listen(echo), flood: await listen(flood) };
process.send(ports);
process.on('disconnect', () => process.exit(0));
