/**
 * `text` as one flat string. `'x'.repeat(64)`, `a + b` and template literals build a rope (a
 * V8 cons string) when long enough; Node's UTF-8 routines walk a rope on every call without
 * flattening it, so a payload constant built that way costs every reader of it ~200 ns per pass
 * (Buffer.byteLength: 23 ns flat, 199 ns as a 64-char rope, Node 20). Strings from
 * `JSON.stringify`, `Buffer#toString` or a socket are flat; the benches send such a string, so
 * neither side pays for the way the constant was built.
 */
export function flatText(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/**
 * A batch of `count` references to `item`, for writeMany(). `Array.from({ length }, () => item)`
 * costs ~40 ns per element (Node 24: a callback call each), a tenth of a small write's whole
 * budget, and is not what a caller holding its messages pays; `fill` costs ~2 ns.
 */
export function batchOf<T>(count: number, item: T): T[] {
  return new Array<T>(count).fill(item);
}

/** `count` results of `make()`, in a plain loop (not `Array.from`'s callback per element: see {@link batchOf}). */
export function repeatCall<T>(count: number, make: () => T): T[] {
  const out = new Array<T>(count);
  for (let i = 0; i < count; i += 1) out[i] = make();
  return out;
}
