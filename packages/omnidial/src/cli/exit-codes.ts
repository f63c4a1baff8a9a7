import { isDialError } from '@omnidial/core';

/**
 * Exit codes of the `omnidial` CLI, stable for scripts (documented in docs/guide/cli.md).
 */
export const EXIT = {
  /** Done: `--count` reached, stdin finished with `--write-only`, or every SQL statement ran. */
  ok: 0,
  /** Bad usage, invalid address or option, or a scheme whose package is not installed. */
  usage: 1,
  /** The first connect failed (refused, unreachable, DNS, TLS, credentials, connect timeout). */
  connect: 2,
  /** `--timeout` ms passed without a message. */
  timeout: 3,
  /** The connection was lost (and `reconnect` was off or gave up). */
  lost: 4,
  /** A SQL statement failed. */
  query: 5,
  /** Interrupted by SIGINT (Ctrl-C). */
  interrupted: 130,
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for an error thrown by `dial()`. */
export function dialExitCode(error: unknown): ExitCode {
  if (isDialError(error, 'InvalidArgument') || isDialError(error, 'Unimplemented')) return EXIT.usage;
  return EXIT.connect;
}
