/** The longest delay `setTimeout` honours; a longer one fires after 1 ms (TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `ms` as a timer delay, or undefined when the wait has no deadline: no timeout given, or one
 * beyond ~24.8 days (`Infinity` included), which no timer can hold and no caller can tell
 * apart from waiting forever.
 */
export function timerDelay(ms: number | undefined): number | undefined {
  return ms === undefined || ms > MAX_TIMER_MS ? undefined : ms;
}
