import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@omnidial/core/conformance';
import { EchoServer } from './helpers/echo-server.js';
import { closeAll, open } from './helpers/registry.js';
import { HandleWorker } from './helpers/worker.js';

// docs/design.md#handles: a handle from conn.fd() works in another worker_threads thread, on the SAME socket.
// Each test has its own server: a worker terminated without close() keeps its holder (and so
// the socket) alive, which would skew the next test's connection counts.
let server: EchoServer;
const workers: HandleWorker[] = [];
beforeEach(async () => {
  server = new EchoServer();
  await server.start();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
  await closeAll();
  await server.stop();
});

function worker(): HandleWorker {
  const made = new HandleWorker();
  workers.push(made);
  return made;
}

describe('handles across threads (tcp)', () => {
  it('a worker dials the handle and talks through the same socket', async () => {
    const conn = await open(`tcp://127.0.0.1:${server.port}`);
    const thread = worker();
    expect(await thread.call('dial', conn.fd())).toBe('open');
    expect(await thread.call('echo', 'from the worker')).toEqual({ written: 15, back: 'from the worker' });
    expect(server.connections).toBe(1);
    expect(server.liveConnections).toBe(1);
  });

  it('the worker keeps the socket after the original close()s', async () => {
    const conn = await open(`tcp://127.0.0.1:${server.port}`);
    const thread = worker();
    await thread.call('dial', conn.fd());
    await conn.close();
    expect(conn.state).toBe('closed');
    expect(await thread.call('echo', 'still here')).toEqual({ written: 10, back: 'still here' });
    expect(server.connections).toBe(1);
    expect(await thread.call('close')).toBe('closed');
    await waitFor(() => server.liveConnections === 0, 3000, 'the last holder to close the socket');
  });

  it('after every holder closed, dial(handle) re-dials the original address', async () => {
    const conn = await open(`tcp://127.0.0.1:${server.port}`);
    const handle = conn.fd();
    await conn.close();
    await waitFor(() => server.liveConnections === 0, 3000, 'the socket to close');
    const thread = worker();
    expect(await thread.call('dial', handle)).toBe('open');
    expect(await thread.call('echo', 'again')).toEqual({ written: 5, back: 'again' });
    expect(server.connections).toBe(2);
  });
});
