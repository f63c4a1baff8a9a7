// docs/design.md#address-grammar: an option value that starts with `{` or `[` is one balanced JSON value, taken
// byte for byte. Checked for every string option of every scheme against its real schema, in
// the `|` options and (where the scheme keeps options there) in the `?query`, and end to end
// through real TCP and WebSocket servers.
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { readAddress, type Driver, type Endpoint, type OptionSchema } from '@omnidial/core/driver';
import { dial, officialDrivers, Registry, registerAll } from '../src/index.js';

const registry = registerAll(new Registry());

/** Text pieces that break naive option splitting. */
const SEPARATORS = [
  '&',
  '|',
  '||',
  '=',
  '%',
  '%2B',
  '%26',
  '%7C',
  '%zz',
  '+',
  '"',
  '\\',
  "'",
  '{',
  '}',
  '[',
  ']',
  '?',
  '#',
  ' ',
  '\n',
  '€',
  '🏓',
];

/** `&key=value` for every key of the schema, with a value that is valid for the key. */
function keyPieces(schema: OptionSchema): string[] {
  return Object.entries(schema).map(([key, spec]) => {
    const value =
      spec.type === 'boolean'
        ? 'true'
        : spec.type === 'integer'
          ? String(spec.min ?? 1)
          : spec.type === 'enum'
            ? spec.values![0]
            : 'x';
    return `&${key}=${value}`;
  });
}

/** A JSON payload (object or array) whose strings and keys hold the separators and every `&key=`. */
function payloads(schema: OptionSchema): fc.Arbitrary<string> {
  const text = fc
    .array(fc.oneof(fc.constantFrom(...SEPARATORS, ...keyPieces(schema)), fc.string({ maxLength: 4 })), {
      maxLength: 10,
    })
    .map((parts) => parts.join(''));
  const value = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }));
  const object = fc.dictionary(text, value, { maxKeys: 4 });
  return fc
    .tuple(fc.oneof(object, fc.array(fc.oneof(object, value), { minLength: 1, maxLength: 3 })), fc.constantFrom(0, 2))
    .map(([json, indent]) => JSON.stringify(json, null, indent));
}

interface Carrier {
  readonly scheme: string;
  readonly driver: Driver<Endpoint>;
  readonly key: string;
}

/** Every string option of every scheme: each must carry any JSON payload unchanged. */
const carriers: Carrier[] = officialDrivers.flatMap((driver) =>
  driver.schemes.flatMap((scheme) => {
    const schema = registry.optionSchema(driver);
    return Object.entries(schema)
      .filter(([, spec]) => spec.type === 'string')
      .map(([key]) => ({ scheme, driver, key }));
  }),
);

/** A non-string key of the schema and a valid value for it, written after the payload. */
function follower(schema: OptionSchema, carrier: string): string | undefined {
  const entry = Object.entries(schema).find(([key, spec]) => key !== carrier && spec.type !== 'string');
  if (entry === undefined) return undefined;
  const [key, spec] = entry;
  return `${key}=${spec.type === 'boolean' ? 'yes' : spec.type === 'integer' ? String(spec.max ?? spec.min ?? 1) : spec.values![0]}`;
}

describe('JSON payloads arrive byte for byte at the parse level, for every string option of every scheme', () => {
  it('covers every scheme that receives messages (SQL schemes have no string option)', () => {
    const schemes = new Set(carriers.map((c) => c.scheme));
    for (const driver of officialDrivers) {
      for (const scheme of driver.schemes)
        expect(schemes.has(scheme) || driver.capabilities.kind === 'sql', scheme).toBe(true);
    }
  });

  it.each(carriers.map((c) => [`${c.scheme} ${c.key}`, c] as const))('%s', (_name, { scheme, driver, key }) => {
    const schema = registry.optionSchema(driver);
    const repeatable = schema[key]!.repeatable === true;
    const next = follower(schema, key);
    const read = (address: string, fromQuery: boolean): unknown => {
      const { values } = readAddress(address, schema, fromQuery);
      return repeatable ? (values[key] as string[])[0] : values[key];
    };
    fc.assert(
      fc.property(payloads(schema), fc.constantFrom('|', '||'), (payload, separator) => {
        const tail = next === undefined ? '' : `&${next}`;
        expect(read(`${scheme}://h:1${separator}${key}=${payload}${tail}`, false)).toBe(payload);
        expect(read(`${scheme}://h:1${separator}${next === undefined ? '' : `${next}&`}${key}=${payload}`, false)).toBe(
          payload,
        );
        if (driver.queryOptions === true) {
          expect(read(`${scheme}://h:1/?${key}=${payload}${tail}`, true)).toBe(payload);
          expect(read(`${scheme}://h:1/?${key}=${payload}${separator}${next ?? ''}`, true)).toBe(payload);
        }
      }),
      { numRuns: 40 },
    );
  });
});

/** A TCP server that collects what each connection sends. */
class Collector {
  readonly server = createServer((socket) => this.#accept(socket));
  #waiters: ((data: Buffer) => void)[] = [];
  #accept(socket: Socket): void {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => {
      socket.end();
      this.#waiters.shift()?.(Buffer.concat(chunks));
    });
  }
  next(): Promise<Buffer> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

describe('JSON payloads arrive byte for byte on the wire', () => {
  const tcp = new Collector();
  let ws: WebSocketServer;
  const wsMessages: ((data: string) => void)[] = [];
  let tcpPort = 0;
  let wsPort = 0;

  beforeAll(async () => {
    tcp.server.listen(0, '127.0.0.1');
    ws = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    ws.on('connection', (socket) => socket.once('message', (data) => wsMessages.shift()?.(String(data))));
    await Promise.all([once(tcp.server, 'listening'), once(ws, 'listening')]);
    tcpPort = (tcp.server.address() as AddressInfo).port;
    wsPort = (ws.address() as AddressInfo).port;
  });
  afterAll(async () => {
    tcp.server.close();
    for (const client of ws.clients) client.terminate();
    await new Promise((resolve) => ws.close(resolve));
  });

  it('tcp: payload= sent on connect', async () => {
    const schema = registry.optionSchema(registry.resolve('tcp'));
    await fc.assert(
      fc.asyncProperty(payloads(schema), async (payload) => {
        const received = tcp.next();
        const conn = await dial(`tcp://127.0.0.1:${tcpPort}|payload=${payload}&nodelay=true`, {
          registry,
          timeout: 30,
        });
        await conn.write(''); // ordering: the payload goes first, before any write
        await conn.close();
        expect((await received).toString('utf8')).toBe(payload);
      }),
      { numRuns: 25 },
    );
  });

  it('ws: payload= sent on connect', async () => {
    const schema = registry.optionSchema(registry.resolve('ws'));
    await fc.assert(
      fc.asyncProperty(payloads(schema), async (payload) => {
        const received = new Promise<string>((resolve) => wsMessages.push(resolve));
        const conn = await dial(`ws://127.0.0.1:${wsPort}/|reconnect=false&payload=${payload}&pingType=control`, {
          registry,
          timeout: 30,
        });
        expect(await received).toBe(payload);
        await conn.close();
      }),
      { numRuns: 25 },
    );
  });
});
