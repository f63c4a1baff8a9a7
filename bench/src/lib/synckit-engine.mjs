// The synckit side of sync.bench.ts: the same async core behind synckit's channel.
import { runAsWorker } from 'synckit';
import { dial } from 'omnidial';

const connections = new Map();
let next = 0;

runAsWorker(async (op, id, ...args) => {
  if (op === 'dial') {
    connections.set(++next, await dial(args[0]));
    return next;
  }
  const conn = connections.get(id);
  if (op === 'read') return conn.read(args[0]);
  if (op === 'exec') return conn.exec(args[0], ...args[1]);
  if (op === 'stats') return conn.stats().queued;
  if (op === 'close') return conn.close();
  throw new Error(`unknown op ${op}`);
});
