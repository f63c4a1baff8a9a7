import { DialError } from '../errors.js';
import type { Endpoint, QueryResult, SqlLink } from '../driver/types.js';
import type { ConnectionProbe } from '../diagnostics/probe.js';
import { callArgs, typeOf } from './args.js';
import { callSignal } from './call-signal.js';
import type { CallOptions } from './init.js';
import type { Failures } from './failures.js';
import type { LinkState, LinkSupervisor } from './supervisor.js';
import { execArgs, execNow, isBlank, runExec, sqlFailures, type SqlFailures } from './exec-call.js';

/** The SQL side of a connection: `exec()` and `execMany()`, with their errors and diagnostics. */
export class SqlCalls {
  readonly #supervisor: LinkSupervisor<Endpoint>;
  readonly #errors: Failures;
  readonly #probe: ConnectionProbe | undefined;
  readonly #state: () => LinkState;
  readonly #fail: SqlFailures;

  constructor(
    supervisor: LinkSupervisor<Endpoint>,
    errors: Failures,
    probe: ConnectionProbe | undefined,
    state: () => LinkState,
  ) {
    this.#supervisor = supervisor;
    this.#errors = errors;
    this.#probe = probe;
    this.#state = state;
    this.#fail = sqlFailures(supervisor, errors);
  }

  /** `exec()`: one statement. */
  exec(statement: unknown, params: readonly unknown[]): Promise<QueryResult> {
    // `exec(sql, ...params)` on an in-process database: no options object to build and check.
    // This path stays small, the rest in #execArgs(): V8 inlines a caller's whole chain only
    // within a bytecode budget, and the driver's exec must fit in it (bench/NOTES.md §33).
    if (typeof statement === 'string') {
      const link = this.#link();
      if (link?.execNow !== undefined && !isBlank(statement)) {
        const started = this.#probe?.execStart();
        return this.#reported(execNow(link, statement, params, this.#fail), started);
      }
    }
    return this.#execArgs(statement, params);
  }

  /** `exec()` with its arguments checked: the options form, a database over the network, errors. */
  #execArgs(statement: unknown, params: readonly unknown[]): Promise<QueryResult> {
    const args = execArgs(statement, params, (message) => this.#errors.invalid('exec', message));
    if (args instanceof DialError) return Promise.reject(args);
    const link = this.#link();
    if (link === undefined) return Promise.reject(this.#fail.unavailable(this.#state()));
    const started = this.#probe?.execStart();
    return this.#reported(runExec(link, args, this.#fail), started);
  }

  /** `execMany()`: one statement per parameter list, in order; see `Connection.execMany`. */
  execMany(sql: unknown, paramSets: unknown, timeout: number | CallOptions | undefined): Promise<QueryResult[]> {
    const bad = badBatch(sql, paramSets);
    const call = callArgs(timeout, (message) => this.#errors.invalid('exec', `execMany: ${message}`));
    if (bad !== undefined) return Promise.reject(this.#errors.invalid('exec', `execMany: ${bad}`));
    if (call instanceof DialError) return Promise.reject(call);
    const sets = paramSets as readonly (readonly unknown[])[];
    const link = this.#link();
    if (link === undefined) return Promise.reject(this.#fail.unavailable(this.#state()));
    if (call.signal?.aborted) return Promise.reject(this.#fail.canceled(call.signal));
    if (sets.length === 0) return Promise.resolve([]);
    const started = this.#probe?.execStart();
    const running =
      link.execNow !== undefined && call.ms === undefined && call.signal === undefined
        ? this.#runNow(link, sql as string, sets)
        : this.#runEach(link, sql as string, sets, call.ms, call.signal);
    return this.#reported(running, started);
  }

  /** An in-process database: every statement in this turn, one promise for the batch. */
  #runNow(link: SqlLink, sql: string, sets: readonly (readonly unknown[])[]): Promise<QueryResult[]> {
    const results: QueryResult[] = [];
    try {
      if (link.execManyNow !== undefined) link.execManyNow(sql, sets, results);
      else for (const set of sets) results.push(link.execNow!(sql, set));
    } catch (error) {
      return Promise.reject(this.#failedAt(results.length, sets.length, this.#fail.failed(error)));
    }
    return Promise.resolve(results);
  }

  /** Each statement after the previous one finished, all under one deadline and signal. */
  async #runEach(
    link: SqlLink,
    sql: string,
    sets: readonly (readonly unknown[])[],
    ms: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<QueryResult[]> {
    const { link: linkSignal, deadline } = callSignal(ms, signal);
    const results: QueryResult[] = [];
    for (let i = 0; i < sets.length; i += 1) {
      try {
        results.push(await runExec(link, { sql, params: sets[i]!, ms: undefined, signal: linkSignal }, this.#fail));
      } catch (error) {
        const failure = deadline?.aborted && !signal?.aborted ? this.#fail.timedOut(ms, error) : (error as DialError);
        throw this.#failedAt(i, sets.length, failure);
      }
    }
    return results;
  }

  /** The batch's error: the failure of statement `index`, which names it (every one before it ran). */
  #failedAt(index: number, count: number, base: DialError): DialError {
    return new DialError({
      code: base.code,
      op: 'exec',
      scheme: base.scheme,
      address: base.address,
      retryable: base.retryable,
      serverCode: base.serverCode,
      message: `execMany: statement ${index} of ${count} failed (every one before it ran): ${base.message}`,
      cause: base,
      index,
    });
  }

  #link(): SqlLink | undefined {
    return this.#supervisor.link as SqlLink | undefined;
  }

  /** `running` as diagnostics see it: reported once it settles when a subscriber asked at `started`. */
  #reported<T>(running: Promise<T>, started: number | undefined): Promise<T> {
    return started === undefined ? running : this.#probe!.execEnd(running, started);
  }
}

/** Why `execMany(sql, paramSets)` cannot run, naming the first bad part; undefined when fine. */
function badBatch(sql: unknown, paramSets: unknown): string | undefined {
  if (typeof sql !== 'string' || isBlank(sql))
    return `sql must be a non-empty string, got ${typeof sql === 'string' ? 'an empty string' : typeOf(sql)}`;
  if (!Array.isArray(paramSets)) return `paramSets must be an array of parameter arrays, got ${typeOf(paramSets)}`;
  const bad = paramSets.findIndex((set) => !Array.isArray(set));
  return bad === -1 ? undefined : `paramSets[${bad}] must be an array of parameters, got ${typeOf(paramSets[bad])}`;
}
