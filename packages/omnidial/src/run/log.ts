import { cellText, formatTable, jsonReplacer } from '../cli/table.js';
import { _D } from './time.js';

/** Where `Log` and `LogStatus` write, and whether that is a terminal. */
export interface LogTarget {
  write(text: string): void;
  /** A terminal: colours, and the status kept as a block below the log that is redrawn. */
  tty: boolean;
}

const COLOR = /^#([0-9a-f]{6})$/i;

/** FMZ's `Log` and `LogStatus` over one output. */
export class ScriptLog {
  readonly #out: LogTarget;
  #status = '';
  #statusLines = 0;

  constructor(out: LogTarget) {
    this.#out = out;
  }

  /** FMZ's `Log(...values)`: one timestamped line; a last argument like `#FF0000` colours it. */
  readonly Log = (...values: unknown[]): void => {
    let color: string | undefined;
    const last = values.at(-1);
    if (values.length > 1 && typeof last === 'string' && COLOR.test(last)) {
      color = last;
      values = values.slice(0, -1);
    }
    const text = `${_D(undefined, 'yyyy-MM-dd HH:mm:ss.SSS')} ${values.map(show).join(' ')}`;
    this.#emit(`${this.#out.tty && color !== undefined ? paint(text, color) : text}\n`);
  };

  /**
   * FMZ's `LogStatus(...values)`: the status bar. Tables written as `` `{"type":"table",...}` ``
   * (or a JSON array of them) render as text tables. On a terminal the status stays below the
   * log and is redrawn; otherwise each new status is printed once, after `status:`.
   */
  readonly LogStatus = (...values: unknown[]): void => {
    const status = renderStatus(values.map(show).join(' '));
    if (status === this.#status) return;
    this.#status = status;
    if (this.#out.tty) this.#emit('');
    else this.#out.write(`status: ${status.includes('\n') ? `\n${status}` : status}\n`);
  };

  /** Writes `text` above the status block (a terminal) or plainly. */
  #emit(text: string): void {
    if (!this.#out.tty) {
      this.#out.write(text);
      return;
    }
    const erase = this.#statusLines > 0 ? `\x1b[${this.#statusLines}A\x1b[J` : '';
    const block = this.#status === '' ? '' : `${this.#status.replace(/\n$/, '')}\n`;
    this.#statusLines = block === '' ? 0 : block.split('\n').length - 1;
    this.#out.write(`${erase}${text}${block}`);
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? value.message;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return String(value);
  if (Buffer.isBuffer(value)) return value.toString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value, jsonReplacer);
  return String(value);
}

interface StatusTable {
  type: 'table';
  title?: string;
  cols: unknown[];
  rows: unknown[][];
}

/** Replaces each `` `table JSON` `` segment by its text table. */
function renderStatus(text: string): string {
  return text.replace(/`([[{][\s\S]*?[\]}])`/g, (segment, json: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      return segment;
    }
    const tables = (Array.isArray(parsed) ? parsed : [parsed]) as StatusTable[];
    if (
      !tables.every(
        (t) =>
          t !== null && typeof t === 'object' && t.type === 'table' && Array.isArray(t.cols) && Array.isArray(t.rows),
      )
    )
      return segment;
    return tables
      .map(
        (t) =>
          `${t.title === undefined ? '' : `${t.title}\n`}${formatTable(t.cols.map(cellText), t.rows, { footer: false })}`,
      )
      .join('\n');
  });
}

function paint(text: string, hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `\x1b[38;2;${n >> 16};${(n >> 8) & 255};${n & 255}m${text}\x1b[0m`;
}
