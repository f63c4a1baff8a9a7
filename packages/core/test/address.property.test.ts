import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OptionSpec, OptionValue } from '../src/driver/options.js';
import { formatAddress, parseOptions, redactAddress, splitAddress } from '../src/address/index.js';
import { DialError } from '../src/errors.js';
import { KEYS, SCHEMA } from './address.fixtures.js';

// ADDRESS_RUNS=50000 for the long run; the default keeps the suite quick.
const RUNS = Number(process.env.ADDRESS_RUNS ?? 2000);
/** Hang guard per run (a parse takes microseconds; the slack absorbs GC pauses on a loaded CI machine). */
const MAX_RUN_MS = 2000;

/** splitAddress + parseOptions, asserting it returns or throws only DialError(InvalidArgument). */
function parsesOrRejects(address: string): void {
  const started = performance.now();
  try {
    const split = splitAddress(address);
    parseOptions(split.options ?? '', SCHEMA, split.scheme);
  } catch (error) {
    expect(error).toBeInstanceOf(DialError);
    expect((error as DialError).code).toBe('InvalidArgument');
  }
  expect(performance.now() - started).toBeLessThan(MAX_RUN_MS);
}

const piece = fc.oneof(
  fc.constantFrom(
    '|',
    '||',
    '&',
    '=',
    '%',
    '%2',
    '%26',
    '%7C',
    '%E2%82',
    '%FF',
    '+',
    '://',
    'wss://',
    '@',
    ':',
    '{',
    '"',
  ),
  fc.constantFrom(...KEYS, 'reconect', 'Reconnect', 'pnig', 'foo'),
  fc.constantFrom('true', 'no', '12', '-1', 'gzip', 'raw', ''),
  fc.string({ maxLength: 6 }),
);
const grammarString = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));

describe('splitAddress + parseOptions never fail in another way', () => {
  it.each([
    ['fc.string', fc.string({ maxLength: 200 })],
    ['full unicode strings', fc.string({ unit: 'binary', maxLength: 200 })],
    ['grammar pieces', grammarString],
    ['grammar pieces after a base', grammarString.map((s) => `wss://h|${s}`)],
    ['grammar pieces after a base with ||', grammarString.map((s) => `wss://h||${s}`)],
  ])('%s', (_name, arbitrary) => {
    fc.assert(fc.property(arbitrary, parsesOrRejects), { numRuns: RUNS });
  });

  it('stays fast on long adversarial option text', () => {
    const long = `wss://h|payload=${'&reconect=true'.repeat(2000)}${'&a='.repeat(5000)}${'%'.repeat(5000)}`;
    parsesOrRejects(long);
    parsesOrRejects(`wss://h|mode=${'&x='.repeat(20000)}`);
  });
});

