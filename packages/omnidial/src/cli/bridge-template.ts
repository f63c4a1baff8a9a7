import { UsageError } from './args.js';

/** What a `--map` template can refer to for one message. */
export interface TemplateInput {
  /** The message as text (bytes as UTF-8). */
  readonly data: string;
  /** When it was received, ms since the epoch. */
  readonly receivedAt: number;
  /** The source address, credentials redacted. */
  readonly from: string;
}

const PLACEHOLDER = /\{(data(?:\.[A-Za-z_$][\w$]*)*|at|ts|from)\}/g;
const ANY_PLACEHOLDER = /\{([A-Za-z_][\w.$]*)\}/g;

/**
 * A compiled `--map` template: `{data}` is the message, `{data.a.b}` a field of a JSON
 * message (strings as they are, other values as JSON, missing as `null`), `{at}` the receive
 * time (ISO 8601), `{ts}` the same in ms since the epoch, `{from}` the source address. Other
 * text, braces of a JSON template included, is copied. An unknown `{name}` is a usage error.
 */
export function compileTemplate(template: string): (input: TemplateInput) => string {
  for (const match of template.matchAll(ANY_PLACEHOLDER)) {
    if (!new RegExp(`^${PLACEHOLDER.source}$`).test(match[0])) {
      throw new UsageError(`--map: unknown placeholder ${match[0]}; use {data}, {data.field}, {at}, {ts} or {from}`);
    }
  }
  return (input) => {
    let parsed: unknown;
    let parsedOnce = false;
    return template.replace(PLACEHOLDER, (_, name: string) => {
      if (name === 'data') return input.data;
      if (name === 'at') return new Date(input.receivedAt).toISOString();
      if (name === 'ts') return String(input.receivedAt);
      if (name === 'from') return input.from;
      if (!parsedOnce) {
        parsedOnce = true;
        try {
          parsed = JSON.parse(input.data);
        } catch {
          parsed = undefined;
        }
      }
      const value = name
        .split('.')
        .slice(1)
        .reduce<unknown>(
          (at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
          parsed,
        );
      if (value === undefined) return 'null';
      return typeof value === 'string' ? value : JSON.stringify(value);
    });
  };
}

/**
 * How many bound parameters `sql` takes: `?` placeholders, or `$1…$n` (Postgres), outside
 * quotes. The bridge binds the message and the receive time, so at most 2.
 */
export function placeholderCount(sql: string): number {
  const code = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|--[^\n]*|\/\*[\s\S]*?\*\//g, '');
  const questions = (code.match(/\?/g) ?? []).length;
  const dollars = Math.max(0, ...[...code.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  return Math.max(questions, dollars);
}
