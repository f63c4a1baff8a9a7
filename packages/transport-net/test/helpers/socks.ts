import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';

/** A SOCKS5 proxy for the tests, or why there is none. */
export type SocksProxy = { url: string; origin: string; stop(): Promise<void> } | { skip: string };

const MICROSOCKS = ['/usr/bin/microsocks', '/usr/local/bin/microsocks'].find((path) => existsSync(path));

/**
 * The authenticated proxy of test-infra (`OMNIDIAL_TEST_SOCKS5_URL`). In CI its absence is an
 * error; locally a private `microsocks` is started instead when the binary exists, else the
 * proxy tests are skipped with the reason.
 */
export async function authProxy(): Promise<SocksProxy> {
  const url = process.env.OMNIDIAL_TEST_SOCKS5_URL;
  if (url !== undefined && url !== '') return { url, origin: 'OMNIDIAL_TEST_SOCKS5_URL', stop: async () => undefined };
  if (process.env.CI)
    throw new Error('OMNIDIAL_TEST_SOCKS5_URL is not set: run the tests with `pnpm with-services -- vitest run`');
  return startMicrosocks({ user: 'omni', pass: 'dial-s3cret' });
}

/** A private no-auth `microsocks`, when the binary exists (skipped with the reason otherwise; an error in CI). */
export function openProxy(): Promise<SocksProxy> {
  return startMicrosocks(undefined);
}

async function startMicrosocks(auth: { user: string; pass: string } | undefined): Promise<SocksProxy> {
  if (MICROSOCKS === undefined) {
    const why = 'no OMNIDIAL_TEST_SOCKS5_URL and no microsocks binary (apt-get install microsocks)';
    if (process.env.CI) throw new Error(`${why}: in CI the proxy must exist (pnpm services:install installs it)`);
    return { skip: why };
  }
  const port = await freePort();
  const args = [
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    ...(auth === undefined ? [] : ['-u', auth.user, '-P', auth.pass]),
  ];
  // Through a shell that stops microsocks when its stdin closes: on stop(), and when the test process
  // dies or exits without running its cleanup hooks (a run filtered with -t skips them).
  const child: ChildProcess = spawn('/bin/sh', ['-c', '"$0" "$@" & read _; kill $!; wait', MICROSOCKS, ...args], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  await waitListening(port);
  const creds = auth === undefined ? '' : `${auth.user}:${auth.pass}@`;
  return {
    url: `socks5://${creds}127.0.0.1:${port}`,
    origin: `private microsocks${auth === undefined ? ' (no auth)' : ''}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      await exited;
    },
  };
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitListening(port: number): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`microsocks did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
