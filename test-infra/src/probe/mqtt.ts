import { withSocket } from './socket.js';

/** MQTT readiness: a 3.1.1 CONNECT (clean session) must be answered by CONNACK with return code 0. */
export async function probeMqtt(port: number): Promise<void> {
  const clientId = Buffer.from(`omnidial-probe-${process.pid}-${Date.now() % 100000}`);
  const variable = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x0a]);
  const payload = Buffer.concat([Buffer.from([clientId.length >> 8, clientId.length & 0xff]), clientId]);
  const remaining = variable.length + payload.length;
  const packet = Buffer.concat([Buffer.from([0x10, remaining]), variable, payload]);
  await withSocket(port, async (socket, read) => {
    socket.write(packet);
    const reply = await read(4);
    if (reply[0] !== 0x20 || reply[3] !== 0x00) {
      throw new Error(`unexpected CONNACK: ${reply.subarray(0, 4).toString('hex')}`);
    }
    socket.write(Buffer.from([0xe0, 0x00])); // DISCONNECT
  });
}
