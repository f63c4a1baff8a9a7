/**
 * The ws and wss sections' server writes a flood at once (ADR 0327): the client, not a write per
 * frame on the server's side, sets the pace of what the flood rows measure.
 */
import { once } from 'node:events';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Child } from '../src/lib/child.js';
import { wsServer } from '../src/lib/ws-section.js';
import { TICK } from '../src/lib/ws-measure.js';

const FRAMES = 50_000;

let server: Child<{ port: number }>;

beforeAll(async () => {
  server = await wsServer();
});

afterAll(async () => {
  await server.stop();
});

describe('the ws sections’ flood server', () => {
  it('sends a flood’s frames in one write, so they reach the client in few socket reads', async () => {
    // Three floods: a reader held up for a moment lets the kernel gather frames written one by one.
    for (let flood = 0; flood < 3; flood += 1) {
      const socket = new WebSocket(`ws://127.0.0.1:${server.ports.port}`, { perMessageDeflate: false });
      await once(socket, 'open');
      let reads = 0;
      (socket as unknown as { _socket: NodeJS.EventEmitter })._socket.on('data', () => {
        reads += 1;
      });
      let frames = 0;
      let last: Buffer | undefined;
      const arrived = new Promise<void>((resolve) => {
        socket.on('message', (data: Buffer) => {
          last = data;
          if (++frames === FRAMES) resolve();
        });
      });
      socket.send(`flood plain ${FRAMES}`);
      await arrived;
      socket.terminate();
      expect(last?.toString()).toBe(TICK);
      // ~6.8 MB: about a hundred 64 KB reads when written at once; thousands when written frame by frame.
      expect(reads).toBeLessThan(FRAMES / 20);
    }
  });
});
