// Child process of the udp section: echoes every datagram, except `flood N B`, which answers
// with N datagrams of B bytes, 64 per event-loop turn (so the kernel buffers keep up).
// Sends { port } over IPC once bound.
import { createSocket } from 'node:dgram';

const server = createSocket('udp4');
server.on('message', (data, peer) => {
  const text = data.toString();
  if (!text.startsWith('flood ')) return void server.send(data, peer.port, peer.address);
  const [, n, bytes] = text.split(' ');
  const datagram = Buffer.alloc(Number(bytes), 'x');
  let left = Number(n);
  const burst = () => {
    for (let i = 0; i < 64 && left > 0; i += 1, left -= 1) server.send(datagram, peer.port, peer.address);
    if (left > 0) setImmediate(burst);
  };
  burst();
});
server.bind(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
