/** One `--map FROM=TO`: addresses that start with `from` start with `to` instead. */
export interface AddressMap {
  from: string;
  to: string;
}

/** Parses the values of `--map`; throws on a value without `=` or with an empty side. */
export function parseMaps(values: readonly string[]): AddressMap[] {
  return values.map((value) => {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1)
      throw new TypeError(`--map needs FROM=TO (an address prefix and its replacement), got "${value}"`);
    return { from: value.slice(0, at), to: value.slice(at + 1) };
  });
}

/**
 * Rewrites `address` with the first map whose prefix it starts with (longest prefix first).
 * A `replay://` target takes the place of the whole live connection, so the options the
 * script wrote for it after `|` (`reconnect=true`, a subscribe `payload=`, …) are not carried
 * over: a recording has nothing to reconnect or subscribe to (ADR 0123).
 */
export function mapAddress(address: string, maps: readonly AddressMap[]): string {
  let best: AddressMap | undefined;
  for (const map of maps) {
    if (address.startsWith(map.from) && (best === undefined || map.from.length > best.from.length)) best = map;
  }
  if (best === undefined) return address;
  const rest = address.slice(best.from.length);
  const bar = rest.indexOf('|');
  return best.to + (/^replay:/i.test(best.to) && bar >= 0 ? rest.slice(0, bar) : rest);
}
