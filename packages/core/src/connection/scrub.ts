/** How deep scrubbing looks into a cause's properties (options objects, nested causes). */
const MAX_DEPTH = 5;

/** What a redacted copy holds instead of an object nested deeper than MAX_DEPTH. */
const TOO_DEEP = '[not copied: nested too deep]';

/** Masks the credentials in one text (e.g. `(t) => redactText(t, endpoint.secrets)`). */
export type Redactor = (text: string) => string;

/**
 * Removes credentials from an error a client library raised before it becomes a DialError's
 * `cause`: its `message` and `stack`, nested causes, and any own property (enumerable or not,
 * e.g. the `options.proxy.password` that `socks` attaches, or the `input` of a URL
 * `TypeError`) whose value holds a secret. Such a property is replaced on the error by a
 * redacted copy, so objects the client still uses are never mutated.
 */
export function scrubCause(cause: unknown, redact: Redactor, depth = 0): void {
  if (!(cause instanceof Error) || depth > MAX_DEPTH) return;
  try {
    cause.message = redact(cause.message);
    if (cause.stack !== undefined) cause.stack = redact(cause.stack);
    for (const key of Object.getOwnPropertyNames(cause)) {
      if (key === 'message' || key === 'stack') continue;
      const descriptor = Object.getOwnPropertyDescriptor(cause, key);
      if (descriptor === undefined || !('value' in descriptor)) continue;
      const value: unknown = descriptor.value;
      if (value instanceof Error) scrubCause(value, redact, depth + 1);
      else if (holdsSecret(value, redact, depth)) {
        Object.defineProperty(cause, key, { ...descriptor, value: redactedCopy(value, redact, depth) });
      }
    }
  } catch {
    // a frozen or exotic error object: leave it; our own message is already scrubbed
  }
}

function holdsSecret(value: unknown, redact: Redactor, depth: number): boolean {
  if (typeof value === 'string') return redact(value) !== value;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return false;
  if (value instanceof Error) return true; // scrubbed in place by redactedCopy
  return Object.getOwnPropertyNames(value).some((key) => {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    return descriptor !== undefined && 'value' in descriptor && holdsSecret(descriptor.value, redact, depth + 1);
  });
}

function redactedCopy(value: unknown, redact: Redactor, depth: number): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  // Never the original: below the bound it may still hold the secret (or be the cycle back to it).
  if (depth > MAX_DEPTH) return TOO_DEEP;
  if (value instanceof Error) {
    scrubCause(value, redact, depth + 1);
    return value;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => redactedCopy(item, redact, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined || !('value' in descriptor)) continue;
    Object.defineProperty(copy, key, { ...descriptor, value: redactedCopy(descriptor.value, redact, depth + 1) });
  }
  return copy;
}
