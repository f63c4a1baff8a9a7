// Run by scripts/consumer-test.sh in a fresh project that installed the packed tarballs with
// npm: dials ws, tcp and SQLite the way a new user would, through the published entry points.
import { createServer } from 'node:net';
import { WebSocketServer } from 'ws';
import { dial, defaultRegistry } from 'omnidial';
import { defaultRegistry as coreRegistry, isDialError } from '@omnidial/core';

const fail = (message) => {
  console.error(`consumer: ${message}`);
  process.exit(1);
};
const expectEqual = (what, got, want) => {
  if (got !== want) fail(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
};

if (defaultRegistry !== coreRegistry) fail('omnidial and @omnidial/core see different registries');

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((resolve) => wss.on('listening', resolve));
wss.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo:${data}`)));
const ws = await dial(`ws://127.0.0.1:${wss.address().port}/`);
await ws.write('hello');
expectEqual('ws echo', await ws.read(10_000), 'echo:hello');
await ws.close();
wss.close();

const tcpServer = createServer((socket) => socket.pipe(socket)).listen(0, '127.0.0.1');
await new Promise((resolve) => tcpServer.on('listening', resolve));
const tcp = await dial(`tcp://127.0.0.1:${tcpServer.address().port}`);
await tcp.write('ping');
expectEqual('tcp echo', String(await tcp.read(10_000)), 'ping');
await tcp.close();
tcpServer.close();

const db = await dial('sqlite3://:memory:');
await db.exec('CREATE TABLE t (n INTEGER)');
await db.exec('INSERT INTO t VALUES (?), (?)', 20, 22);
const result = await db.exec('SELECT sum(n) AS total FROM t');
expectEqual('sqlite sum', JSON.stringify(result).includes('42'), true);
await db.close();

try {
  await dial('nope://x');
  fail('an unknown scheme dialed');
} catch (error) {
  if (!isDialError(error, 'InvalidArgument')) fail(`unknown scheme: ${error}`);
}
console.log(`consumer: ws, tcp and sqlite3 work on Node ${process.version}`);
