import pg from 'pg';

type ArrayResult = pg.QueryArrayResult;

/** The fields of pg 8's `Query` that `rowMode` sets (private to pg, so checked once before use). */
interface QueryRowMode {
  _rowMode: string | undefined;
  _result: unknown;
  _results: unknown;
}

type ResultClass = new (rowMode: string | undefined, types: unknown) => object;
const Result = (pg as unknown as { Result?: ResultClass }).Result;

/**
 * A statement whose rows are read as arrays (`rowMode: 'array'`), built from the text form.
 * pg copies a query config object through property descriptors (`cloneQueryConfig`) on every
 * query; on loopback that made a single-row insert cost ~15 % more client CPU than the text
 * form `pool.query(text, values)`.
 */
class ArrayRowsQuery extends pg.Query {
  constructor(text: string, values: readonly unknown[]) {
    super(text, values as unknown[]);
    const self = this as unknown as QueryRowMode;
    self._rowMode = 'array';
    self._result = self._results = new Result!('array', undefined);
  }
}

/** Whether this pg's `Query` keeps its row mode where `ArrayRowsQuery` sets it (checked once). */
const FAST = ((): boolean => {
  if (typeof Result !== 'function') return false;
  const config: pg.QueryArrayConfig = { text: 'SELECT 1', rowMode: 'array' };
  const probe = new pg.Query(config as pg.QueryConfig) as unknown as QueryRowMode;
  const result = probe._result;
  return (
    probe._rowMode === 'array' &&
    result instanceof Result &&
    (result as { rowAsArray?: unknown }).rowAsArray === true &&
    probe._results === result
  );
})();

/** Runs `text` with `values` on `pool`, rows as arrays; the result of each statement when there are several. */
export function queryArrays(
  pool: pg.Pool,
  text: string,
  values: readonly unknown[],
): Promise<ArrayResult | ArrayResult[]> {
  if (!FAST) return pool.query({ text, values: values as unknown[], rowMode: 'array' });
  // pg-pool resolves a submitted query with its result, as for a config (its types say otherwise).
  return pool.query(new ArrayRowsQuery(text, values)) as unknown as Promise<ArrayResult | ArrayResult[]>;
}
