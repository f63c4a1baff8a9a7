// Renders the recorded security figures (docs/security/*.json, written by the tests with
// `SECURITY_RECORD=1`) into the marked blocks of docs/security.md. `--check` (part of
// `pnpm docs:check`) fails when a block and its JSON disagree.
import { generateTable } from '../figure.js';
import { readSecurityFigures, type SecuritySection } from './record.js';

interface Cell {
  checked: number;
  leaks: number;
}
interface SecretsRow {
  cases: number;
  channels: Record<string, Cell>;
}
interface BombRow {
  bombs: number;
  inflatedMb: number;
  maxMessageMb: number;
  qbytesMb: number;
  code?: string;
  delivered: number;
  queuedMb: number;
  dropped: number;
  baselineMb: number;
  peakRssMb: number;
}
interface DialRow {
  dials: number;
  outcomes: Record<string, number>;
  fdsBefore: number;
  fdsAfter: number;
  openAtServer: number;
}
interface DecoyRow {
  dials: number;
  tunnelled?: number;
  refused?: number;
  decoyConnections: number;
}

const CHANNELS = ['String', 'inspect', 'message', 'stack', 'address', 'JSON', 'cause', 'endpoint'];

function provenance(section: SecuritySection): string {
  const { commit, measuredAt } = readSecurityFigures(section);
  return `Measured on commit \`${commit}\` at ${measuredAt || '—'} (JSON: \`docs/security/${section}.json\`).\n`;
}

function rows<T>(section: SecuritySection): Array<[string, T]> {
  return Object.entries(readSecurityFigures(section).figures) as Array<[string, T]>;
}

function secretsTable(): string {
  const all = rows<SecretsRow>('secrets');
  const total = (pick: (c: Cell) => number): number =>
    all.reduce((sum, [, row]) => sum + Object.values(row.channels).reduce((s, c) => s + pick(c), 0), 0);
  const cell = (row: SecretsRow, channel: string): string => {
    const c = row.channels[channel];
    return c === undefined ? '—' : `${c.leaks} / ${c.checked}`;
  };
  return [
    provenance('secrets'),
    `Leaking outputs / outputs checked, per address form and output channel (\`cause\`: every cause, to depth 5; \`endpoint\`: the`,
    `redacted address a driver reports). In all: ${all.reduce((s, [, r]) => s + r.cases, 0)} cases, ${total((c) => c.checked)} outputs, **${total((c) => c.leaks)} leaks**.`,
    '',
    `| address form | cases | ${CHANNELS.join(' | ')} |`,
    `| --- | --- | ${CHANNELS.map(() => '---').join(' | ')} |`,
    ...all.map(([form, row]) => `| ${form} | ${row.cases} | ${CHANNELS.map((c) => cell(row, c)).join(' | ')} |`),
  ].join('\n');
}

function bombsTable(): string {
  return [
    provenance('bombs'),
    '| gzip frames sent | each inflates to | caps (qbytes / maxMessage) | outcome | received | held in the queue | dropped | peak RSS growth |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows<BombRow>('bombs').map(
      ([, b]) =>
        `| ${b.bombs} | ${b.inflatedMb} MiB | ${b.qbytesMb} MiB / ${b.maxMessageMb} MiB ` +
        `| ${b.code ?? 'connection kept'} | ${b.delivered} | ${b.queuedMb} MB | ${b.dropped} | ${Math.round(b.peakRssMb - b.baselineMb)} MB |`,
    ),
  ].join('\n');
}

function dialsTable(): string {
  return [
    provenance('failed-dials'),
    '| scheme | dials (0.5 s timeout) | outcomes | file descriptors before → after | connections still open at the server |',
    '| --- | --- | --- | --- | --- |',
    ...rows<DialRow>('failed-dials').map(
      ([scheme, d]) =>
        `| ${scheme} | ${d.dials} | ` +
        `${Object.entries(d.outcomes)
          .map(([code, n]) => `${code} ${n}`)
          .join(', ')} | ${d.fdsBefore} → ${d.fdsAfter} | **${d.openAtServer}** |`,
    ),
  ].join('\n');
}

function decoyTable(): string {
  return [
    provenance('decoy-proxy'),
    '| case | dials | tunnelled through the real proxy | refused as ambiguous | connections the decoy saw |',
    '| --- | --- | --- | --- | --- |',
    ...rows<DecoyRow>('decoy-proxy').map(
      ([name, d]) =>
        `| ${name} | ${d.dials} | ${d.tunnelled ?? '—'} | ${d.refused ?? '—'} | **${d.decoyConnections}** |`,
    ),
  ].join('\n');
}

generateTable('security-secrets', 'docs/security/secrets.json', secretsTable(), 'security.md');
generateTable('security-bombs', 'docs/security/bombs.json', bombsTable(), 'security.md');
generateTable('security-failed-dials', 'docs/security/failed-dials.json', dialsTable(), 'security.md');
generateTable('security-decoy-proxy', 'docs/security/decoy-proxy.json', decoyTable(), 'security.md');
