import http from 'node:http';
import type { Harness } from './harness.js';
import { isServiceName } from './types.js';

/** A running restart-control HTTP server. */
export interface ControlServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  close(): Promise<void>;
}

const ACTIONS = ['stop', 'start', 'restart'] as const;

/**
 * Serves `POST /services/<name>/<stop|start|restart>` (answers once done, with
 * `{"ok":true,"url":...}`), `POST /services/<cluster>/nodes/<i>/<kill|start>` and
 * `GET /services` on 127.0.0.1, so test processes can drive faults in the servers owned by
 * the harness.
 */
export async function startControlServer(harness: Harness): Promise<ControlServer> {
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const parts = (req.url ?? '').split('?')[0]?.split('/').filter(Boolean) ?? [];
    if (req.method === 'GET' && parts.length === 1 && parts[0] === 'services') {
      reply(
        200,
        harness.names.map((name) => ({
          name,
          url: harness.urls[name],
          pids: harness.pids(name),
          nodePorts: harness.nodePorts(name),
        })),
      );
      return;
    }
    if (req.method === 'POST' && parts.length === 5 && parts[0] === 'services' && parts[2] === 'nodes') {
      const [, name, , index, action] = parts;
      if (
        name === undefined ||
        !isServiceName(name) ||
        !harness.names.includes(name) ||
        !/^[0-9]+$/.test(index ?? '')
      ) {
        reply(404, { ok: false, error: `no such cluster node: ${name}/${index}` });
        return;
      }
      if (action !== 'kill' && action !== 'start') {
        reply(404, { ok: false, error: `unknown node action ${action} (kill or start)` });
        return;
      }
      const run = action === 'kill' ? harness.killNode(name, Number(index)) : harness.startNode(name, Number(index));
      run.then(
        () => reply(200, { ok: true, name, node: Number(index) }),
        (error: unknown) => reply(500, { ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    const [root, name, action] = parts;
    if (req.method !== 'POST' || root !== 'services' || parts.length !== 3 || name === undefined) {
      reply(404, { ok: false, error: 'use POST /services/<name>/<stop|start|restart>' });
      return;
    }
    if (!isServiceName(name) || !harness.names.includes(name)) {
      reply(404, { ok: false, error: `service ${name} is not running in this harness (${harness.names.join(', ')})` });
      return;
    }
    if (!(ACTIONS as readonly string[]).includes(action ?? '')) {
      reply(404, { ok: false, error: `unknown action ${action}` });
      return;
    }
    const run =
      action === 'stop'
        ? harness.stopService(name)
        : action === 'start'
          ? harness.startService(name)
          : harness.restart(name);
    run.then(
      () => reply(200, { ok: true, name, url: harness.urls[name] }),
      (error: unknown) => reply(500, { ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('control server has no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
