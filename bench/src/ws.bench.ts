/** ws:// through omnidial vs the raw `ws` client (see lib/ws-section.ts), plus reconnect time. */
import { dial, Registry } from '@omnidial/core';
import { wsDriver } from '@omnidial/transport-ws';
import type { Child } from './lib/child.js';
import { info } from './lib/rows.js';
import { SMOKE } from './lib/stats.js';
import type { BenchSection } from './lib/types.js';
import { wsRows, wsServer, WS_NOTES } from './lib/ws-section.js';

const RESTARTS = SMOKE ? 1 : 5;
const INTERVAL_MS = 200;
/**
 * How long the link stays up before the next restart: a link that dropped sooner counts as a flap
 * (ADR 0130: healthy after max(5 s, 3 × interval)), and flap protection then makes each next
 * re-dial wait longer, which is not what this row measures.
 */
const HEALTHY_MS = SMOKE ? 0 : 5_200;

async function reconnectTimes(server: Child<{ port: number }>): Promise<number[]> {
  const registry = new Registry().register(wsDriver);
  const conn = await dial(`ws://127.0.0.1:${server.ports.port}/|reconnect=true&interval=${INTERVAL_MS}&ping=0`, {
    registry,
  });
  const times: number[] = [];
  for (let i = 0; i < RESTARTS; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, HEALTHY_MS));
    const back = new Promise<number>((resolve) => conn.once('reconnect', () => resolve(performance.now())));
    const dropped = performance.now();
    await server.ask('stop');
    await server.ask('start'); // back at once: the measured time is detection + interval + connect
    times.push((await back) - dropped);
  }
  await conn.close();
  return times.sort((a, b) => a - b);
}

/** The ws section of RESULTS.md. */
export async function run(): Promise<BenchSection> {
  const server = await wsServer();
  try {
    const rows = await wsRows({ url: `ws://127.0.0.1:${server.ports.port}/` });
    const restarts = await reconnectTimes(server);
    rows.push(
      info(
        `reconnect after a server restart (interval=${INTERVAL_MS}), median / max of ${restarts.length}`,
        '—',
        `${Math.round(restarts[restarts.length >> 1]!)} / ${Math.round(restarts.at(-1)!)} ms`,
        `expected ≤ ${INTERVAL_MS + 100} ms`,
      ),
    );
    return {
      title: 'WebSocket (ws://) vs raw ws',
      baseline: 'raw ws 8.18',
      rows,
      notes: [
        ...WS_NOTES,
        'Reconnect: time from stopping the server (it listens again at once on the same port) to the `reconnect` event: drop detection + interval + handshake. Each restart comes after the link has been up 5.2 s, so none counts as a flap (ADR 0130: a link that drops sooner makes the next re-dial wait longer).',
      ],
    };
  } finally {
    await server.stop();
  }
}
