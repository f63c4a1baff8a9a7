// dial()'s own arguments and option plumbing (src/dial.ts): the second argument, the connect
// timeout, `prepare`, the options object's extras against the address, a prepared URL's ?query,
// and how a driver's non-DialError parse failure reaches the caller.
import { afterEach, describe, expect, it } from 'vitest';
import { Dial, dial, lastDialError, prepareDial, type DialOptions } from '../src/dial.js';
import { defaultRegistry } from '../src/registry.js';
import { recordingRegistry } from './support/record-driver.js';
import { ScriptPeer, scriptDriver } from './support/script-driver.js';
import { closeOpened, failure, opened, peerName, registry } from './support/supervisor-harness.js';

afterEach(closeOpened);

async function open(address: string, options: DialOptions | number = {}) {
  const conn = await dial(address, typeof options === 'number' ? options : { registry, ...options });
  opened.push(conn);
  return conn;
}

describe('the arguments of dial()', () => {
  it.each([
    ['null', null, 'object'],
    ['undefined', undefined, 'undefined'],
    ['an object', { url: 'script://x' }, 'object'],
  ])('an address that is %s is refused naming its type', async (_what, address, type) => {
    const error = await failure(dial(address as never, { registry }));
    expect(error).toMatchObject({
      code: 'InvalidArgument',
      op: 'parse',
      message: `address must be a string, got ${type}`,
    });
  });

  it.each([
    ['a string', '5'],
    ['null', null],
    ['a boolean', true],
  ])('a second argument that is %s is refused', async (_what, second) => {
    const error = await failure(dial(`script://${peerName()}`, second as never));
    expect(error).toMatchObject({
      code: 'InvalidArgument',
      op: 'parse',
      message: 'the second argument of dial() must be a timeout in seconds or an options object',
    });
  });

  const MISSING = 'install "@omnidial/transport-net" (or "omnidial") and import it to use tcp://';

  it('the address alone is enough (the default registry, a 10 s timeout)', async () => {
    const error = await failure(dial('tcp://127.0.0.1:1'));
    expect(error).toMatchObject({ code: 'Unimplemented', message: MISSING });
  });

  it('a number second argument is the connect timeout in seconds', async () => {
    const error = await failure(dial('tcp://127.0.0.1:1', 5));
    expect(error).toMatchObject({ code: 'Unimplemented', message: MISSING });
  });

  it('a number second argument is checked as the connect timeout', async () => {
    // A scheme of this file's own in the default registry, the one a number second argument uses.
    defaultRegistry.register({ ...scriptDriver, schemes: ['dialnumber'] });
    const error = await failure(dial('dialnumber://x', 0));
    expect(error).toMatchObject({
      code: 'InvalidArgument',
      message: 'timeout must be a positive number of seconds, got 0',
    });
  });

  it.each([
    ['0', 0, 'got 0'],
    ['negative', -1, 'got -1'],
    ['NaN', Number.NaN, 'got NaN'],
  ])('a connect timeout that is %s is refused before connecting', async (_what, timeout, got) => {
    const peer = new ScriptPeer(peerName());
    const error = await failure(dial(`script://u:pw@${peer.name}`, { registry, timeout }));
    expect(error).toMatchObject({
      code: 'InvalidArgument',
      op: 'parse',
      scheme: 'script',
      address: `script://u:***@${peer.name}`,
      message: `timeout must be a positive number of seconds, ${got}`,
    });
    expect(peer.connects).toBe(0);
  });

  it('a prepare that is not a function is refused before connecting', async () => {
    const peer = new ScriptPeer(peerName());
    const error = await failure(dial(`script://u:pw@${peer.name}`, { registry, prepare: 'sign' as never }));
    expect(error).toMatchObject({
      code: 'InvalidArgument',
      op: 'parse',
      scheme: 'script',
      address: `script://u:***@${peer.name}`,
      message: 'prepare must be a function (attempt, signal) => { url, headers, credentials, payload }, got string',
    });
    expect(peer.connects).toBe(0);
  });

  it('prepareDial() checks without connecting', () => {
    const peer = new ScriptPeer(peerName());
    expect(prepareDial(`script://${peer.name}`, { registry }).endpoint.redacted).toBe(`script://${peer.name}`);
    expect(() => prepareDial(`script://${peer.name}`, { registry, timeout: 0 })).toThrow(/timeout must be/);
    expect(peer.connects).toBe(0);
  });
});

