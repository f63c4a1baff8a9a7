import { dialectRules, type DialectRules, type SqlDialect } from './sql-dialects.js';

/** Statements that may hold a `BEGIN … END` body with `;` inside (SQLite/MySQL triggers, MySQL routines, Postgres `BEGIN ATOMIC`). */
const ROUTINES = new Set(['TRIGGER', 'PROCEDURE', 'FUNCTION', 'EVENT']);
/** `END IF`, `END LOOP`…: MySQL control-flow ends that close no `BEGIN` or `CASE`. */
const FLOW_ENDS = new Set(['IF', 'LOOP', 'WHILE', 'REPEAT']);
const WORD_START = /[A-Za-z_]/;
const WORD_CHAR = /[A-Za-z0-9_$]/;
const DELIMITER_LINE = /^DELIMITER[ \t]+(\S+)[ \t]*(?:\r?\n|$)/i;
const DOLLAR_TAG = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/;

/** What one scan of the buffer found. */
interface Scan {
  readonly complete: string[];
  /** Index where the unfinished statement starts. */
  readonly rest: number;
}

/**
 * Splits SQL text into statements for one dialect, incrementally: feed text with
 * {@link push} (a file at once, or stdin line by line) and each statement comes out as soon
 * as its terminator is read. A `;` ends a statement only outside strings, quoted identifiers,
 * comments (`--`, `/* *\/`, MySQL `#`), Postgres dollar quotes and `E'…'` strings, and outside
 * the `BEGIN … END` body of a trigger or routine (`CASE … END` counted inside it). MySQL's
 * `DELIMITER x` lines work as in the mysql client. Statements holding only comments are
 * skipped; statements are trimmed and keep their inner comments.
 */
export class SqlSplitter {
  readonly #rules: DialectRules;
  #delimiter = ';';
  #buffer = '';

  constructor(dialect: SqlDialect) {
    this.#rules = dialectRules(dialect);
  }

  /** True while an unfinished statement (or comment) is buffered: the prompt shows a continuation. */
  get pending(): boolean {
    return this.#buffer.trim() !== '';
  }

  /** Adds text; returns the statements it completed. */
  push(text: string): string[] {
    this.#buffer += text;
    const { complete, rest } = this.#scan(false);
    this.#buffer = this.#buffer.slice(rest);
    return complete;
  }

  /** Ends the input: the last statement may omit its terminator. */
  end(): string[] {
    const { complete } = this.#scan(true);
    this.#buffer = '';
    return complete;
  }

  /** Forgets the unfinished statement (Ctrl-C at the prompt). */
  reset(): void {
    this.#buffer = '';
  }

  #scan(final: boolean): Scan {
    const text = this.#buffer;
    const rules = this.#rules;
    const complete: string[] = [];
    let start = 0;
    let hasCode = false;
    let words: string[] = [];
    let headerDone = false;
    let routine = false;
    let depth = 0;
    const finish = (end: number): void => {
      if (hasCode) complete.push(text.slice(start, end).trim());
      hasCode = false;
      words = [];
      headerDone = false;
      routine = false;
      depth = 0;
    };
    let i = 0;
    while (i < text.length) {
      const ch = text[i]!;
      if (!hasCode && rules.delimiterCommand && (ch === 'D' || ch === 'd')) {
        const line = DELIMITER_LINE.exec(text.slice(i));
        if (line !== null) {
          if (!final && !line[0].endsWith('\n')) break;
          this.#delimiter = line[1]!;
          i += line[0].length;
          start = i;
          continue;
        }
      }
      if (depth === 0 && text.startsWith(this.#delimiter, i)) {
        finish(i);
        i += this.#delimiter.length;
        start = i;
        continue;
      }
      if (/\s/.test(ch)) {
        i += 1;
        continue;
      }
      const skipped = this.#skipNonCode(text, i);
      if (skipped === -1) return this.#unfinished(complete, start, final, hasCode);
      if (skipped > i) {
        i = skipped;
        continue;
      }
      hasCode = true;
      const quoted = this.#skipQuoted(text, i);
      if (quoted === -1) return this.#unfinished(complete, start, final, hasCode);
      if (quoted > i) {
        i = quoted;
        continue;
      }
      if (WORD_START.test(ch) && !/[A-Za-z0-9_$.]/.test(text[i - 1] ?? ' ')) {
        let j = i + 1;
        while (j < text.length && WORD_CHAR.test(text[j]!)) j += 1;
        const word = text.slice(i, j).toUpperCase();
        if (!headerDone && words.length < 12) {
          words.push(word);
          if (words[0] === 'CREATE' && ROUTINES.has(word)) routine = true;
        }
        if (routine) depth = nextDepth(depth, word, text, j);
        i = j;
        continue;
      }
      if (ch === '(') headerDone = true;
      i += 1;
    }
    if (final) finish(text.length);
    return { complete, rest: final ? text.length : start };
  }

