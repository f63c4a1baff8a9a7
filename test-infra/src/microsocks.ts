import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePorts } from './ports.js';
import { probeSocks5 } from './probe/socks5.js';
import { cleanupOnExit, ManagedProcess } from './process.js';

/** A private microsocks started by {@link startMicrosocks}. */
export interface Microsocks {
  readonly port: number;
  /** Stops the process and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts one more microsocks (the `socks5` service's server) on a free port of 127.0.0.1 with
 * the given credentials, for tests that need a password of their own (any bytes, at most 255):
 * resolves once a real RFC 1929 authentication with them succeeds.
 */
export async function startMicrosocks(user: string, password: string): Promise<Microsocks> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnidial-microsocks-'));
  cleanupOnExit(dir);
  const [port] = await freePorts(1);
  const server = ManagedProcess.start(
    {
      label: 'microsocks',
      command: '/usr/bin/microsocks',
      cwd: dir,
      args: ['-i', '127.0.0.1', '-p', String(port), '-u', user, '-P', password],
    },
    dir,
  );
  const stop = async (): Promise<void> => {
    await server.stop(2000);
    fs.rmSync(dir, { recursive: true, force: true });
    cleanupOnExit(dir, false);
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await probeSocks5(port!, user, password);
      return { port: port!, stop };
    } catch (error) {
      if (attempt >= 100 || server.hasExited) {
        await stop();
        throw new Error(`microsocks did not start: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
