// Child process of the ws and wss sections: echoes every frame; `flood plain|gzip N` makes it
// send N ticker frames in one burst, written at once. argv: <tick JSON> [certFile keyFile] (wss when given).
// IPC: sends { port } once listening; 'stop' closes it (answers { stopped }), 'start' reopens
// it on the same port (answers { port }).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { gzipSync } from 'node:zlib';
import { WebSocketServer } from 'ws';

const [tick, certFile, keyFile] = process.argv.slice(2);
const plain = Buffer.from(tick);
const gzip = gzipSync(tick);
let port = 0;
let wss;
let https;

function listen() {
  const onConnection = (socket) => {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      if (!text.startsWith('flood ')) return void socket.send(data, { binary: isBinary });
      const [, kind, n] = text.split(' ');
      const frame = kind === 'gzip' ? gzip : plain;
      // Corked: the frames leave in one write, so the client, not this server's write per frame,
      // sets the pace of the flood (ADR 0327).
      socket._socket.cork();
      for (let i = 0; i < Number(n); i += 1) socket.send(frame, { binary: kind === 'gzip' });
      socket._socket.uncork();
    });
  };
  if (certFile !== undefined) {
    https = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) });
    wss = new WebSocketServer({ server: https });
    wss.on('connection', onConnection);
    https.listen(port, '127.0.0.1', () => process.send({ port: (port = https.address().port) }));
  } else {
    wss = new WebSocketServer({ host: '127.0.0.1', port });
    wss.on('connection', onConnection);
    wss.on('listening', () => process.send({ port: (port = wss.address().port) }));
  }
}

process.on('message', (command) => {
  if (command === 'start') return listen();
  if (command !== 'stop') return;
  for (const client of wss.clients) client.terminate();
  wss.close(() =>
    https === undefined ? process.send({ stopped: true }) : https.close(() => process.send({ stopped: true })),
  );
});
process.on('disconnect', () => process.exit(0));
listen();
