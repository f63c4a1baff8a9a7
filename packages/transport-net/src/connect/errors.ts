import type { DialError, ErrorCode, LinkContext } from '@omnidial/core/driver';
import { fsErrorCode, isDialError } from '@omnidial/core/driver';

const BY_ERRNO: Readonly<Record<string, ErrorCode>> = {
  ECONNREFUSED: 'Unavailable',
  ECONNRESET: 'Unavailable',
  ECONNABORTED: 'Unavailable',
  EPIPE: 'Unavailable',
  EHOSTUNREACH: 'Unavailable',
  ENETUNREACH: 'Unavailable',
  EHOSTDOWN: 'Unavailable',
  ENETDOWN: 'Unavailable',
  ETIMEDOUT: 'Unavailable',
  ENOTFOUND: 'Unavailable',
  EAI_AGAIN: 'Unavailable',
  EAI_FAIL: 'Unavailable',
  EADDRNOTAVAIL: 'Unavailable',
  ERR_SOCKET_CLOSED: 'Unavailable',
  ERR_STREAM_DESTROYED: 'Unavailable',
  ENOTSOCK: 'InvalidArgument',
  EPROTOTYPE: 'InvalidArgument',
  EMSGSIZE: 'ResourceExhausted',
  ENOBUFS: 'ResourceExhausted',
  ABORT_ERR: 'Canceled',
};

const WHAT: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  EPIPE: 'broken pipe',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'temporary DNS failure',
  ENOENT: 'no such socket file',
  EACCES: 'permission denied',
  EMSGSIZE: 'datagram too large',
};

/** TLS verification failures (OpenSSL verify codes and Node's host-name check). */
const TLS_IDENTITY =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|INVALID_CA|INVALID_PURPOSE|CERT_UNTRUSTED|CERT_REJECTED)/;

/** The DialError code for a socket, DNS, TLS or SOCKS failure. */
export function codeOf(error: unknown): ErrorCode {
  if (isDialError(error)) return error.code;
  const code = errorCode(error);
  if (code !== undefined) {
    if (TLS_IDENTITY.test(code)) return 'PermissionDenied';
    if (code in BY_ERRNO) return BY_ERRNO[code]!;
    const onFile = fsErrorCode(error); // a unix socket path: missing, unreadable
    if (onFile !== 'Unknown') return onFile;
    if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
      return /CERTIFICATE|ALERT_BAD_CERT|ALERT_UNKNOWN_CA|HANDSHAKE_FAILURE|ACCESS_DENIED/.test(code)
        ? 'PermissionDenied'
        : 'Protocol';
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/socks/i.test(message)) return socksCode(message);
  return 'Unavailable';
}

function socksCode(message: string): ErrorCode {
  if (/authentication|NotAllowed|no accepted/i.test(message)) return 'PermissionDenied';
  if (/timed out/i.test(message)) return 'Timeout';
  if (/invalid|not supported|unknown/i.test(message) && !/rejected/i.test(message)) return 'Protocol';
  return 'Unavailable';
}

/** `ECONNREFUSED`-style code of a Node error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `doing: reason` for an error met while doing `doing`, with a plain-words reason for errno codes. */
export function describe(error: unknown, doing: string): string {
  const code = errorCode(error);
  const reason = error instanceof Error ? error.message : String(error);
  const what = code === undefined ? undefined : WHAT[code];
  return `${doing}: ${what !== undefined && !reason.includes(what) ? `${what} (${reason})` : reason}`;
}

/**
 * A DialError for `error` met while doing `doing` (e.g. `connect to 127.0.0.1:9000`), with
 * the code mapped and a readable reason (plus `hint`); DialErrors pass through unchanged.
 */
export function toDialError(context: Pick<LinkContext, 'error'>, error: unknown, doing: string, hint = ''): DialError {
  if (isDialError(error)) return error;
  return context.error(codeOf(error), describe(error, doing) + hint, error);
}
