import type { OptionValue } from '@omnidial/core/driver';
import { invalid } from './fail.js';

/** Handshake headers and the values among them that are credentials. */
export interface ParsedHeaders {
  readonly values: Readonly<Record<string, string>>;
  readonly secrets: readonly string[];
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Header names whose values are treated as credentials (kept out of error texts). */
const SECRET_HEADER = /auth|cookie|key|token|secret|sign|pass/i;

function add(scheme: string, out: Record<string, string>, name: string, value: unknown): void {
  const trimmed = name.trim();
  if (!TOKEN.test(trimmed)) throw invalid(scheme, `"${trimmed}" is not a valid header name`);
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw invalid(scheme, `header "${trimmed}" must have a string value, got ${typeof value}`);
  }
  const text = String(value).trim();
  if (/[\r\n\0]/.test(text)) throw invalid(scheme, `header "${trimmed}" contains a line break or NUL`);
  out[trimmed] = text;
}

function fromRecord(scheme: string, out: Record<string, string>, headers: unknown): void {
  let record = headers;
  if (typeof headers === 'string') {
    try {
      record = JSON.parse(headers) as unknown;
    } catch {
      throw invalid(
        scheme,
        'headers in the address must be a JSON object, e.g. headers={"User-Agent":"bot"}; or use header=Name: value',
      );
    }
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw invalid(scheme, 'headers must be an object of header names to values');
  }
  for (const [name, value] of Object.entries(record)) add(scheme, out, name, value);
}

/**
 * Merges `headers` (a record, or a JSON object text from the address) and the repeatable
 * `header=Name: value` entries (which win on the same name).
 * @throws DialError `InvalidArgument` on a malformed name or value.
 */
export function parseHeaders(
  scheme: string,
  headers: OptionValue | undefined,
  header: OptionValue | undefined,
): ParsedHeaders {
  const out: Record<string, string> = {};
  if (headers !== undefined) fromRecord(scheme, out, headers);
  for (const line of (header as readonly string[] | undefined) ?? []) {
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw invalid(scheme, `header must be "Name: value", got "${line.includes(':') ? '(no name)' : line}"`);
    add(scheme, out, line.slice(0, colon), line.slice(colon + 1));
  }
  const secrets = Object.entries(out)
    .filter(([name, value]) => SECRET_HEADER.test(name) && value !== '')
    .map(([, value]) => value);
  return { values: out, secrets };
}
