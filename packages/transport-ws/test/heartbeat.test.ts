import { afterEach, describe, expect, it } from 'vitest';
import { dial, type Connection, type DialError } from '@omnidial/core';
import { sleep, testServer, waitFor, wsRegistry, type TestServer } from './helpers.js';
import { heartbeatTimers } from '../src/heartbeat.js';

const registry = wsRegistry();
let server: TestServer | undefined;
let conn: Connection | undefined;
afterEach(async () => {
  await conn?.close();
  await server?.stop();
  conn = undefined;
  server = undefined;
});

describe('ws heartbeat', () => {
  it('sends control pings every `ping` ms; a peer that answers stays connected', async () => {
    let pings = 0;
    server = await testServer((socket) =>
      socket.on('ping', () => {
        pings += 1;
      }),
    );
    conn = await dial(`${server.url}|ping=50&pongTimeout=100`, { registry });
    await sleep(400);
    expect(pings).toBeGreaterThanOrEqual(4);
    expect(conn.state).toBe('open');
  });

  it('a dead peer (no pong, no traffic) is reported as lost and triggers the reconnect', async () => {
    let connections = 0;
    server = await testServer(
      () => {
        connections += 1;
      },
      { autoPong: false },
    );
    conn = await dial(`${server.url}|ping=50&pongTimeout=100&reconnect=true&interval=50`, { registry });
    const error = await new Promise<DialError>((resolve) => conn!.on('disconnect', resolve));
    expect(error.code).toBe('Unavailable');
    expect(error.message).toMatch(/no pong, no data\) for 100 ms/);
    await waitFor(() => connections >= 2, 3000, 'a reconnect');
  });

  it('a peer that goes silent after answering for a while is still noticed (each ping is followed by a check)', async () => {
    server = await testServer(
      (socket) => {
        const timer = setInterval(() => socket.send('tick'), 20);
        setTimeout(() => clearInterval(timer), 300);
        socket.on('close', () => clearInterval(timer));
      },
      { autoPong: false },
    );
    conn = await dial(`${server.url}|ping=50&pongTimeout=100`, { registry });
    let error: DialError | undefined;
    conn.on('disconnect', (e) => {
      error = e;
    });
    await waitFor(() => error !== undefined, 3000, 'the silent peer to be noticed');
    expect(error?.message).toMatch(/no pong, no data\) for 100 ms/);
  });

  it('after a pause (full queue) the heartbeat runs again: a peer silent after it is noticed', async () => {
    server = await testServer(
      (socket) => {
        for (let i = 0; i < 20; i += 1) socket.send(`m${i}`);
      },
      { autoPong: false },
    );
    conn = await dial(`${server.url}|ping=50&pongTimeout=100&qsize=2&overflow=block`, { registry });
    await waitFor(() => conn!.stats().paused, 3000, 'intake to stop');
    let error: DialError | undefined;
    conn.on('disconnect', (e) => {
      error = e;
    });
    await sleep(300); // a paused link's heartbeat rests: silence while paused is no sign of death
    expect(error).toBeUndefined();
    for (let i = 0; i < 20; i += 1) expect(await conn.read(1000)).toBe(`m${i}`);
    await waitFor(() => error !== undefined, 3000, 'the silent peer to be noticed');
  });

  it('traffic alone counts as life (a feed that never answers pings but keeps pushing)', async () => {
    server = await testServer(
      (socket) => {
        const timer = setInterval(() => socket.send('tick'), 20);
        socket.on('close', () => clearInterval(timer));
      },
      { autoPong: false },
    );
    conn = await dial(`${server.url}|ping=50&pongTimeout=100`, { registry });
    await sleep(500);
    expect(conn.state).toBe('open');
  });

  it('pingType=text sends pingMessage; pongMessage replies are consumed, not queued', async () => {
    server = await testServer((socket) => {
      socket.on('message', (data) => {
        if (data.toString() === 'ping') socket.send('pong');
        else socket.send(`echo:${data.toString()}`);
      });
    });
    conn = await dial(`${server.url}|ping=50&pingMessage=ping&pongMessage=pong&pongTimeout=200`, { registry });
    await sleep(300);
    expect(server.received.filter((m) => m === 'ping').length).toBeGreaterThanOrEqual(4);
    await conn.write('data');
    expect(await conn.read(1000)).toBe('echo:data');
    expect(conn.stats().queued).toBe(0);
    expect(conn.state).toBe('open');
  });

  it('the heartbeats of many connections share one timer, and a closed connection leaves none behind', async () => {
    let pings = 0;
    server = await testServer((socket) =>
      socket.on('ping', () => {
        pings += 1;
      }),
    );
    const many = await Promise.all(Array.from({ length: 20 }, () => dial(`${server!.url}|ping=40`, { registry })));
    expect(heartbeatTimers()).toEqual({ members: 20, timers: 1 });
    await waitFor(() => pings >= 40, 5000, 'two pings per connection');
    expect(many.every((c) => c.state === 'open')).toBe(true);
    await Promise.all(many.map((c) => c.close()));
    expect(heartbeatTimers()).toEqual({ members: 0, timers: 0 });
  });

  it('ping=0 turns heartbeats off', async () => {
    let pings = 0;
    server = await testServer((socket) =>
      socket.on('ping', () => {
        pings += 1;
      }),
    );
    conn = await dial(`${server.url}|ping=0`, { registry });
    await sleep(200);
    expect(pings).toBe(0);
  });

  it("answers the server's pings automatically", async () => {
    let pongs = 0;
    server = await testServer((socket) => {
      socket.on('pong', () => {
        pongs += 1;
      });
      socket.ping('hi');
    });
    conn = await dial(server.url, { registry });
    await waitFor(() => pongs === 1);
  });
});
