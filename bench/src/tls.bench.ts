/**
 * TLS (tls://): omnidial against raw node:tls, both verifying the server against the same CA;
 * see lib/stream-section.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki } from '@omnidial/test-infra';
import { streamRows } from './lib/stream-section.js';
import type { BenchSection } from './lib/types.js';

/** The tls section of RESULTS.md. */
export async function run(): Promise<BenchSection> {
  const pki = makeTestPki(mkdtempSync(join(tmpdir(), 'omnidial-bench-pki-')));
  const { rows, notes } = await streamRows({ scheme: 'tls', caFile: pki.caFile }, pki);
  return {
    title: 'TLS (tls://, node:tls)',
    baseline: 'raw node:tls',
    rows,
    notes: [
      ...notes,
      'Both sides verify the server certificate (EC P-256, a throw-away CA) with the same CA file; connect and handshake are inside the flood timing.',
    ],
  };
}
