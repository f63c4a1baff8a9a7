/** Environment variable raising every service's start limit (ms), for a loaded machine. */
export const START_TIMEOUT_ENV_VAR = 'OMNIDIAL_TEST_START_TIMEOUT_MS';

/** The start limit of a service that sets none of its own. */
export const DEFAULT_START_TIMEOUT_MS = 90_000;

/**
 * The start (and restart) limit of one service in ms: the caller's `startTimeoutMs` when given;
 * otherwise the service's own limit (or {@link DEFAULT_START_TIMEOUT_MS}), raised to
 * `OMNIDIAL_TEST_START_TIMEOUT_MS` when that is larger. The variable only raises limits, so setting
 * it for a busy machine never shortens a cluster's longer one. Throws when it is not a positive
 * whole number of milliseconds.
 */
export function startTimeoutMs(
  serviceMs: number | undefined,
  optionMs: number | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  if (optionMs !== undefined) return optionMs;
  const own = serviceMs ?? DEFAULT_START_TIMEOUT_MS;
  const raw = env[START_TIMEOUT_ENV_VAR];
  if (raw === undefined || raw.trim() === '') return own;
  const floor = Number(raw);
  if (!Number.isInteger(floor) || floor <= 0)
    throw new Error(`${START_TIMEOUT_ENV_VAR} must be a positive whole number of milliseconds, got "${raw}"`);
  return Math.max(own, floor);
}
