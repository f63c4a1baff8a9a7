// Where the memory of an idle ws connection goes: `node --expose-gc bench/src/profile/ws-heap.mjs
// <raw|omni>` opens 1,000 connections to the scale section's server (a child process), takes a
// V8 heap snapshot before and after, and prints the growth per connection by object kind (self
// sizes), the table bench/NOTES.md quotes. Run against dist/ (plain node, no tsx: a tsx-transformed
// source gives every named closure a dictionary of properties and inflates the figures).
import { fork } from 'node:child_process';
import { readFileSync, unlinkSync } from 'node:fs';
import v8 from 'node:v8';
import WebSocket from 'ws';
import { dial, Registry } from '@omnidial/core';
import { wsDriver } from '@omnidial/transport-ws';

const COUNT = 1000;
const side = process.argv[2] === 'raw' ? 'raw' : 'omni';
const registry = new Registry().register(wsDriver);
const server = fork(new URL('../lib/scale-server.mjs', import.meta.url));
const { ws: port } = await new Promise((resolve) => server.once('message', resolve));
const url = `ws://127.0.0.1:${port}/`;
const open = () =>
  side === 'omni'
    ? dial(url, { registry })
    : new Promise((resolve) => {
        const socket = new WebSocket(url, { perMessageDeflate: false });
        socket.once('open', () => resolve(socket));
      });
const shut = (conn) => (side === 'omni' ? conn.close() : conn.terminate());

/** Self size and count per `type:name` of every node in a fresh heap snapshot. */
function byKind() {
  globalThis.gc();
  const file = v8.writeHeapSnapshot();
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  unlinkSync(file);
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const kinds = new Map();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const key = `${types[snap.nodes[i + iType]]}:${snap.strings[snap.nodes[i + iName]]}`.slice(0, 60);
    const entry = kinds.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += snap.nodes[i + iSize];
    kinds.set(key, entry);
  }
  return kinds;
}

await shut(await open()); // code paths loaded before the first snapshot
const before = byKind();
const conns = [];
for (let i = 0; i < COUNT; i += 100) conns.push(...(await Promise.all(Array.from({ length: 100 }, open))));
const after = byKind();
const growth = [...after].map(([key, { count, bytes }]) => ({
  key,
  count: (count - (before.get(key)?.count ?? 0)) / COUNT,
  bytes: (bytes - (before.get(key)?.bytes ?? 0)) / COUNT,
}));
const total = growth.reduce((sum, g) => sum + g.bytes, 0);
console.log(`${side}: JS heap growth per connection ${total.toFixed(0)} B (self sizes, ${COUNT} connections)\n`);
console.log('| bytes per connection | objects per connection | kind:name |\n| --- | --- | --- |');
for (const g of growth.sort((a, b) => b.bytes - a.bytes).slice(0, 12)) {
  console.log(`| ${g.bytes.toFixed(0)} | ${g.count.toFixed(1)} | \`${g.key}\` |`);
}
await Promise.all(conns.map(shut));
server.kill();
process.exit(0);
