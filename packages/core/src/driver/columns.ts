/**
 * `QueryResult.columns` of a statement that returns no rows: one frozen empty array. A result's
 * `columns` is frozen on every driver, since a driver may share one among results (ADR 0310).
 */
export const NO_COLUMNS: readonly string[] = Object.freeze([]);
