/** What one `src/*.bench.ts` file's `run()` returns: one section of RESULTS.md. */
export interface BenchSection {
  /** Heading of the section, e.g. `Raw sockets (tcp)`. */
  title: string;
  /** Markdown table rows: the first row is the header. */
  rows: readonly (readonly string[])[];
  /** Lines shown under the table (method, targets, explanations). */
  notes: readonly string[];
}

/** The module shape `run.ts` expects of a `*.bench.ts` file. */
export interface BenchModule {
  run(): Promise<BenchSection>;
}
