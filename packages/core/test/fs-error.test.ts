// fsErrorCode and fsReason (src/driver/fs-error.ts): one DialError code and one short reason for
// a failed file-system call, whichever driver made it (TLS files, sockets, SQLite, file drivers).
// Real errors of Node's fs where they can be provoked here; the rest by their errno code.
import { spawnSync } from 'node:child_process';
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fsErrorCode, fsReason } from '../src/driver/fs-error.js';

const dir = mkdtempSync(join(tmpdir(), 'omnidial-fs-error-'));
const file = join(dir, 'file.txt');
const sub = join(dir, 'sub');
writeFileSync(file, 'x');
mkdirSync(sub);
symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error `call` throws. */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('the call did not fail');
}

const real: [string, () => unknown, string, string][] = [
  ['a missing file', () => thrown(() => readFileSync(join(dir, 'missing'))), 'NotFound', 'no such file'],
  ['a file used as a directory', () => thrown(() => readFileSync(join(file, 'x'))), 'NotFound', 'ENOTDIR'],
  ['a directory read as a file', () => thrown(() => readFileSync(sub)), 'InvalidArgument', 'is a directory'],
  ['a name too long', () => thrown(() => readFileSync(join(dir, 'n'.repeat(300)))), 'InvalidArgument', 'ENAMETOOLONG'],
  ['a loop of symbolic links', () => thrown(() => readFileSync(join(dir, 'loop-a'))), 'InvalidArgument', 'ELOOP'],
  ['a file read as a link', () => thrown(() => readlinkSync(file)), 'InvalidArgument', 'EINVAL'],
  [
    'a hard link to a directory',
    () => thrown(() => linkSync(sub, join(dir, 'l'))),
    'PermissionDenied',
    'permission denied',
  ],
  // Even root may not run a file without an execute bit.
  ['a file that may not be run', () => spawnSync(file).error, 'PermissionDenied', 'permission denied'],
];

describe('fsErrorCode and fsReason of real fs errors', () => {
  it.each(real)('%s', (_name, provoke, code, reason) => {
    const error = provoke();
    expect(fsErrorCode(error)).toBe(code);
    expect(fsReason(error)).toBe(reason);
  });

  it('give the same answer for the error of a promise-based call', async () => {
    const error = await readFile(join(dir, 'missing')).catch((e: unknown) => e);
    expect([fsErrorCode(error), fsReason(error)]).toEqual(['NotFound', 'no such file']);
  });

  it('never show the path in the reason', () => {
    for (const [name, provoke] of real) expect(fsReason(provoke()), name).not.toContain(dir);
  });
});

describe('fsErrorCode by errno', () => {
  it.each([
    ['ENOENT', 'NotFound'],
    ['ENOTDIR', 'NotFound'],
    ['EACCES', 'PermissionDenied'],
    ['EPERM', 'PermissionDenied'],
    ['EROFS', 'PermissionDenied'],
    ['EISDIR', 'InvalidArgument'],
    ['ENAMETOOLONG', 'InvalidArgument'],
    ['ELOOP', 'InvalidArgument'],
    ['EINVAL', 'InvalidArgument'],
    ['EMFILE', 'ResourceExhausted'],
    ['ENFILE', 'ResourceExhausted'],
    ['ENOSPC', 'ResourceExhausted'],
    ['EIO', 'Unknown'],
    ['', 'Unknown'],
  ])('%s → %s', (errno, code) => {
    expect(fsErrorCode(Object.assign(new Error('x'), { code: errno }))).toBe(code);
  });

  it('is Unknown for a name of Object.prototype, a code that is not a string, or no error object', () => {
    for (const errno of ['toString', 'constructor', '__proto__', 'hasOwnProperty'])
      expect(fsErrorCode({ code: errno }), errno).toBe('Unknown');
    expect(fsErrorCode({ code: 2 })).toBe('Unknown');
    // Not even one whose text is an errno.
    expect(fsErrorCode({ code: ['ENOENT'] })).toBe('Unknown');
    expect(fsErrorCode(new Error('ENOENT'))).toBe('Unknown');
    for (const error of [null, undefined, 'ENOENT', 2]) expect(fsErrorCode(error), String(error)).toBe('Unknown');
    expect(fsErrorCode(Object.assign(() => {}, { code: 'ENOENT' }))).toBe('Unknown');
  });
});

describe('fsReason by errno', () => {
  it('says what is wrong in words for the common cases and names any other errno', () => {
    expect(fsReason({ code: 'EACCES' })).toBe('permission denied');
    expect(fsReason({ code: 'EPERM' })).toBe('permission denied');
    expect(fsReason({ code: 'EMFILE' })).toBe('EMFILE');
  });

  it('is "unreadable" when there is no errno', () => {
    expect(fsReason(new Error('no such file'))).toBe('unreadable');
    expect(fsReason({ code: 2 })).toBe('unreadable');
    for (const error of [null, undefined, 'ENOENT']) expect(fsReason(error), String(error)).toBe('unreadable');
    expect(fsReason(Object.assign(() => {}, { code: 'ENOENT' }))).toBe('unreadable');
  });
});
