import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { committedRecords, driversOf, gitChangedSince, staleness } from '../src/stale.js';

const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();

describe('stale reliability records', () => {
  it('checks core and the driver a fault part exercises', () => {
    const asked: string[][] = [];
    const result = staleness({ file: 'long-kafka.json', part: 'faults:kafka', commit: 'abc1234' }, (commit, paths) => {
      expect(commit).toBe('abc1234');
      asked.push(paths);
      return ['def5678'];
    });
    expect(result).toEqual(['def5678']);
    expect(asked).toEqual([['packages/core/src', 'packages/mq-kafka/src']]);
  });

  it('leaks:slow covers the kafka and amqp drivers, leaks the others', () => {
    expect(driversOf('leaks:slow')).toEqual(['mq-amqp', 'mq-kafka']);
    expect(driversOf('leaks')).toContain('transport-net');
    expect(driversOf('leaks')).not.toContain('mq-kafka');
    expect(driversOf('addresses')).toContain('db-sqlite');
  });

  it('a record of uncommitted or unknown code is stale whatever git says', () => {
    const none = (): string[] => [];
    expect(staleness({ file: 'x.json', part: 'soak', commit: 'abc1234+changes' }, none)).toBe('no commit');
    expect(staleness({ file: 'x.json', part: 'soak', commit: 'unknown' }, none)).toBe('no commit');
    expect(staleness({ file: 'x.json', part: 'soak', commit: undefined }, none)).toBe('no commit');
  });

  it('a record measured on HEAD is current (real git)', () => {
    expect(staleness({ file: 'x.json', part: 'faults:tcp', commit: head }, gitChangedSince)).toEqual([]);
  });

  it('finds the changes to core from any folder (pnpm runs the script from reliability/)', () => {
    const first = execFileSync('git', ['rev-list', '--max-parents=0', 'HEAD'], { encoding: 'utf8' }).trim();
    const subfolder = fileURLToPath(new URL('..', import.meta.url));
    expect(gitChangedSince(first, ['packages/core/src'], subfolder).length).toBeGreaterThan(0);
  });

  it('lists every long-run part and the soak from docs/reliability', () => {
    const parts = committedRecords().map((r) => r.part);
    expect(parts).toEqual(expect.arrayContaining(['faults:kafka', 'faults:amqp', 'leaks', 'leaks:slow', 'soak']));
  });
});