describe('the options object next to the address', () => {
  it('a string payload is sent even when prepare returns nothing', async () => {
    const peer = new ScriptPeer(peerName());
    await open(`script://${peer.name}`, { payload: 'hello', prepare: () => undefined });
    expect(peer.last.writes).toEqual(['hello']);
  });

  it('a payload function is called for the connect, unless the address has a payload', async () => {
    const peer = new ScriptPeer(peerName());
    await open(`script://${peer.name}`, { payload: () => 'from function' });
    expect(peer.last.writes).toEqual(['from function']);
    const other = new ScriptPeer(peerName());
    await open(`script://${other.name}|payload=from address`, { payload: () => 'from function' });
    expect(other.last.writes).toEqual(['from address']);
  });

  it('headers reach the driver as given, unless the address has headers', async () => {
    const peer = new ScriptPeer(peerName());
    await open(`script://${peer.name}`, { headers: { a: 'object' } });
    expect(peer.last.context.options.headers).toEqual({ a: 'object' });
    const other = new ScriptPeer(peerName());
    await open(`script://${other.name}|headers={"a":"address"}`, { headers: { a: 'object' } });
    expect(other.last.context.options.headers).toBe('{"a":"address"}');
  });
});

describe('a prepared url of a scheme whose ?query holds options', () => {
  it("is parsed with the address's options, its own query options winning", async () => {
    const peer = new ScriptPeer(peerName());
    const { registry: query, parsed } = recordingRegistry({ queryOptions: true });
    const conn = await dial(`script://${peer.name}?qos=1&topic=a|topic=b`, {
      registry: query,
      prepare: () => ({ url: `script://${peer.name}?qos=2` }),
    });
    opened.push(conn);
    expect(parsed.map((p) => [p.url, p.options.qos, p.options.topic])).toEqual([
      [`script://${peer.name}`, 1, ['a', 'b']],
      [`script://${peer.name}`, 2, ['a', 'b']],
    ]);
  });

  it('for a scheme whose query is its own, the query stays in the url', async () => {
    const name = peerName();
    const peer = new ScriptPeer(`${name}?qos=1`);
    const { registry: plain, parsed } = recordingRegistry();
    const conn = await dial(`script://${name}`, { registry: plain, prepare: () => ({ url: `script://${peer.name}` }) });
    opened.push(conn);
    expect(parsed[1]!.url).toBe(`script://${name}?qos=1`);
    expect(parsed[1]!.options.qos).toBeUndefined();
    expect(peer.connects).toBe(1);
  });
});

describe('a driver whose parse throws something other than a DialError', () => {
  it.each([
    ['an Error', new Error('bad host'), 'invalid address: bad host'],
    ['a string', 'bad host', 'invalid address: bad host'],
    ['a URIError', new URIError('URI malformed'), 'invalid address: URI malformed (every "%" must start a %XX escape)'],
  ])('%s becomes InvalidArgument with its text, the address redacted', async (_what, thrown, message) => {
    const { registry: refusing } = recordingRegistry({ refuse: thrown });
    const error = await failure(dial('script://u:pw@bad', { registry: refusing }));
    expect(error).toMatchObject({ code: 'InvalidArgument', op: 'parse', address: 'script://u:***@bad', message });
    expect(error.cause).toBe(thrown);
  });
});

describe('Dial()', () => {
  it('resolves to null and keeps the reason, a non-DialError failure as Unknown', async () => {
    const broken = new Error('options object broke');
    const options = Object.defineProperty({}, 'registry', {
      get: () => {
        throw broken;
      },
    });
    expect(await Dial(`script://${peerName()}`, options)).toBeNull();
    expect(lastDialError()).toMatchObject({ code: 'Unknown', op: 'dial', message: 'Error: options object broke' });
    expect(lastDialError()!.cause).toBe(broken);
  });
});
