// What a `prepare` hook may return (src/connection/prepare.ts): the address, headers, credentials
// and payload of one connect, checked, and each wrong form refused with InvalidArgument naming it.
import { afterEach, describe, expect, it } from 'vitest';
import { dial, type DialOptions } from '../src/dial.js';
import { DialError } from '../src/errors.js';
import { Registry } from '../src/registry.js';
import { loopDriver } from './support/loop-driver.js';
import { recordingRegistry } from './support/record-driver.js';
import { ScriptPeer } from './support/script-driver.js';
import { closeOpened, failure, opened, peerName } from './support/supervisor-harness.js';

afterEach(closeOpened);

/** Dials a fresh scripted peer through a recording driver; `address` gets the peer name appended. */
async function dialPeer(prepare: DialOptions['prepare'], address = 'script://', extra: DialOptions = {}) {
  const peer = new ScriptPeer(peerName());
  const { registry, parsed } = recordingRegistry();
  const conn = await dial(`${address}${peer.name}`, { registry, prepare, ...extra });
  opened.push(conn);
  return { conn, peer, parsed, bases: () => parsed.map((p) => p.base) };
}

/** The DialError of a dial whose prepare returns `value`, and the peer's name. */
async function refused(value: unknown, address = 'script://'): Promise<{ error: DialError; name: string }> {
  const name = peerName();
  new ScriptPeer(name);
  const { registry } = recordingRegistry();
  const error = await failure(dial(`${address}${name}`, { registry, prepare: () => value as never }));
  return { error, name };
}

describe('prepare() returning nothing', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
  ])('%s dials the address as given, with its payload', async (_what, value) => {
    const { peer, bases, conn } = await dialPeer(() => value as undefined, 'script://', { payload: 'hello' });
    expect(bases()).toEqual([`script://${peer.name}`]);
    expect(peer.last.writes).toEqual(['hello']);
    expect(peer.last.context.options.headers).toBeUndefined();
    expect(conn.state).toBe('open');
  });
});

describe('what prepare() returns is what one connect uses', () => {
  it('a url is dialled instead of the address (its scheme in any case)', async () => {
    const target = new ScriptPeer(peerName());
    const { peer, bases } = await dialPeer(() => ({ url: `SCRIPT://${target.name}` }));
    expect(bases()).toEqual([`script://${peer.name}`, `SCRIPT://${target.name}`]);
    expect(target.connects).toBe(1);
    expect(peer.connects).toBe(0);
  });

  it('credentials replace the user and password of the address, percent-encoded', async () => {
    const { peer, bases } = await dialPeer(
      () => ({ credentials: { username: 'new user', password: 'p@ss/w:rd' } }),
      'script://old:secret@',
    );
    expect(bases()[1]).toBe(`script://new%20user:p%40ss%2Fw%3Ard@${peer.name}`);
  });

  it('credentials without a password give a user name only, and an address without userinfo gets one', async () => {
    const { peer, bases } = await dialPeer(() => ({ credentials: { username: 'alice' } }));
    expect(bases()[1]).toBe(`script://alice@${peer.name}`);
  });

  it('credentials without a user name give an empty one', async () => {
    const { peer, bases } = await dialPeer(() => ({ credentials: { password: 'pw' } }), 'script://bob@');
    expect(bases()[1]).toBe(`script://:pw@${peer.name}`);
  });

  it('headers are merged over the headers option, and a payload replaces the payload option', async () => {
    const { peer } = await dialPeer(
      () => ({ headers: { b: 'prepared', c: '3' }, payload: ['p1', 'p2'] }),
      'script://',
      {
        headers: '{"a":"1","b":"option"}',
        payload: 'default',
      },
    );
    expect(peer.last.context.options.headers).toEqual({ a: '1', b: 'prepared', c: '3' });
    expect(peer.last.writes).toEqual(['p1', 'p2']);
  });

  it('headers are merged over a headers option given as an object too', async () => {
    const { peer } = await dialPeer(() => ({ headers: { b: 'prepared' } }), 'script://', {
      headers: { a: '1', b: 'option' },
    });
    expect(peer.last.context.options.headers).toEqual({ a: '1', b: 'prepared' });
  });

  it('without headers it leaves the headers option as it was', async () => {
    const { peer } = await dialPeer(() => ({ payload: 'login' }));
    expect(peer.last.context.options.headers).toBeUndefined();
    const other = await dialPeer(() => ({ payload: 'login' }), 'script://', { headers: '{"a":"1"}' });
    expect(other.peer.last.context.options.headers).toBe('{"a":"1"}');
  });

  it('a payload may be bytes', async () => {
    const { peer } = await dialPeer(() => ({ payload: Buffer.from('bytes') }));
    expect(peer.last.writes).toEqual(['bytes']);
  });
});

