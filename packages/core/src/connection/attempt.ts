import { DialError } from '../errors.js';
import type { Connector, Endpoint, Link, LinkContext } from '../driver/types.js';

/** What one connect attempt needs besides the connector. */
export interface AttemptInput<E extends Endpoint> {
  connector: Connector<E>;
  endpoint: E;
  timeoutMs: number;
  /** The caller's or the connection's signal; aborting it cancels the attempt. */
  signal: AbortSignal;
  /** Builds the link context for this attempt from the attempt's own abort signal. */
  context(signal: AbortSignal, timeoutMs: number): LinkContext;
}

/**
 * Runs `connector.connect` once, bounded by `timeoutMs` and `signal`. A timeout rejects with
 * `Timeout`, an abort with `Canceled`; a link that arrives after either is closed, not leaked.
 */
export async function connectOnce<E extends Endpoint>(input: AttemptInput<E>): Promise<Link> {
  const { signal } = input;
  const controller = new AbortController();
  const context = input.context(controller.signal, input.timeoutMs);
  let reject!: (error: DialError) => void;
  const guard = new Promise<never>((_, fail) => (reject = fail));
  const stop = (error: DialError): void => {
    controller.abort(error);
    reject(error);
  };
  const timer = setTimeout(
    () => stop(context.error('Timeout', `connect timed out after ${input.timeoutMs} ms`)),
    input.timeoutMs,
  );
  const onAbort = (): void => stop(context.error('Canceled', 'connect was canceled', signal.reason));
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort);

  // A signal aborted before the attempt never reaches the connector: a connector that resolves at
  // once would otherwise win the race against the already rejected guard.
  const connecting = controller.signal.aborted
    ? Promise.reject(controller.signal.reason as unknown)
    : input.connector.connect(input.endpoint, context);
  try {
    return await Promise.race([connecting, guard]);
  } catch (error) {
    // The race was lost: a link the connector still brings is closed, not leaked.
    connecting.then(
      (late) => late.close(),
      () => undefined,
    );
    throw error instanceof DialError ? error : context.error('Unavailable', describe(error), error);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
