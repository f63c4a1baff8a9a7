import { readFileSync } from 'node:fs';

/** Where scripts/cli-figures.ts writes its measurements. */
export const CLI_FIGURES_JSON = new URL('../../docs/guide/cli-figures.json', import.meta.url);

/** One measured `omnidial bridge` run. */
export interface BridgeFigure {
  bridge: string;
  messages: number;
  /** End to end: from the first message the source sent to the bridge exiting after `--count`. */
  perSecond?: number;
  /** Messages that never reached the target. */
  lost: number;
  duplicates: number;
  /** The bridge's exit code. */
  exit: number | null;
  /** For a restart figure: how long the restart of the target took, and whether the bridge said it held messages. */
  restartSeconds?: number;
  heldWhileDown?: boolean;
  /** Why the figure has no measurement. */
  notMeasured?: string;
}

/** The file scripts/cli-figures.ts writes. */
export interface CliFigureFile {
  commit: string;
  measuredAt: string;
  node: string;
  cpus: number;
  figuresN: number;
  rows: BridgeFigure[];
}

function result(row: BridgeFigure): string {
  if (row.notMeasured !== undefined) return `not measured: ${row.notMeasured}`;
  const restart =
    row.restartSeconds === undefined
      ? ''
      : `; restart took ${row.restartSeconds} s, held while down: ${row.heldWhileDown ? 'yes' : 'no'}`;
  return `exit ${row.exit}${restart}`;
}

/** The Markdown table of the recorded figures. */
export function cliFigureTable(): string {
  const file = JSON.parse(readFileSync(CLI_FIGURES_JSON, 'utf8')) as CliFigureFile;
  return [
    `Measured on commit \`${file.commit}\` at ${file.measuredAt}, Node ${file.node}, ${file.cpus} cores shared with other jobs`,
    '(JSON: `docs/guide/cli-figures.json`).',
    '',
    '| bridge | messages | rate | lost | duplicates | result |',
    '| --- | --- | --- | --- | --- | --- |',
    ...file.rows.map((row) =>
      row.notMeasured !== undefined
        ? `| ${row.bridge} | — | — | — | — | ${result(row)} |`
        : `| ${row.bridge} | ${row.messages} | ${row.perSecond === undefined ? '—' : `${row.perSecond} msg/s`} ` +
          `| **${row.lost}** | ${row.duplicates} | ${result(row)} |`,
    ),
  ].join('\n');
}