/** Text that exercises the escaping rules: separators, escapes, known keys and unicode. */
const tricky = fc
  .array(
    fc.oneof(
      fc.constantFrom('&', '=', '|', '||', '%', '%41', '%2', '%zz', '+', ' ', '&&', '€', '🏓'),
      fc.constantFrom(...KEYS.map((k) => `&${k}=`), '&reconect=true', '&Reconnect=1', '&pnig=5', '&b=c'),
      fc.string({ unit: 'binary', maxLength: 5 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** JSON text whose strings hold the grammar's separators and every known `&key=`. */
const jsonText = fc
  .oneof(
    fc.json(),
    fc
      .array(tricky, { maxLength: 4 })
      .map((strings) => JSON.stringify({ q: strings, n: [1, { s: strings.join('|') }] })),
  )
  .filter((text) => text.startsWith('{') || text.startsWith('['));
const stringValue = fc.oneof(tricky, jsonText);

function valueFor(spec: OptionSpec): fc.Arbitrary<OptionValue> {
  switch (spec.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: spec.min ?? -1_000_000, max: spec.max ?? 1_000_000 });
    case 'enum':
      return fc.constantFrom(...(spec.values ?? []));
    case 'string':
      return spec.repeatable ? fc.array(stringValue, { minLength: 1, maxLength: 4 }) : stringValue;
  }
}

// proxy= is taken literally (its resolver decodes only the userinfo), so formatAddress cannot
// escape it; test/proxy.test.ts covers how it is read.
const optionRecord = fc.record(
  Object.fromEntries(
    Object.entries(SCHEMA)
      .filter(([key]) => key !== 'proxy')
      .map(([key, spec]) => [key, valueFor(spec)]),
  ),
  { requiredKeys: [] },
) as fc.Arbitrary<Record<string, OptionValue>>;

/** The options written naively, each value as is: what formatAddress refuses must not read back. */
function naive(base: string, options: Record<string, OptionValue>): string {
  const text = Object.entries(options)
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${key}=${String(v)}`))
    .join('&');
  return `${base}${text.includes('|') || base.includes('|') ? '||' : '|'}${text}`;
}

function readsBack(address: string, base: string, options: Record<string, OptionValue>): boolean {
  try {
    const split = splitAddress(address);
    return (
      split.base === base &&
      JSON.stringify(parseOptions(split.options ?? '', SCHEMA, split.scheme)) === JSON.stringify(options)
    );
  } catch {
    return false;
  }
}

describe('formatAddress round-trips through splitAddress + parseOptions', () => {
  it.each([['wss://host:443/ws'], ['mysql://u:p@tcp(h:3306)/db?charset=utf8mb4'], ['wss://a|b/c']])(
    'base %s',
    (base) => {
      let written = 0;
      fc.assert(
        fc.property(optionRecord, (options) => {
          const started = performance.now();
          let address: string;
          try {
            address = formatAddress('wss', base, options, SCHEMA);
          } catch (error) {
            // Refused only when the literal text would not read back as these options.
            expect((error as DialError).message).toContain('cannot carry literally');
            expect(readsBack(naive(base, options), base, options)).toBe(false);
            return;
          }
          written++;
          const split = splitAddress(address);
          expect(split.base).toBe(base);
          expect(parseOptions(split.options ?? '', SCHEMA, split.scheme)).toEqual(options);
          expect(performance.now() - started).toBeLessThan(MAX_RUN_MS);
        }),
        { numRuns: RUNS },
      );
      expect(written).toBeGreaterThan(RUNS / 20);
    },
  );
});

const passwordChar = fc.constantFrom(...'abcXYZ0189@:/%?#!$-_.~;,()[]'.split(''));
/** Documented blind spots of redaction: `host:port/...`-shaped passwords, `://` and `&word=` inside. */
const password = fc
  .array(passwordChar, { minLength: 4, maxLength: 16 })
  .map((c) => c.join(''))
  .filter((p) => !/^[0-9]{1,5}[/?#]/.test(p) && !`:${p}`.includes('://'));
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);

describe('redactAddress hides generated passwords', () => {
  const forms: [string, (user: string, pass: string, host: string) => string][] = [
    ['URL userinfo', (u, p, h) => `wss://${u}:${p}@${h}:8443/ws`],
    ['URL userinfo without a path', (u, p, h) => `redis://${u}:${p}@${h}`],
    ['empty user', (_u, p, h) => `redis://:${p}@${h}:6379/0`],
    ['Go MySQL DSN', (u, p, h) => `mysql://${u}:${p}@tcp(${h}:3306)/db?charset=utf8mb4`],
    ['proxy option', (u, p, h) => `wss://${h}/ws|reconnect=true&proxy=socks5://${u}:${p}@${h}:1080&mode=recv`],
    ['lib/pq DSN', (u, p, h) => `postgres://user=${u} dbname=db password=${p.replace(/[\s&|]/g, '')} host=${h}`],
    [
      'query parameter',
      (u, p, h) => `clickhouse://tcp://${h}:9000?username=${u}&password=${p.replace(/[&|]/g, '')}&database=d`,
    ],
  ];
  it.each(forms)('%s', (_name, build) => {
    fc.assert(
      fc.property(word, password, word, (user, pass, host) => {
        const address = build(user, pass, host);
        const secret = _name === 'lib/pq DSN' || _name === 'query parameter' ? pass.replace(/[\s&|]/g, '') : pass;
        fc.pre(secret.length >= 4 && !address.replace(secret, '').includes(secret));
        expect(redactAddress(address)).not.toContain(secret);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('redactAddress on arbitrary text', () => {
  const credentialish = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '://',
          'wss://',
          '@',
          ':',
          '/',
          '|',
          '||',
          '&',
          'password=',
          '"token":"',
          "'",
          '\\',
          ' ',
          'tcp(',
        ),
        fc.string({ maxLength: 5 }),
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(''));
  it.each([
    ['fc.string', fc.string({ maxLength: 200 })],
    ['full unicode strings', fc.string({ unit: 'binary', maxLength: 200 })],
    ['credential-like pieces', credentialish],
  ])('%s: returns a string, quickly, without throwing', (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (text) => {
        const started = performance.now();
        expect(typeof redactAddress(text)).toBe('string');
        expect(performance.now() - started).toBeLessThan(MAX_RUN_MS);
      }),
      { numRuns: RUNS },
    );
  });
});
