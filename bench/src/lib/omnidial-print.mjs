// The cli section's library floor: the ws-print.mjs job done through omnidial's library instead of
// the CLI, as a user's script would (the core and the one transport, no CLI): dial(), readMany()
// batches joined into one stdout write each ('drain' respected), close(), exit. It loads what the
// CLI's pipe path loads, so the CLI's own share is the CLI against this script.
// Usage: node omnidial-print.mjs URL COUNT
import module from 'node:module';

// As the omnidial CLI does (ADR 0300): V8's code cache on disk.
module.enableCompileCache?.();
const { dial } = await import('@omnidial/core');
await import('@omnidial/transport-ws');

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
/** As the CLI's pipe (packages/omnidial/src/cli/pipe.ts): the most messages one read takes. */
const BATCH = 4096;

const conn = await dial(`${url}|qsize=${count}`);
let received = 0;
while (received < count) {
  const batch = await conn.readMany(Math.min(BATCH, count - received));
  if (batch === null || batch.length === 0) break;
  received += batch.length;
  if (!process.stdout.write(`${batch.join('\n')}\n`)) {
    await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}
await conn.close();
process.stdout.write('', () => process.exit(0));
