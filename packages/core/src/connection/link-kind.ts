import type { Link, MessageLink, SqlLink, TrafficKind } from '../driver/types.js';

/** True when `link` is a statement link (what a `kind: 'sql'` driver opens). */
export function isSqlLink(link: Link): link is SqlLink {
  return typeof (link as Partial<SqlLink>).exec === 'function';
}

/** True when `link` is a message link (what every non-SQL driver opens). */
export function isMessageLink(link: Link): link is MessageLink {
  return typeof (link as Partial<MessageLink>).write === 'function';
}

/**
 * What is wrong with a link a connector opened for a driver of `kind`, or undefined when it
 * fits: a SQL driver must open a {@link SqlLink}, any other a {@link MessageLink}.
 */
export function linkMismatch(link: Link, kind: TrafficKind): string | undefined {
  if (kind === 'sql') return isSqlLink(link) ? undefined : 'the driver of a sql scheme opened a link without exec()';
  return isMessageLink(link) ? undefined : `the driver of a ${kind} scheme opened a link without write()`;
}
