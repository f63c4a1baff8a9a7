/** Complete statements found in a SQL text, and the unfinished rest. */
export interface SplitResult {
  readonly complete: string[];
  readonly rest: string;
}

/**
 * Splits SQL text at `;` outside quotes ('...', "...", `...`) and `--` comments. Statements
 * are trimmed and empty ones skipped. What follows the last `;` is returned as `rest`, so
 * text can be fed line by line (stdin) and each statement runs as soon as it is complete.
 */
export function splitStatements(text: string): SplitResult {
  const complete: string[] = [];
  let start = 0;
  let quote: string | undefined;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (comment) {
      if (ch === '\n') comment = false;
    } else if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === '-' && text[i + 1] === '-') {
      comment = true;
    } else if (ch === ';') {
      const statement = stripComments(text.slice(start, i)).trim();
      if (statement !== '') complete.push(statement);
      start = i + 1;
    }
  }
  return { complete, rest: text.slice(start) };
}

/** Drops whole-line `--` comments (they would make an otherwise empty statement non-empty). */
export function stripComments(text: string): string {
  return text.split('\n').filter((line) => !line.trim().startsWith('--')).join('\n');
}
