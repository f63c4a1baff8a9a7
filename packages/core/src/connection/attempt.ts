import { DialError } from '../errors.js';
import type { Connector, Endpoint, Link, LinkContext } from '../driver/types.js';

/** What one connect attempt needs besides the connector. */
export interface AttemptInput<E extends Endpoint> {
  connector: Connector<E>;
  endpoint: E;
  timeoutMs: number;
  /** The caller's or the connection's signal; aborting it cancels the attempt. */
  signal: AbortSignal | undefined;
  /** Builds the link context for this attempt from the attempt's own abort signal. */
  context(signal: AbortSignal, timeoutMs: number): LinkContext;
}

/**
 * Runs `connector.connect` once, bounded by `timeoutMs` and `signal`. A timeout rejects with
 * `Timeout`, an abort with `Canceled`; a link that arrives after either is closed, not leaked.
 */
export async function connectOnce<E extends Endpoint>(input: AttemptInput<E>): Promise<Link> {
  const controller = new AbortController();
  const context = input.context(controller.signal, input.timeoutMs);
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;

  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = context.error('Timeout', `connect timed out after ${input.timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, input.timeoutMs);
    if (input.signal !== undefined) {
      onAbort = () => {
        const error = context.error('Canceled', 'connect was canceled', input.signal?.reason);
        controller.abort(error);
        reject(error);
      };
      if (input.signal.aborted) onAbort();
      else input.signal.addEventListener('abort', onAbort, { once: true });
    }
  });

  // A signal aborted before the attempt never reaches the connector: a connector that resolves at
  // once would otherwise win the race against the already rejected guard.
  const connecting = controller.signal.aborted
    ? Promise.reject(controller.signal.reason as unknown)
    : input.connector.connect(input.endpoint, context);
  try {
    const link = await Promise.race([connecting, guard]);
    settled = true;
    return link;
  } catch (error) {
    if (!settled)
      connecting.then(
        (late) => late.close(),
        () => undefined,
      );
    throw error instanceof DialError ? error : context.error('Unavailable', describe(error), error);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) input.signal?.removeEventListener('abort', onAbort);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
