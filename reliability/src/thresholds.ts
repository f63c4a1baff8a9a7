/**
 * The bar every long-run and soak figure must clear (issue #11): `pnpm reliability:long` and
 * `pnpm reliability:soak` exit non-zero when one of these lists is not empty, so a published
 * figure is never a silent failure.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Transports without acknowledgements: a write the kernel took may die with the server. */
const UNACKNOWLEDGED = new Set(['tcp', 'ws']);

const above = (label: string, value: unknown, limit = 0): string[] =>
  typeof value === 'number' && value <= limit ? [] : [`${label} ${String(value)} (must be ≤ ${limit})`];

function faultFailures(f: Json): string[] {
  const common = [
    ...above('uncaught exceptions', f.crashes),
    ...above('unhandled rejections', f.unhandledRejections),
    ...above('cycles not recovered', f.unrecovered),
  ];
  if ('execOk' in f) return [...common, ...above('non-DialError rejections', f.foreignErrors)];
  return UNACKNOWLEDGED.has(String(f.name)) ? common : [...common, ...above('acknowledged messages lost', f.lost)];
}

function addressFailures(f: Json): string[] {
  return [
    ...above('addresses with a wrong outcome', f.wrongTotal),
    ...(f.checked === f.parsed + f.invalidArgument + f.unimplemented + f.wrongTotal
      ? []
      : ['address counts do not add up']),
  ];
}

function limitFailures(f: Json): string[] {
  const failures: string[] = [];
  for (const name of ['bombCapped', 'bombDefaultCap']) {
    const bomb = f[name] ?? {};
    if (bomb.code !== 'ResourceExhausted' || bomb.delivered !== 0)
      failures.push(`${name}: ${bomb.code}, ${bomb.delivered} delivered`);
  }
  const qsize = f.floodQsize ?? {};
  if (!(qsize.queued <= 2000)) failures.push(`floodQsize: ${qsize.queued} queued over qsize=2000`);
  const qbytes = f.floodQbytes ?? {};
  if (!(qbytes.queuedMb <= 4)) failures.push(`floodQbytes: ${qbytes.queuedMb} MB queued over qbytes=4 MiB`);
  const pressure = f.backpressure ?? {};
  if (pressure.timeouts !== 200) failures.push(`backpressure: ${pressure.timeouts} of 200 writes timed out`);
  return failures;
}

function leakFailures(f: Json): string[] {
  return ((f.results as Json[]) ?? []).flatMap((r) => [
    ...above(`${r.name}: failed dial/close cycles`, r.failures),
    ...Object.entries(r.extraResources as Record<string, number>).map(
      ([kind, n]) => `${r.name}: ${n} ${kind} handles above baseline`,
    ),
    ...(typeof r.fdsAfter === 'number' && r.fdsAfter > r.fdsBefore
      ? [`${r.name}: ${r.fdsAfter - r.fdsBefore} file descriptors above baseline`]
      : []),
  ]);
}

/** What falls short in the figures of one long-run part (`faults:<x>`, `addresses`, `limits`, `leaks…`). */
export function partFailures(part: string, figures: unknown): string[] {
  const f = (figures ?? {}) as Json;
  if (part.startsWith('faults:')) return faultFailures(f);
  if (part === 'addresses') return addressFailures(f);
  if (part === 'limits') return limitFailures(f);
  if (part.startsWith('leaks')) return leakFailures(f);
  return [`no threshold for part ${part}`];
}

/** What falls short in a soak result (docs/reliability/soak.json). */
export function soakFailures(soak: Json): string[] {
  return [
    ...(soak.done === true ? [] : ['soak did not finish']),
    ...above('unhandled rejections', soak.guards?.unhandledRejections),
    ...above('uncaught exceptions', soak.guards?.uncaughtExceptions),
    ...['ws', 'tcp'].flatMap((link) => [
      ...above(`${link}: read errors`, soak[link]?.readErrors),
      ...above(`${link}: write errors`, soak[link]?.writeErrors),
      ...above(`${link}: duplicates`, (soak[link]?.ownDuplicates ?? NaN) + (soak[link]?.seqDuplicates ?? NaN)),
    ]),
  ];
}
