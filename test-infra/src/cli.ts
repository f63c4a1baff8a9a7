/**
 * `pnpm with-services [--only a,b] -- <command...>`: starts the test servers, runs the command
 * with OMNIDIAL_TEST_* set, stops everything and exits with the command's exit code.
 * Without a command it keeps the servers running until interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { HarnessStartError, parseServiceList, startServices, type Harness } from './harness.js';
import { killAllNow } from './process.js';
import { watchAncestors } from './watchdog.js';

const log = (line: string): void => void process.stderr.write(`[with-services] ${line}\n`);

function parseArgs(argv: string[]): { only: string | undefined; command: string[] } {
  let only = process.env.OMNIDIAL_SERVICES;
  const args = [...argv];
  while (args.length > 0) {
    const arg = args[0] ?? '';
    if (arg === '--') {
      args.shift();
      break;
    } else if (arg === '--only') {
      args.shift();
      only = args.shift();
    } else if (arg.startsWith('--only=')) {
      only = arg.slice('--only='.length);
      args.shift();
    } else {
      break;
    }
  }
  return { only, command: args };
}

function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] ?? 1);
}

async function main(): Promise<number> {
  const { only, command } = parseArgs(process.argv.slice(2));
  try {
    parseServiceList(only);
  } catch (error) {
    log((error as Error).message);
    return 2;
  }
  let harness: Harness | undefined;
  let child: ChildProcess | undefined;
  let interrupted: NodeJS.Signals | undefined;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = signal;
    log(`${signal} received, stopping`);
    if (child && child.exitCode === null) {
      child.kill(signal);
    } else if (!harness) {
      // Still starting: kill every server group now and leave.
      killAllNow();
      process.exit(signalExitCode(signal));
    } else {
      void harness.stop().finally(() => process.exit(signalExitCode(signal)));
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => onSignal(signal));
  // pnpm does not forward SIGTERM: if whatever launched us dies, behave as if we got SIGTERM.
  watchAncestors(() => {
    log('parent process gone');
    onSignal('SIGTERM');
  });

  try {
    harness = await startServices({ only, log });
  } catch (error) {
    if (error instanceof HarnessStartError) {
      log(`could not start the test services:\n${error.message}`);
      log(
        process.env.CI === 'true'
          ? 'CI: a test service failed to start; this is a hard failure.'
          : 'Run `pnpm services:install` (installs the servers and the Kafka jars), then try again.',
      );
      return 1;
    }
    throw error;
  }
  if (interrupted) {
    await harness.stop();
    return signalExitCode(interrupted);
  }

  if (command.length === 0) {
    for (const [key, value] of Object.entries(harness.env)) process.stdout.write(`${key}=${value}\n`);
    log('no command given: services keep running until Ctrl-C');
    await new Promise<never>(() => undefined);
  }

  const [cmd, ...args] = command as [string, ...string[]];
  const code = await new Promise<number>((resolve) => {
    child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...harness.env } });
    child.once('error', (error) => {
      log(`cannot run ${cmd}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? signalExitCode(signal) : 1)));
  });
  const t0 = Date.now();
  await harness.stop();
  log(`services stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return interrupted ? signalExitCode(interrupted) : code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    killAllNow();
    process.exit(1);
  },
);
