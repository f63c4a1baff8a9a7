// Child process of the stream sections (tcp, tls, unix): an echo server, a flood server, and a
// sink that reads until it has `sinkBytes` and then answers "ok".
// argv: <mode tcp|tls|unix> <floodBytes> <chunkBytes> <sinkBytes> [certFile keyFile | socketDir].
// Sends { echo, flood, sink } (ports, or socket paths for unix) over IPC once listening.
import { readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';

const [mode, floodArg, chunkArg, sinkArg, extra1, extra2] = process.argv.slice(2);
const sinkBytes = Number(sinkArg);
const floodBytes = Number(floodArg);
const chunk = Buffer.alloc(Number(chunkArg), 'x'); // ASCII: valid UTF-8 text

const make = (handler) =>
  mode === 'tls'
    ? createTlsServer({ cert: readFileSync(extra1), key: readFileSync(extra2) }, handler)
    : createNetServer(handler);

const echo = make((socket) => {
  if (mode !== 'unix') socket.setNoDelay(true);
  socket.on('error', () => undefined);
  socket.pipe(socket);
});

const flood = make((socket) => {
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

const sink = make((socket) => {
  socket.on('error', () => undefined);
  let got = 0;
  socket.on('data', (chunk) => {
    got += chunk.length;
    if (got >= sinkBytes) socket.end('ok');
  });
});

const listen = (server, name) =>
  new Promise((resolve) => {
    if (mode === 'unix') {
      const path = join(extra1, `${name}.sock`);
      rmSync(path, { force: true });
      server.listen(path, () => resolve(path));
    } else server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
const ports = {
  echo: await listen(echo, 'echo'),
  flood: await listen(flood, 'flood'),
  sink: await listen(sink, 'sink'),
};
process.send(ports);
process.on('disconnect', () => process.exit(0));
