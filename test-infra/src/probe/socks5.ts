import { withSocket } from './socket.js';

/** SOCKS5 readiness: method negotiation offering only username/password, then a successful RFC 1929 auth. */
export async function probeSocks5(port: number, user: string, password: string): Promise<void> {
  await withSocket(port, async (socket, read) => {
    socket.write(Buffer.from([0x05, 0x01, 0x02]));
    const method = await read(2);
    if (method[0] !== 0x05 || method[1] !== 0x02)
      throw new Error(`unexpected SOCKS5 method reply: ${method.toString('hex')}`);
    const u = Buffer.from(user);
    const p = Buffer.from(password);
    socket.write(Buffer.concat([Buffer.from([0x01, u.length]), u, Buffer.from([p.length]), p]));
    const auth = await read(2);
    if (auth[1] !== 0x00) throw new Error(`SOCKS5 authentication refused: ${auth.toString('hex')}`);
  });
}
