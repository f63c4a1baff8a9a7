import type { FlappingPeer } from '@omnidial/core/conformance';
import { echo, testServer } from './helpers.js';

/** A ws {@link FlappingPeer}: completes each handshake, then closes (code 1013, "try again later") until healed. */
export async function flappingWsServer(): Promise<FlappingPeer> {
  let flapping = true;
  let accepted = 0;
  const server = await testServer((socket, self) => {
    accepted += 1;
    if (flapping) socket.close(1013, 'try again later');
    else echo(socket, self);
  });
  return {
    address: server.url,
    accepted: () => accepted,
    heal: () => void (flapping = false),
    flap: () => {
      flapping = true;
      for (const client of server.clients()) client.close(1013, 'try again later');
    },
    close: () => server.stop(),
  };
}
