import { inspect } from 'node:util';

/** The password used in every secrets probe; must never show up anywhere. */
export const SECRET = 'S3cretPW';

/** Spellings of {@link SECRET} that would count as a leak (plain, percent- and base64-encoded). */
export const SECRET_FORMS: readonly string[] = [
  SECRET,
  encodeURIComponent(SECRET),
  Buffer.from(SECRET).toString('base64'),
  `u:${SECRET}`,
  Buffer.from(`u:${SECRET}`).toString('base64'),
];

/**
 * Addresses of every networked scheme carrying {@link SECRET}, aimed at `host:port` (a closed
 * port or a wrong server). `socks` is where a proxy-capable scheme's proxy points.
 */
export function secretAddresses(host: string, port: number, socks: string = `${host}:${port}`): string[] {
  const at = `${host}:${port}`;
  return [
    `mysql://u:${SECRET}@${at}/db`,
    `mysql://u:${SECRET}@tcp(${at})/db?charset=utf8mb4`,
    `postgres://u:${SECRET}@${at}/db?sslmode=disable`,
    `postgres://user=u password=${SECRET} host=${host} port=${port} dbname=db sslmode=disable`,
    `clickhouse://u:${SECRET}@${at}/db`,
    `clickhouse://tcp://${at}?username=u&password=${SECRET}&database=db`,
    `amqp://u:${SECRET}@${at}/?queue=q`,
    `mqtt://u:${SECRET}@${at}?topic=t`,
    `nats://u:${SECRET}@${at}?topic=t`,
    `kafka://u:${SECRET}@${at}/topic`,
    `tcp://${at}|proxy=socks5://u:${SECRET}@${socks}`,
    `tls://${at}|proxy=socks5://u:${SECRET}@${socks}`,
    `ws://${at}/|proxy=socks5://u:${SECRET}@${socks}`,
    `ws://u:${SECRET}@${at}/feed`,
    `ws://${at}/|payload={"op":"login","args":[{"apiKey":"${SECRET}","passphrase":"${SECRET}","sign":"${SECRET}"}]}`,
    `wss://${at}/|headers={"X-MBX-APIKEY":"${SECRET}"}`,
  ];
}

/** Every rendering a user might print or log of an error or connection. */
export function renderings(value: unknown): string[] {
  const out = [
    String(value),
    inspect(value, { depth: 10, showHidden: false }),
    inspect(value, { depth: 10, showHidden: true }),
  ];
  if (value instanceof Error) {
    out.push(value.message, value.stack ?? '', JSON.stringify(value, Object.getOwnPropertyNames(value)));
    let cause: unknown = value.cause;
    for (let depth = 0; cause !== undefined && depth < 5; depth += 1) {
      out.push(
        String(cause),
        inspect(cause, { depth: 10 }),
        cause instanceof Error ? `${cause.message}\n${cause.stack ?? ''}` : '',
      );
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  return out;
}

/** The forms of {@link SECRET} found in `texts` (empty = no leak). */
export function leaks(texts: readonly string[]): string[] {
  return SECRET_FORMS.filter((form) => texts.some((text) => text.includes(form)));
}
