/**
 * One line of a recording (`omnidial record`, JSON lines): `t` is the receive time in
 * milliseconds since the epoch (fractional: microseconds), then the message as `text`
 * (valid UTF-8) or `base64` (bytes).
 *
 * ```json
 * {"t":1764739843123.456,"text":"{\"px\":101.5}"}
 * {"t":1764739843125.002,"base64":"AAEC"}
 * ```
 */
export type RecordedMessage =
  { readonly t: number; readonly text: string } | { readonly t: number; readonly base64: string };

/** One recording line (with its `\n`) for `message`, received at `t` ms since the epoch. */
export function recordLine(message: string | Uint8Array, t: number): string {
  const time = Math.round(t * 1000) / 1000;
  if (typeof message === 'string') return `${JSON.stringify({ t: time, text: message })}\n`;
  const bytes = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  const text = bytes.toString('utf8');
  // Bytes that are valid UTF-8 are stored as text, so the recording stays readable.
  if (Buffer.from(text, 'utf8').equals(bytes)) return `${JSON.stringify({ t: time, text })}\n`;
  return `${JSON.stringify({ t: time, base64: bytes.toString('base64') })}\n`;
}

/**
 * Parses one recording line into its time and message; throws an Error whose message says
 * what is wrong (the driver adds the file and line number).
 */
export function parseRecordLine(line: string): { t: number; message: string | Buffer } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`not JSON: ${line.length > 60 ? `${line.slice(0, 60)}…` : line}`);
  }
  if (value === null || typeof value !== 'object')
    throw new Error('expected an object like {"t":1764739843123.4,"text":"..."}');
  const { t, text, base64 } = value as { t?: unknown; text?: unknown; base64?: unknown };
  if (typeof t !== 'number' || !Number.isFinite(t))
    throw new Error('"t" (receive time, ms since the epoch) must be a number');
  if (typeof text === 'string') return { t, message: text };
  if (typeof base64 === 'string') return { t, message: Buffer.from(base64, 'base64') };
  throw new Error('each line needs "text" or "base64"');
}
