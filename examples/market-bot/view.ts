import type { BotState } from './bot.js';

/**
 * The live view: a redrawn table on a terminal, one plain line per second otherwise (logs,
 * CI, pipes).
 */
export class LiveView {
  readonly #out: NodeJS.WriteStream;
  readonly #tty: boolean;
  readonly #started = Date.now();
  #lastPlain = 0;
  #printedEvents = 0;

  constructor(out: NodeJS.WriteStream) {
    this.#out = out;
    this.#tty = out.isTTY === true;
  }

  /** Draws the current state (throttled for plain output). */
  draw(state: BotState): void {
    const elapsed = ((Date.now() - this.#started) / 1000).toFixed(1);
    const stats = state.feed?.stats();
    const head = `t=${elapsed}s  feed ${stats?.state ?? '…'}  frames ${stats?.received ?? 0}  used ${state.recorded}  skipped ${stats?.discarded ?? 0}  reconnects ${stats?.reconnects ?? 0}  rows ${state.rows}`;
    if (this.#tty) {
      const rows = [...state.quotes.values()].map(
        (q) =>
          `  ${q.s.padEnd(10)} ${fmt(q.last).padStart(12)} ${fmt(q.bid).padStart(12)} ${fmt(q.ask).padStart(12)}   ${new Date(q.updated).toISOString().slice(11, 23)}`,
      );
      const screen = [
        'omnidial market bot — local feed (ws, gzip, drops every few seconds) → read(-2) → SQLite   Ctrl-C stops',
        '',
        head,
        '',
        `  ${'symbol'.padEnd(10)} ${'last'.padStart(12)} ${'bid'.padStart(12)} ${'ask'.padStart(12)}   updated`,
        ...rows,
        '',
        ...state.events.slice(-6).map((e) => `  ${e}`),
      ];
      this.#out.write(`\x1b[H\x1b[2J${screen.join('\n')}\n`);
      return;
    }
    for (const event of state.events.slice(this.#printedEvents)) this.#out.write(`${event}\n`);
    this.#printedEvents = state.events.length;
    if (Date.now() - this.#lastPlain < 1000) return;
    this.#lastPlain = Date.now();
    const prices = [...state.quotes.values()].map((q) => `${q.s} ${fmt(q.last)}`).join('  ');
    this.#out.write(`${head}  ${prices}\n`);
  }
}

function fmt(value: number): string {
  return value >= 100 ? value.toFixed(2) : value.toPrecision(5);
}
