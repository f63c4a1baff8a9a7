const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Byte length of the UTF-8 sequence a lead byte starts, or 0 for a byte that cannot lead. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Decodes one run of consecutive escapes; bytes that are not valid UTF-8 stay as written. */
function decodeRun(run: string): string {
  const bytes = Uint8Array.from({ length: run.length / 3 }, (_, i) => parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16));
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes[i]!);
    if (n > 0 && i + n <= bytes.length) {
      try {
        out += utf8.decode(bytes.subarray(i, i + n));
        i += n;
        continue;
      } catch {
        // not valid UTF-8: falls through and keeps the escape literally
      }
    }
    out += run.slice(i * 3, i * 3 + 3);
    i += 1;
  }
  return out;
}

/**
 * Decodes the valid `%XX` escapes of an option value (as UTF-8). Anything else stays literal:
 * `5%`, `%zz`, escapes that do not form valid UTF-8, and `+` (never a space).
 */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, decodeRun);
}
