import { isDistinctive } from '@omnidial/core/driver';

/** Passwords that break naive parsing: every reserved character, spaces, unicode, short and long. */
export const MATRIX_PASSWORDS: readonly string[] = [
  'S3cretPW',
  'p@ss/w0rd?#x',
  'a:b@c/d?e#f%g&h=i+j9',
  'with space 9X',
  'pässwörd-ünï9',
  '%41%zz-raw-9Q',
  'LongLongLongLongSecret',
  'semi;colon&and=eq+plus9',
  'quote"s\'Q9x',
  'emoji🔑key-99',
  '%25%40%3Aenc9',
  'abc:def',
  '12345678',
  'p@ss',
  'password',
  'x',
  // A raw `&knownKey=` inside an option value's password (`|proxy=socks5://u:p&header=x@h`).
  'p&header=x',
  'Pw9&qsize=10',
  'tok&reconnect=true&timeout=5x',
];

/** One address form of one scheme, built from the password as written in the address. */
export interface MatrixForm {
  readonly name: string;
  /** `written` is the password as it appears in the address. */
  readonly build: (written: string, host: string) => string;
  /** Whether the form percent-decodes (URL userinfo, query values) or takes the text as is. */
  readonly decodes: boolean;
}

const json = (text: string): string => JSON.stringify(text).slice(1, -1);

/** Every address form of every networked scheme that carries a credential. */
export const MATRIX_FORMS: readonly MatrixForm[] = [
  { name: 'mysql url', decodes: true, build: (w, h) => `mysql://u:${w}@${h}/db` },
  { name: 'mysql go-dsn', decodes: true, build: (w, h) => `mysql://u:${w}@tcp(${h})/db` },
  { name: 'postgres url', decodes: true, build: (w, h) => `postgres://u:${w}@${h}/db?sslmode=disable` },
  {
    name: 'postgres key=value',
    decodes: false,
    build: (w, h) =>
      `postgres://user=u password='${w.replace(/['\\]/g, '\\$&')}' host=${h.split(':')[0]} port=${h.split(':')[1]} sslmode=disable`,
  },
  {
    name: 'postgres key = value',
    decodes: false,
    build: (w, h) =>
      `postgres://user=u password = '${w.replace(/['\\]/g, '\\$&')}' host=${h.split(':')[0]} port=${h.split(':')[1]} sslmode=disable`,
  },
  { name: 'clickhouse url', decodes: true, build: (w, h) => `clickhouse://u:${w}@${h}/db` },
  {
    name: 'clickhouse fmz',
    decodes: true,
    build: (w, h) => `clickhouse://tcp://${h}?username=u&password=${w}&database=db`,
  },
  { name: 'amqp url', decodes: true, build: (w, h) => `amqp://u:${w}@${h}/?queue=q` },
  { name: 'mqtt url', decodes: true, build: (w, h) => `mqtt://u:${w}@${h}?topic=t` },
  { name: 'nats url', decodes: true, build: (w, h) => `nats://u:${w}@${h}?topic=t` },
  { name: 'nats token', decodes: true, build: (w, h) => `nats://${w}@${h}?topic=t` },
  { name: 'kafka url', decodes: true, build: (w, h) => `kafka://u:${w}@${h}/t` },
  { name: 'ws userinfo', decodes: true, build: (w, h) => `ws://u:${w}@${h}/feed` },
  { name: 'ws socks5 proxy', decodes: true, build: (w, h) => `ws://${h}/|proxy=socks5://u:${w}@${h}` },
  { name: 'tcp socks5 proxy', decodes: true, build: (w, h) => `tcp://${h}|proxy=socks5://u:${w}@${h}` },
  { name: 'ws Authorization header', decodes: true, build: (w, h) => `ws://${h}/|header=Authorization: Bearer ${w}` },
  {
    name: 'ws payload apiKey',
    decodes: false,
    build: (w, h) => `ws://${h}/|payload={"op":"login","apiKey":"${json(w)}"}`,
  },
  { name: 'wss headers json', decodes: false, build: (w, h) => `wss://${h}/|headers={"X-MBX-APIKEY":"${json(w)}"}` },
];

/**
 * The texts that would count as a leak of `password`. A distinctive one (ADR 0122) must not
 * appear at all, in any spelling (as written, percent-encoded, WHATWG-encoded, HTTP Basic); a
 * plain one (`password`, `x`) must not appear where it stands as a credential.
 */
export function leakForms(password: string): string[] {
  const url = new URL('http://h/');
  url.password = password;
  const spellings = [...new Set([password, encodeURIComponent(password), url.password])];
  const basic = spellings.map((s) => Buffer.from(`u:${s}`).toString('base64'));
  if (isDistinctive(password)) return [...spellings, ...basic];
  return [
    ...spellings.flatMap((s) => [
      `:${s}@`,
      `//${s}@`,
      `=${s}&`,
      `=${s}|`,
      `="${s}"`,
      `"${s}"`,
      `'${s}'`,
      `Bearer ${s}`,
    ]),
    ...basic,
  ];
}
