import type { IncomingMessage } from 'node:http';
import { certificateError, type DialError, type ErrorCode, type LinkContext } from '@omnidial/core/driver';

/** How long a refused handshake's response body is read for the error message. */
const BODY_WAIT_MS = 300;
const BODY_MAX = 300;

/** The code for an error raised while connecting (socket, TLS, proxy, handshake). */
export function codeOf(error: unknown): ErrorCode {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (/authentication failed|auth(entication)? (was )?rejected|not allowed by ruleset/i.test(message))
    return 'PermissionDenied';
  if (code === 'ETIMEDOUT' || /timed out|timeout/i.test(message)) return 'Timeout';
  if (
    /invalid (status|sec-websocket|upgrade)|server sent|unexpected server response|invalid frame|invalid utf-8/i.test(
      message,
    )
  )
    return 'Protocol';
  return 'Unavailable';
}

/** The code for a refused handshake with this HTTP status. */
export function statusCode(status: number): ErrorCode {
  if (status === 401 || status === 403 || status === 407) return 'PermissionDenied';
  if (status === 404 || status === 410) return 'NotFound';
  if (status === 429 || status >= 500) return 'Unavailable';
  return 'Protocol';
}

/** A DialError for a failed connect, from whatever the socket, TLS, proxy or ws raised. */
export function connectError(context: LinkContext, error: unknown, where: string): DialError {
  const refused = certificateError(context, error, where);
  if (refused !== undefined) return refused;
  const message = error instanceof Error ? error.message : String(error);
  return context.error(codeOf(error), `connect failed: ${message}`, error);
}

/** ws error codes that mean the peer broke the protocol. */
const PROTOCOL_CODES = /^WS_ERR_(INVALID|UNEXPECTED|EXPECTED)/;

/** A DialError for an error raised on an open link (ws frame errors, socket errors). */
export function linkError(context: LinkContext, error: Error): DialError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
    return context.error('ResourceExhausted', `a received message is larger than maxMessage: ${error.message}`, error);
  }
  if (PROTOCOL_CODES.test(code))
    return context.error('Protocol', `the peer broke the WebSocket protocol: ${error.message}`, error);
  return context.error('Unavailable', `link failed: ${error.message}`, error);
}

/** Reads the start of a refused handshake's body (servers often explain there), briefly. */
export function refusal(context: LinkContext, response: IncomingMessage): Promise<never> {
  return new Promise((_, reject) => {
    let body = '';
    const done = (): void => {
      clearTimeout(timer);
      response.destroy();
      const status = response.statusCode ?? 0;
      const text = body.trim().slice(0, BODY_MAX);
      reject(
        context.error(
          statusCode(status),
          `handshake refused: HTTP ${status} ${response.statusMessage ?? ''}${text === '' ? '' : ` — ${text}`}`.trim(),
        ),
      );
    };
    const timer = setTimeout(done, BODY_WAIT_MS);
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      body += chunk;
      if (body.length >= BODY_MAX) done();
    });
    response.on('end', done);
    response.on('error', done);
  });
}
