import { fork, type ChildProcess } from 'node:child_process';

/** A forked helper process that reports its ports over IPC once ready. */
export interface Child<T> {
  ports: T;
  /** The process, for sending commands. */
  process: ChildProcess;
  /** Sends `command` and waits for the child's next message. */
  ask<R>(command: string): Promise<R>;
  stop(): Promise<void>;
}

const reply = <R>(child: ChildProcess, script: string): Promise<R> =>
  new Promise<R>((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`${script} exited with ${code}`));
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as R);
    });
    child.once('exit', onExit);
  });

/** Forks `script` with `args` and waits for its first IPC message (its ports). */
export async function startChild<T>(script: string, args: string[], execArgv: string[] = []): Promise<Child<T>> {
  const child: ChildProcess = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const ports = await reply<T>(child, script);
  return {
    ports,
    process: child,
    ask: <R>(command: string) => {
      const answer = reply<R>(child, script);
      child.send(command);
      return answer;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
