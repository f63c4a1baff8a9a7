/** wss:// through omnidial vs the raw `ws` client, both verifying the server against the same CA. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki } from '@omnidial/test-infra';
import type { BenchSection } from './lib/types.js';
import { wsRows, wsServer, WS_NOTES } from './lib/ws-section.js';

/** The wss section of RESULTS.md. */
export async function run(): Promise<BenchSection> {
  const pki = makeTestPki(mkdtempSync(join(tmpdir(), 'omnidial-bench-pki-')));
  const server = await wsServer(pki);
  try {
    const rows = await wsRows({ url: `wss://localhost:${server.ports.port}/`, caFile: pki.caFile });
    return {
      title: 'WebSocket over TLS (wss://) vs raw ws',
      baseline: 'raw ws 8.18',
      rows,
      notes: [
        ...WS_NOTES,
        'TLS: an https server with an EC P-256 certificate from a throw-away CA; both clients trust it through the same CA file.',
      ],
    };
  } finally {
    await server.stop();
  }
}
