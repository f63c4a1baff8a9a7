import { invalidArgument, quote } from './fail.js';
import { redactAddress } from './redact.js';

/** An address cut into its base and its option text (DESIGN §4). */
export interface SplitAddress {
  /** Lower-case scheme: the text before the first `://`. */
  scheme: string;
  /** The part before the separator, exactly as given (scheme included). */
  base: string;
  /** The text after the separator; `undefined` when there is none, `''` for a bare `|`. */
  options: string | undefined;
  /** Which separator was found. */
  separator: '|' | '||' | undefined;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

/**
 * Cuts `address` into base and options. If the address contains `||`, it splits at the first
 * `||` (so option values may contain a single `|`); otherwise at the first `|`. The base is
 * not validated beyond its scheme — that is the driver's job — and may therefore keep `?`, `&`
 * or `=` of its own (`clickhouse://tcp://h:9000?username=u&password=p`).
 *
 * @throws DialError `InvalidArgument` when `address` is not a string, is empty, or has no
 * valid `scheme://` prefix.
 */
export function splitAddress(address: string): SplitAddress {
  if (typeof address !== 'string') {
    const got = address === null ? 'null' : typeof address;
    throw invalidArgument(`the address must be a string, got ${got}`);
  }
  if (address.trim() === '') throw invalidArgument('the address is empty');

  const double = address.indexOf('||');
  const at = double >= 0 ? double : address.indexOf('|');
  const separator = double >= 0 ? '||' : at >= 0 ? '|' : undefined;
  const base = at >= 0 ? address.slice(0, at) : address;
  const options = at >= 0 ? address.slice(at + (separator === '||' ? 2 : 1)) : undefined;

  const mark = base.indexOf('://');
  const scheme = mark > 0 ? base.slice(0, mark) : '';
  if (!SCHEME.test(scheme)) {
    // Without a scheme redaction cannot find `user:pass@`, so an address with `@` is not echoed.
    const unsafe = base.includes('@');
    const shown = unsafe ? 'the address' : `the address ${quote(redactAddress(base))}`;
    const problem = mark > 0 ? 'has an invalid scheme' : 'has no scheme';
    throw invalidArgument(
      `${shown} ${problem}; expected scheme://... (a letter, then letters, digits, "+", "-" or "."), e.g. wss://host/path`,
      undefined,
      unsafe ? undefined : redactAddress(address),
    );
  }
  return { scheme: scheme.toLowerCase(), base, options, separator };
}
