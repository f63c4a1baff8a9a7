// The cli section's floor for a Node CLI: a minimal client on the ws package that prints each
// received message as one line, batched like the omnidial CLI (what arrived in one I/O phase,
// one stdout write, 'drain' respected), and exits after COUNT messages or when the server closes.
// Usage: node ws-print.mjs URL COUNT
import module from 'node:module';

// As the omnidial CLI does (ADR 0300): V8's code cache on disk, so the floor stays a floor.
module.enableCompileCache?.();
const { default: WebSocket } = await import('ws');

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
const socket = new WebSocket(url, { perMessageDeflate: false });
let lines = [];
let received = 0;
let scheduled = false;

function flush() {
  scheduled = false;
  if (lines.length === 0) return;
  const full = !process.stdout.write(`${lines.join('\n')}\n`);
  lines = [];
  if (full) {
    socket.pause();
    process.stdout.once('drain', () => socket.resume());
  }
}

function exit() {
  flush();
  process.stdout.write('', () => process.exit(0));
}

socket.on('message', (data) => {
  lines.push(data.toString());
  received += 1;
  if (received === count) {
    socket.terminate();
    exit();
  } else if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
});
socket.on('close', exit);
socket.on('error', (error) => {
  process.stderr.write(`ws-print: ${error.message}\n`);
  process.exit(1);
});
