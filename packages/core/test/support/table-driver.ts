import { afterEach } from 'vitest';
import type { Connection } from '../../src/connection/connection.js';
import { dial } from '../../src/dial.js';
import type { Driver, Endpoint, QueryResult, SqlLink } from '../../src/driver/index.js';
import { Registry } from '../../src/registry.js';

/**
 * How a {@link TableLink} runs statements: `network` has only `exec`; `in-process` also has
 * `execNow`, as an in-process database does; `batch` also has `execManyNow`.
 */
export type TableMode = 'network' | 'in-process' | 'batch';

/**
 * A tiny in-memory database for testing the core's SQL calls: a statement answers [[its first
 * parameter]], refuses the parameter 'bad' and, through `exec`, runs 10 s (until its signal aborts)
 * for 'slow'.
 */
export class TableLink implements SqlLink {
  readonly ran: unknown[] = [];
  nowCalls = 0;
  execCalls = 0;
  manyCalls = 0;
  constructor(readonly mode: TableMode) {
    if (mode === 'network') this.execNow = undefined;
    if (mode !== 'batch') this.execManyNow = undefined;
  }
  #run(params: readonly unknown[]): QueryResult {
    if (params[0] === 'bad') throw new Error('the table refused bad');
    this.ran.push(params[0]);
    return { columns: ['v'], values: [[params[0]]] };
  }
  async exec(_sql: string, params: readonly unknown[], signal?: AbortSignal): Promise<QueryResult> {
    this.execCalls += 1;
    if (params[0] === 'slow') {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 10_000);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
    }
    return this.#run(params);
  }
  execNow?: (sql: string, params: readonly unknown[]) => QueryResult = (_sql, params) => {
    this.nowCalls += 1;
    return this.#run(params);
  };
  execManyNow?: (sql: string, sets: readonly (readonly unknown[])[], results: QueryResult[]) => void = (
    _sql,
    sets,
    results,
  ) => {
    this.manyCalls += 1;
    for (const set of sets) results.push(this.#run(set));
  };
  async close(): Promise<void> {}
}

/** The driver of `table://x`, whose connector opens `link`. */
export function tableDriver(link: TableLink): Driver<Endpoint> {
  return {
    name: 'table',
    packageName: '@omnidial/core (tests)',
    schemes: ['table'],
    description: 'an in-memory table',
    capabilities: { kind: 'sql', reconnect: false, acknowledgements: false, proxy: false, tls: false, payload: false },
    options: {},
    examples: ['table://x'],
    parse: ({ scheme, base }) => ({ scheme, redacted: base, secrets: [] }),
    load: async () => ({ connect: async () => link }),
  };
}

/**
 * For a test file: returns `open(mode)`, which dials `table://x` over a fresh {@link TableLink};
 * every connection it opened is closed after each test. Call at the top level of the file.
 */
export function tableOpener(): (mode: TableMode) => Promise<[TableLink, Connection]> {
  const opened: Connection[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });
  return async (mode) => {
    const link = new TableLink(mode);
    const conn = await dial('table://x', { registry: new Registry().register(tableDriver(link)) });
    opened.push(conn);
    return [link, conn];
  };
}
