import { withSocket } from './socket.js';

/** NATS readiness: the server's INFO line, then CONNECT + PING answered by PONG. */
export async function probeNats(port: number): Promise<void> {
  await withSocket(port, async (socket, read) => {
    let text = (await read(1)).toString('latin1');
    while (!text.includes('\r\n')) text += (await read(1)).toString('latin1');
    if (!text.startsWith('INFO ')) throw new Error(`unexpected NATS greeting: ${text.slice(0, 60)}`);
    socket.write('CONNECT {"verbose":false,"pedantic":false}\r\nPING\r\n');
    let reply = '';
    while (!reply.includes('\r\n')) reply += (await read(1)).toString('latin1');
    if (!reply.startsWith('PONG')) throw new Error(`unexpected NATS reply: ${reply.slice(0, 60)}`);
  });
}
