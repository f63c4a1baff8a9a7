import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { dial, type Connection } from '../src/index.js';
import { parseCliArgs } from '../src/cli/args.js';
import { pipe } from '../src/cli/pipe.js';
import { StatusLine } from '../src/cli/status.js';
import { wsServer } from './support/servers.js';

/** The pipe's context around `stdout`, with the options of `argv` (after the address). */
function context(url: string, argv: string[], stdout: Writable): Parameters<typeof pipe>[1] {
  return {
    args: parseCliArgs([url, '--read-only', ...argv]),
    status: new StatusLine(process.stderr, true, (text) => text),
    stdin: new PassThrough(),
    stdout,
    stderr: process.stderr,
    interrupted: () => false,
  };
}

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe.concurrent('omnidial CLI pipe: batched reads and stdout back-pressure', { timeout: 60_000 }, () => {
  it('while stdout is full, received messages wait in the queue, not in stdout memory; all follow after drain', async ({
    onTestFinished,
  }) => {
    let sendRest: (() => void) | undefined;
    const server = await wsServer((socket) => {
      socket.send('m1');
      sendRest = () => {
        for (const m of ['m2', 'm3', 'm4', 'm5']) socket.send(m);
      };
    });
    onTestFinished(server.close);
    const conn: Connection = await dial(server.url);
    onTestFinished(() => conn.close());
    // A consumer that takes nothing until released: the first write fills it (highWaterMark 1 byte).
    const chunks: string[] = [];
    let release: (() => void) | undefined;
    const stdout = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        if (release === undefined) release = () => callback();
        else callback();
      },
    });
    const done = pipe(conn, context(server.url, ['-n', '5'], stdout));
    await waitUntil(() => release !== undefined);
    sendRest!();
    await waitUntil(() => conn.stats().received === 5);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stdout.writableLength).toBe('m1\n'.length);
    expect(conn.stats().queued).toBe(4);
    release!();
    expect(await done).toBe(0);
    expect(chunks.join('')).toBe('m1\nm2\nm3\nm4\nm5\n');
  });

  it('a batch mixing text and binary messages: one line each, bytes intact; --count takes exactly that many', async ({
    onTestFinished,
  }) => {
    const server = await wsServer((socket) => {
      socket.send('a');
      socket.send(Buffer.from([0, 1, 255]));
      socket.send('b');
      socket.send('not taken');
    });
    onTestFinished(server.close);
    const conn = await dial(server.url);
    onTestFinished(() => conn.close());
    await waitUntil(() => conn.stats().received === 4);
    const chunks: Buffer[] = [];
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    expect(await pipe(conn, context(server.url, ['-n', '3'], stdout))).toBe(0);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from([0x61, 10, 0, 1, 255, 10, 0x62, 10]));
    expect(await conn.read(-1)).toBe('not taken');
  });
});
