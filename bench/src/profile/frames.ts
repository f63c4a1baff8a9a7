import { readFileSync } from 'node:fs';
import { markdownTable } from '../lib/rows.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `file:///.../packages/core/dist/x.js` → `core/dist/x.js`; node internals and deps shortened alike. */
function shortUrl(url: string): string {
  if (url === '') return '';
  const packages = url.match(/packages\/(.+)$/);
  if (packages) return packages[1]!;
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length).replace(/^\.pnpm\/[^/]+\/node_modules\//, '');
  return url.replace(/^file:\/\/.*\/bench\//, 'bench/');
}

/** The `count` frames with the most self time in a .cpuprofile, as a markdown table with % of samples. */
export function topFrames(file: string, count: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  // The last sample is the profiler stopping itself (node:inspector `dispatch`): not the workload.
  profile.samples.slice(0, -1).forEach((id, i) => {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const key =
      url === ''
        ? `${functionName || '(anonymous)'}`
        : `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  // Idle time is waiting for the peer, not work: shown, but the shares are of the busy time.
  const idle = self.get('(idle)') ?? 0;
  self.delete('(idle)');
  const busy = total - idle;
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, count);
  return [
    `busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms profiled (the rest idle, waiting for I/O); shares are of the busy time:`,
    '',
    markdownTable([
      ['self time', 'frame'],
      ...top.map(([key, us]) => [`${((us / busy) * 100).toFixed(1)} %`, `\`${key}\``]),
    ]),
  ].join('\n');
}

/** A named share of a profile: `match` tells whether a frame (its short url, its function) belongs to it. */
export interface Category {
  name: string;
  match(url: string, functionName: string): boolean;
}

/**
 * Self time of a whole-process .cpuprofile per category (first match wins, the rest is `other`),
 * in ms: `{ busy, idle, rows }`, `rows` in the order of `categories`.
 */
export function categoryTimes(
  file: string,
  categories: readonly Category[],
): { busy: number; idle: number; rows: [string, number][] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const times = new Map<string, number>([...categories.map((c): [string, number] => [c.name, 0]), ['other', 0]]);
  let idle = 0;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const { functionName, url } = byId.get(id)!.callFrame;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (functionName === '(idle)') {
      idle += ms;
      return;
    }
    busy += ms;
    const name = categories.find((c) => c.match(shortUrl(url), functionName))?.name ?? 'other';
    times.set(name, times.get(name)! + ms);
  });
  return { busy, idle, rows: [...times] };
}
