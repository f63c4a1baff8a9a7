/**
 * The total length (UTF-16 code units) up to which a `writeMany()` batch of strings is joined and
 * handed to the socket as one write: one `Writable.write()` (~100 ns each, with its buffering
 * while corked) instead of one per item, and one byte count. Larger batches go item by item, so
 * a batch never builds one huge string (V8 caps a string's length).
 */
const JOIN_UP_TO = 256 * 1024;

/** The batch as one string when every item is a string and they add up to {@link JOIN_UP_TO} or less; else undefined. */
export function joinedBatch(items: readonly (string | Uint8Array)[]): string | undefined {
  let length = 0;
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i];
    if (typeof item !== 'string') return undefined;
    length += item.length;
    if (length > JOIN_UP_TO) return undefined;
  }
  return items.join('');
}

/**
 * The index of the item that takes a socket holding `held` to `mark` (both counted as the socket
 * counts a queued string: its length), or the last item: the one a failed drain wait names.
 */
export function itemReachingMark(items: readonly string[], held: number, mark: number): number {
  for (let i = 0; i < items.length; i += 1) {
    held += items[i]!.length;
    if (held >= mark) return i;
  }
  return items.length - 1;
}
