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
