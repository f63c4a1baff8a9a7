import { describe, expect, it } from 'vitest';
import { commonOptions } from '../src/driver/common-options.js';
import type { Capabilities } from '../src/driver/types.js';
import { resolveProxy } from '../src/driver/proxy.js';
import { readAddress } from '../src/address/index.js';
import { thrownDialError } from './support/thrown.js';

const ALL: Capabilities = {
  kind: 'message',
  reconnect: true,
  acknowledgements: false,
  proxy: true,
  tls: true,
  payload: true,
  flowControl: true,
};
const PLAIN: Capabilities = { ...ALL, flowControl: false };

describe('common options', () => {
  it.each([
    ['with flow control', ALL],
    ['without flow control', PLAIN],
  ])('every key (%s) documents itself for help output, and its example is given', (_, capabilities) => {
    const schema = commonOptions(capabilities);
    expect(Object.keys(schema).length).toBeGreaterThan(10);
    for (const [key, spec] of Object.entries(schema)) {
      expect(spec.description.trim().length, key).toBeGreaterThan(10);
      if (spec.example !== undefined) expect(spec.example.length, key).toBeGreaterThan(5);
    }
  });

  it('the documented proxy example is a value proxy= accepts', () => {
    const example = commonOptions(ALL).proxy!.example!;
    expect(resolveProxy(example, 'ws').spec).toMatchObject({ host: '127.0.0.1', port: 1080, userId: 'user' });
  });

  it('overflow=block is offered only where the transport can stop its peer; drop-oldest everywhere', () => {
    const flow = readAddress('ws://h|overflow=block', commonOptions(ALL), false);
    expect(flow.values).toEqual({ overflow: 'block' });
    for (const capabilities of [ALL, PLAIN]) {
      const schema = commonOptions(capabilities);
      expect(readAddress('ws://h|overflow=drop-oldest', schema, false).values).toEqual({ overflow: 'drop-oldest' });
      expect(schema.overflow!.default).toBe('drop-oldest');
    }
    const plain = thrownDialError(() => readAddress('ws://h|overflow=block', commonOptions(PLAIN), false));
    expect(plain.message).toContain('expects one of drop-oldest');
    expect(commonOptions(PLAIN).overflow!.description).toContain('block is not offered');
    expect(commonOptions(ALL).overflow!.description).toContain('block: Stop taking data in');
  });

  it.each([
    ['proxy', 'socks5://u:FirstSecret1@127.0.0.1:1080', 'socks5://u:OtherSecret2@127.0.0.1:1080'],
    ['key', '/keys/first-client.key', '/keys/other-client.key'],
  ])('a secret key (%s) given twice with different values: the error shows neither value', (key, first, second) => {
    const address = `ws://h/?${key}=${encodeURIComponent(first)}|${key}=${second}`;
    const error = thrownDialError(() => readAddress(address, commonOptions(ALL), true));
    expect(error.message).toContain('given both in the URL query and after "|"');
    expect(error.message).not.toContain('Secret');
    expect(error.message).not.toContain('client.key');
  });

  it('a plain key given twice with different values: the error shows both', () => {
    const error = thrownDialError(() =>
      readAddress('ws://h/?servername=a.example|servername=b.example', commonOptions(ALL), true),
    );
    expect(error.message).toContain('"a.example" and "b.example"');
  });
});