  #unfinished(complete: string[], start: number, final: boolean, hasCode: boolean): Scan {
    const text = this.#buffer;
    // An unterminated string or comment at the very end: the database reports it, with its position.
    if (final && (hasCode || text.slice(start).trim() !== '')) {
      const statement = text.slice(start).trim();
      if (!isOnlyComment(statement)) complete.push(statement);
    }
    return { complete, rest: final ? text.length : start };
  }

  /** Index after a comment starting at `i`, `i` when none starts there, -1 when it is unterminated. */
  #skipNonCode(text: string, i: number): number {
    const ch = text[i];
    const next = text[i + 1];
    const dash =
      ch === '-' && next === '-' && (!this.#rules.dashNeedsSpace || i + 2 >= text.length || /\s/.test(text[i + 2]!));
    if (dash || (ch === '#' && this.#rules.hashComments)) {
      const end = text.indexOf('\n', i);
      return end === -1 ? text.length : end + 1;
    }
    if (ch === '/' && next === '*' && text[i + 2] !== '!') {
      let nesting = 1;
      let j = i + 2;
      while (j < text.length) {
        if (text.startsWith('*/', j)) {
          nesting -= 1;
          j += 2;
          if (nesting === 0) return j;
        } else if (this.#rules.nestedBlockComments && text.startsWith('/*', j)) {
          nesting += 1;
          j += 2;
        } else {
          j += 1;
        }
      }
      return -1;
    }
    return i;
  }

  /** Index after a quoted string, identifier or dollar quote starting at `i`; `i` when none; -1 when unterminated. */
  #skipQuoted(text: string, i: number): number {
    const ch = text[i]!;
    const rules = this.#rules;
    if (rules.dollarQuotes && ch === '$' && !WORD_CHAR.test(text[i - 1] ?? ' ')) {
      const tag = DOLLAR_TAG.exec(text.slice(i, i + 66))?.[0];
      if (tag === undefined) return i;
      const end = text.indexOf(tag, i + tag.length);
      return end === -1 ? -1 : end + tag.length;
    }
    if (
      rules.escapeStrings &&
      (ch === 'E' || ch === 'e') &&
      text[i + 1] === "'" &&
      !WORD_CHAR.test(text[i - 1] ?? ' ')
    ) {
      return skipQuote(text, i + 1, "'", true);
    }
    const rule = rules.quotes[ch];
    return rule === undefined ? i : skipQuote(text, i, rule.close, rule.backslash);
  }
}

/** Index after the quote opened at `open`, or -1 when it does not close. A doubled closing character escapes it. */
function skipQuote(text: string, open: number, close: string, backslash: boolean): number {
  let j = open + 1;
  while (j < text.length) {
    const c = text[j]!;
    if (backslash && c === '\\') {
      j += 2;
    } else if (c === close) {
      if (text[j + 1] !== close) return j + 1;
      j += 2;
    } else {
      j += 1;
    }
  }
  return -1;
}

/** Block depth after `word` inside a trigger or routine: BEGIN and CASE open, END closes (not `END IF`…). */
function nextDepth(depth: number, word: string, text: string, after: number): number {
  if (word === 'BEGIN') return depth + 1;
  if (depth === 0) return 0;
  if (word === 'CASE') return depth + 1;
  if (word !== 'END') return depth;
  const following = /^\s*([A-Za-z_]+)/.exec(text.slice(after, after + 40))?.[1]?.toUpperCase();
  return following !== undefined && FLOW_ENDS.has(following) ? depth : depth - 1;
}

function isOnlyComment(statement: string): boolean {
  return /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*)*$/.test(statement);
}

/** Splits a complete SQL text (a file, one `-e`) into statements. */
export function splitSql(text: string, dialect: SqlDialect): string[] {
  const splitter = new SqlSplitter(dialect);
  return [...splitter.push(text), ...splitter.end()];
}
