import { describe, expect, it } from 'vitest';
import { nativeValues } from '../src/driver/index.js';
import type { OptionSchema } from '../src/driver/options.js';

const schema: OptionSchema = {
  sslmode: { type: 'enum', description: 'TLS mode', values: ['disable', 'require'] },
  dial_timeout: { type: 'integer', description: 'seconds' },
  compress: { type: 'boolean', description: 'compression' },
  multi: { type: 'string', description: 'repeatable', repeatable: true },
  charset: { type: 'string', description: 'charset' },
};

describe("nativeValues: a driver's own keys, read one way whatever the source", () => {
  it('gives the keys of the schema that are set, as text', () => {
    const got = nativeValues({ sslmode: 'require', dial_timeout: 5, compress: true }, schema);
    expect([...got]).toEqual([
      ['sslmode', 'require'],
      ['dial_timeout', '5'],
      ['compress', 'true'],
    ]);
  });

  it('false and 0 are values too', () => {
    expect([...nativeValues({ compress: false, dial_timeout: 0, charset: '' }, schema)]).toEqual([
      ['dial_timeout', '0'],
      ['compress', 'false'],
      ['charset', ''],
    ]);
  });

  it('leaves out unset keys, repeated (list) values and keys outside the schema', () => {
    const got = nativeValues({ charset: undefined, multi: ['a', 'b'], timeout: 3, ca: '/ca.pem' }, schema);
    expect(got.size).toBe(0);
  });
});
