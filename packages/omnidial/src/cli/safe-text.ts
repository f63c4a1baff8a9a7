import { addressSecrets, redactText } from '@omnidial/core/driver';

/**
 * Control characters a terminal would act on: C0 (except tab and newline; a carriage return
 * only when it does not end a line), DEL, C1, and bidirectional overrides that reorder text.
 */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

/** `text` with every terminal control character shown as an escape (`\x1b`), never acted on. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Makes one text safe to show. */
export type TextGuard = (text: string) => string;

/**
 * The guard for everything the CLI prints about a connection (status line, errors): the
 * core's redaction of `address`'s credentials in every form they take, then
 * {@link terminalSafe}. The CLI has no redaction of its own.
 */
export function diagnosticGuard(address: string | undefined): TextGuard {
  // Found on first use: a run that prints no diagnostic never scans the address (start-up, ADR 0311).
  let secrets: readonly string[] | undefined;
  return (text) => {
    secrets ??= address === undefined ? [] : addressSecrets(address);
    return terminalSafe(redactText(text, secrets));
  };
}

const UNGUARDED = Symbol('unguarded');

/**
 * `stream` with every `write` passed through `guard` (a Buffer is shown as UTF-8 text); other
 * members (isTTY, columns, on, ...) are the stream's own.
 */
export function guardStream<S extends NodeJS.WritableStream>(stream: S, guard: TextGuard): S {
  return new Proxy(stream, {
    get(target, key) {
      if (key === UNGUARDED) return target;
      if (key === 'write') {
        return (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
          const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
          return (target.write as (c: string, ...r: unknown[]) => boolean)(guard(text), ...rest);
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The stream under a {@link guardStream} (or `stream` itself): for readline, whose own cursor
 * control sequences must reach the terminal.
 */
export function unguarded<S extends NodeJS.WritableStream>(stream: S): S {
  return (stream as unknown as Record<symbol, S | undefined>)[UNGUARDED] ?? stream;
}
