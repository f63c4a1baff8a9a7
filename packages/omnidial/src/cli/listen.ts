import { createInterface } from 'node:readline';
import type { CliArgs } from './args.js';
import { UsageError } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { startServer, type ListenTarget, type Peer } from './listen-servers.js';

/** What `omnidial listen` needs besides its address. */
export interface ListenContext {
  readonly args: CliArgs;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Registers the function to call on SIGINT. */
  onInterrupt(handler: () => void): void;
}

/** Lines typed before any client connected, kept for the first one (bounded). */
const BACKLOG_LINES = 10_000;

/**
 * `omnidial listen ws://HOST:PORT` / `tcp://HOST:PORT`: a server to test a bot against. Each
 * stdin line goes to every connected client (lines read while none is connected wait for the
 * first one); each client message (ws) or line (tcp) goes to stdout, as text or, with
 * `--json`, as `{"client":N,"text":…}` / `{"client":N,"base64":…}` lines plus
 * `connect`/`disconnect` events. `--echo` sends each message back to its sender. Ends with
 * Ctrl-C (130), `--count` client messages or the first one matching `--until` (0).
 */
export async function listen(address: string, ctx: ListenContext): Promise<ExitCode> {
  const target = parseListenTarget(address);
  const { args } = ctx;
  const log = (text: string): void => {
    if (!args.quiet) ctx.stderr.write(`omnidial: ${text}\n`);
  };
  const event = (value: Record<string, unknown>): void => {
    if (args.json) ctx.stdout.write(`${JSON.stringify(value)}\n`);
  };
  let ended = false;
  let finish: (code: ExitCode) => void = () => undefined;
  const finished = new Promise<ExitCode>((resolve) => {
    finish = (code) => {
      ended = true;
      resolve(code);
    };
  });
  const backlog: string[] = [];
  let received = 0;
  const server = await startServer(target, {
    join(peer) {
      log(`client ${peer.id} connected from ${peer.remote}`);
      event({ event: 'connect', client: peer.id, from: peer.remote });
      for (const line of backlog.splice(0)) peer.send(line);
    },
    message(peer, data) {
      if (ended) return;
      received += 1;
      const text = typeof data === 'string' ? data : undefined;
      if (args.json)
        event(
          text === undefined
            ? { client: peer.id, base64: (data as Buffer).toString('base64') }
            : { client: peer.id, text },
        );
      else ctx.stdout.write(typeof data === 'string' ? `${data}\n` : Buffer.concat([data, Buffer.from('\n')]));
      if (args.echo) peer.send(data);
      if (
        args.until?.test(text ?? (data as Buffer).toString()) === true ||
        (args.count !== undefined && received >= args.count)
      )
        finish(EXIT.ok);
    },
    leave(peer) {
      log(`client ${peer.id} disconnected`);
      event({ event: 'disconnect', client: peer.id });
    },
  });
  ctx.onInterrupt(() => finish(EXIT.interrupted));
  log(`listening on ${server.address} (stdin lines go to every client; Ctrl-C stops)`);
  event({ event: 'listening', address: server.address });
  void broadcastStdin(ctx.stdin, server.peers, backlog, log);
  const code = await finished;
  await server.close();
  return code;
}

async function broadcastStdin(
  stdin: NodeJS.ReadableStream,
  peers: ReadonlyMap<number, Peer>,
  backlog: string[],
  log: (text: string) => void,
): Promise<void> {
  let warned = false;
  for await (const line of createInterface({ input: stdin, crlfDelay: Infinity, terminal: false })) {
    if (peers.size > 0) {
      for (const peer of peers.values()) peer.send(line);
    } else if (backlog.length < BACKLOG_LINES) {
      backlog.push(line);
      if (!warned) log('no client yet: stdin lines wait for the first one');
      warned = true;
    }
  }
}

/** `ws://HOST:PORT[/]` or `tcp://HOST:PORT` (port 0 picks a free one). Throws UsageError. */
export function parseListenTarget(address: string): ListenTarget {
  const match = /^(ws|tcp):\/\/(\[[0-9a-fA-F:.]+\]|[^:/[\]]+):(\d+)\/?$/.exec(address.trim());
  if (match === null) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(address)?.[1]?.toLowerCase();
    if (scheme !== undefined && scheme !== 'ws' && scheme !== 'tcp') {
      throw new UsageError(`listen serves ws:// and tcp:// only, not ${scheme}://`);
    }
    throw new UsageError(
      `listen needs ws://HOST:PORT or tcp://HOST:PORT (e.g. ws://127.0.0.1:8080, ws://0.0.0.0:8080 for every interface, port 0 for a free one); got "${address}"`,
    );
  }
  const port = Number(match[3]);
  if (port > 65535) throw new UsageError(`listen: port must be 0..65535, got ${port}`);
  return { scheme: match[1] as 'ws' | 'tcp', host: match[2]!.replace(/^\[(.*)\]$/, '$1'), port };
}
