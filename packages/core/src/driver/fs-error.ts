import type { ErrorCode } from '../errors.js';

const BY_ERRNO: Readonly<Record<string, ErrorCode>> = {
  ENOENT: 'NotFound',
  ENOTDIR: 'NotFound',
  EACCES: 'PermissionDenied',
  EPERM: 'PermissionDenied',
  EROFS: 'PermissionDenied',
  EISDIR: 'InvalidArgument',
  ENAMETOOLONG: 'InvalidArgument',
  ELOOP: 'InvalidArgument',
  EINVAL: 'InvalidArgument',
  EMFILE: 'ResourceExhausted',
  ENFILE: 'ResourceExhausted',
  ENOSPC: 'ResourceExhausted',
};

/**
 * The DialError code of a failed file-system call, so that one mistake gives one error in
 * every driver: a missing file (or directory) is `NotFound`, an unreadable one
 * `PermissionDenied`, a directory or bad path `InvalidArgument`; none of them is retryable.
 * Anything else is `Unknown`.
 */
export function fsErrorCode(error: unknown): ErrorCode {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && Object.hasOwn(BY_ERRNO, code) ? BY_ERRNO[code]! : 'Unknown';
}

/** A short reason for a failed file-system call, without the path (`no such file`, `EACCES`). */
export function fsReason(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return typeof code === 'string' ? code : 'unreadable';
}