describe('prepare() returning something else', () => {
  const KNOWN = 'expected an object { url, headers, credentials, payload } or undefined';
  it.each([
    ['a string', 'script://x', '', `string; ${KNOWN}`],
    ['a number', 7, '', `number; ${KNOWN}`],
    ['a boolean', false, '', `boolean; ${KNOWN}`],
    ['an array', [{ url: 'script://x' }], '', `an array; ${KNOWN}`],
    [
      'an unknown key',
      { url: undefined, user: 'u' },
      '',
      'an unknown key "user"; known keys: url, headers, credentials, payload',
    ],
    ['a url that is not a string', { url: 42 }, '', 'a url that is not a string (number)'],
    ['a url of another scheme', { url: 'loop://x' }, '', 'a url of another scheme; it must start with script://'],
    [
      'a url that only ends with the scheme',
      { url: 'http://script://' },
      '',
      'a url of another scheme; it must start with script://',
    ],
    [
      'a url with | options',
      { url: 'script://x|qos=1' },
      '',
      'a url with "|" options; options come from the original address',
    ],
    ['headers that are a string', { headers: 'a: b' }, '', 'headers that are not an object of strings'],
    ['headers that are null', { headers: null }, '', 'headers that are not an object of strings'],
    ['headers with a number', { headers: { a: 'b', n: 1 } }, '', 'headers that are not an object of strings'],
    [
      'credentials that are a string',
      { credentials: 'u:p' },
      '',
      'credentials that are not { username?: string, password?: string }',
    ],
    [
      'credentials that are null',
      { credentials: null },
      '',
      'credentials that are not { username?: string, password?: string }',
    ],
    [
      'a numeric user name',
      { credentials: { username: 7 } },
      '',
      'credentials that are not { username?: string, password?: string }',
    ],
    [
      'a numeric password',
      { credentials: { username: 'u', password: 7 } },
      '',
      'credentials that are not { username?: string, password?: string }',
    ],
    ['a payload number', { payload: 7 }, '', 'a payload that is not a string, bytes, or an array of them'],
    [
      'a payload list with a number',
      { payload: ['a', 7] },
      '',
      'a payload that is not a string, bytes, or an array of them',
    ],
    ['a payload object', { payload: { text: 'a' } }, '', 'a payload that is not a string, bytes, or an array of them'],
  ])('%s is refused as InvalidArgument before connecting', async (_what, value, _unused, text) => {
    const { error, name } = await refused(value, 'script://u:hunter2@');
    expect(error).toMatchObject({
      code: 'InvalidArgument',
      op: 'dial',
      scheme: 'script',
      address: `script://u:***@${name}`,
      message: `script: prepare() returned ${text} (script://u:***@${name})`,
    });
    expect(ScriptPeer.all.get(name)!.connects).toBe(0);
  });

  it('headers are refused for a scheme without handshake headers', async () => {
    const registry = new Registry().register(loopDriver);
    const error = await failure(dial('loop://nowhere', { registry, prepare: () => ({ headers: { a: 'b' } }) }));
    expect(error).toMatchObject({
      code: 'InvalidArgument',
      message:
        'loop: prepare() returned headers, but loop:// has no handshake headers; send a login payload instead (loop://nowhere)',
    });
  });
});

describe('prepare() failing', () => {
  it('a DialError it throws fails the dial as it is', async () => {
    const thrown = new DialError({ code: 'PermissionDenied', op: 'dial', message: 'no token' });
    const { registry } = recordingRegistry();
    const error = await failure(dial(`script://${peerName()}`, { registry, prepare: () => Promise.reject(thrown) }));
    expect(error).toBe(thrown);
  });

  it.each([
    ['an Error', new Error('token service down'), 'token service down'],
    ['a string', 'token service down', 'token service down'],
  ])(
    '%s it throws fails the dial as Unavailable, quoting it, with the address redacted',
    async (_what, thrown, text) => {
      const name = peerName();
      const { registry } = recordingRegistry();
      const error = await failure(
        dial(`script://u:hunter2@${name}`, {
          registry,
          prepare: () => {
            throw thrown;
          },
        }),
      );
      expect(error).toMatchObject({
        code: 'Unavailable',
        op: 'dial',
        scheme: 'script',
        address: `script://u:***@${name}`,
        message: `script: prepare() failed: ${text} (script://u:***@${name})`,
      });
      expect(error.cause).toBe(thrown);
    },
  );
});
