/**
 * Index just past the balanced JSON value (object or array) that starts at `start`, or -1
 * when it never closes or its brackets do not match. Strings and their `\` escapes are
 * respected, so `&`, `|`, `=` and brackets inside them are data. Only the bracket structure
 * is checked, not that the text is valid JSON.
 */
export function jsonValueEnd(text: string, start: number): number {
  const closers: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{') {
      closers.push('}');
    } else if (c === '[') {
      closers.push(']');
    } else if (c === '}' || c === ']') {
      if (closers.pop() !== c) return -1;
      if (closers.length === 0) return i + 1;
    }
    if (closers.length === 0) return -1; // `start` did not open a value
  }
  return -1;
}

/** True when an option value written as `text` is read as one JSON value (docs/design.md#address-grammar). */
export function startsJson(text: string, at = 0): boolean {
  const c = text[at];
  return c === '{' || c === '[';
}
