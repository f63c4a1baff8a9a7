import { invalid } from './fail.js';

/** Linux limit of `sun_path` minus the terminating NUL. */
const MAX_PATH_BYTES = 107;

/**
 * The socket path of `unix:///abs/path.sock` (absolute), `unix://rel/path.sock` (relative to
 * the working directory at dial time) or `unix://@name` (Linux abstract namespace).
 */
export function parseUnixPath(base: string, scheme: string): string {
  const raw = base.slice(base.indexOf('://') + 3);
  if (raw === '' || raw === '/') throw invalid(scheme, `missing socket path; expected ${scheme}:///path/to.sock`);
  if (/[?#]/.test(raw))
    throw invalid(scheme, `${scheme}:// takes a filesystem path only; found "${/[?#]/.exec(raw)![0]}" in "${raw}"`);
  if (raw.includes('\0')) throw invalid(scheme, 'the socket path contains a NUL byte');
  const path = raw.startsWith('@') ? `\0${raw.slice(1)}` : raw;
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) {
    throw invalid(scheme, `socket path is ${Buffer.byteLength(path)} bytes; the limit is ${MAX_PATH_BYTES}`);
  }
  return path;
}
