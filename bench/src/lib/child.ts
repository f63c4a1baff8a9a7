import { fork, type ChildProcess } from 'node:child_process';

/** A forked helper process that reports its ports over IPC once ready. */
export interface Child<T> {
  ports: T;
  stop(): Promise<void>;
}

/** Forks `script` with `args` and waits for its first IPC message (its ports). */
export async function startChild<T>(script: string, args: string[]): Promise<Child<T>> {
  const child: ChildProcess = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  const ports = await new Promise<T>((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    ports,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
