import { invalid } from './fail.js';

/**
 * The `host:port` part of `scheme://host:port[/]`. A path, query, fragment or `user@` is an
 * InvalidArgument: raw sockets have nowhere to send them.
 */
export function authorityOf(base: string, scheme: string): string {
  const rest = base.slice(base.indexOf('://') + 3);
  const authority = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  const stray = /[/?#@\s]/.exec(authority);
  if (stray !== null) {
    const what = stray[0] === '@' ? 'credentials ("user@")' : stray[0] === '/' ? 'a path' : `"${stray[0]}"`;
    throw invalid(
      scheme,
      `${scheme}:// takes host:port only; found ${what} in "${authority.replace(/^[^@]*@/, '***@')}"`,
    );
  }
  return authority;
}
