import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Echo servers running in a child process (see fixtures/echo-peer.mjs). */
export interface EchoPeer {
  tcp: string;
  udp: string;
  unix: string;
  ws: string;
  stop(): void;
}

/** Starts fixtures/echo-peer.mjs and resolves its addresses. */
export function startEchoPeer(): Promise<EchoPeer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [fileURLToPath(new URL('../fixtures/echo-peer.mjs', import.meta.url))],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let text = '';
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      reject(
        new Error(`echo peer exited with ${code ?? signal} before it was ready: ${errors.trim() || '(no output)'}`),
      ),
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (!text.includes('\n')) return;
      resolve({ ...(JSON.parse(text) as Omit<EchoPeer, 'stop'>), stop: () => void child.kill() });
    });
  });
}
