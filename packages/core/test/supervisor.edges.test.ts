import { afterEach, describe, expect, it } from 'vitest';
import { dial } from '../src/dial.js';
import { DialError } from '../src/errors.js';
import { waitFor } from '../src/conformance/helpers.js';
import { ScriptPeer } from './support/script-driver.js';
import { closeOpened, failure, gate, open, opened, peerName, registry, sleep } from './support/supervisor-harness.js';

// More of the reconnect loop (connection/supervisor.ts, attempt.ts) through the public API: each
// case was written against a mutant Stryker found alive (docs/mutation.md).

afterEach(closeOpened);

describe('errors of a closed connection', () => {
  it('reconnect() after close() rejects with a Closed dial error that says so', async () => {
    const { conn } = await open();
    await conn.close();
    const error = await failure(conn.reconnect());
    expect(error).toMatchObject({ code: 'Closed', op: 'dial' });
    expect(error.message).toMatch(/connection is closed/);
  });

  it('an attempt close() cancels carries the Closed reason of close() as its cause', async () => {
    const { conn, peer } = await open();
    const slow = gate();
    peer.script = async (_n, context, p) => {
      await slow.wait;
      return p.open(context);
    };
    const attempt = failure(conn.reconnect());
    await waitFor(() => peer.connects === 2, 5000, 'the attempt');
    await conn.close();
    const error = await attempt;
    expect(error.code).toBe('Canceled');
    expect(error.cause).toBeInstanceOf(DialError);
    expect(error.cause).toMatchObject({ code: 'Closed', op: 'close' });
    expect((error.cause as DialError).message).toMatch(/connection closed/);
    slow.release();
  });

  it('a link that opens in the same turn as close() is refused with "closed while connecting"', async () => {
    const { conn, peer } = await open();
    peer.script = (_n, context, p) => {
      void conn.close();
      return p.open(context);
    };
    const error = await failure(conn.reconnect());
    expect(error.message).toMatch(/connection closed while connecting/);
  });
});

describe('drops', () => {
  it('a late report of a link dropped before the re-dial does not drop the new link', async () => {
    const { conn, peer, events } = await open('reconnect=true&interval=10');
    const dropped = peer.last.context;
    dropped.lost(new Error('first drop'));
    await waitFor(() => conn.state === 'open' && peer.connects === 2, 5000, 'the re-dial');
    dropped.lost(new Error('the old socket closed late'));
    await sleep(40);
    expect(conn.state).toBe('open');
    expect(peer.connects).toBe(2);
    expect(peer.last.closed).toBe(false);
    expect(events).toEqual(['disconnect Unavailable', 'reconnecting 1 10 Unavailable', 'reconnect 1']);
  });

  it('a driver may report a drop while it is still connecting', async () => {
    const { conn, peer } = await open();
    const thrown: unknown[] = [];
    peer.script = (_n, context, p) => {
      try {
        context.lost(new Error('reset during the handshake'));
      } catch (error) {
        thrown.push(error);
      }
      return p.open(context);
    };
    await conn.reconnect().catch(() => undefined);
    expect(thrown).toEqual([]);
    expect(conn.stats().lastError?.message).toMatch(/reset during the handshake/);
  });

  it('a scheduled re-dial whose payload write fails reports Unavailable and tries again', async () => {
    const { conn, peer, events } = await open('reconnect=true&interval=10&payload=login');
    peer.failWrite = { text: 'login', error: new Error('broken pipe') }; // on the first re-dial only
    peer.script = (n, context, p) => {
      if (n === 3) p.failWrite = undefined;
      return p.open(context);
    };
    peer.last.context.lost(new Error('drop'));
    await waitFor(() => conn.state === 'open' && peer.connects === 3, 5000, 'the second re-dial');
    expect(events.filter((e) => e.startsWith('reconnecting'))).toEqual([
      'reconnecting 1 10 Unavailable',
      expect.stringMatching(/^reconnecting 2 \d+ Unavailable$/),
    ]);
    expect(peer.last.writes).toEqual(['login']);
  });
});

describe('what a connect is given and sends', () => {
  it("prepare's headers reach the connector in the link context's options", async () => {
    const peer = new ScriptPeer(peerName());
    const conn = await dial(`script://${peer.name}|headers={"a":"1"}`, {
      registry,
      prepare: () => ({ headers: { b: '2' } }),
    });
    opened.push(conn);
    expect(peer.last.context.options.headers).toEqual({ a: '1', b: '2' });
  });

  it('sends a plain Uint8Array payload as bytes, not as its numbers in text', async () => {
    const peer = new ScriptPeer(peerName());
    const conn = await dial(`script://${peer.name}`, {
      registry,
      payload: () => [new Uint8Array([104, 105])],
    });
    opened.push(conn);
    expect(peer.last.writes).toEqual(['hi']);
  });
});

describe('the first dial', () => {
  it('a login payload whose write fails rejects the dial with a DialError, not the raw error', async () => {
    const peer = new ScriptPeer(peerName());
    peer.failWrite = { text: 'login', error: new Error('broken pipe') };
    const error = await failure(dial(`script://${peer.name}|payload=login`, { registry }));
    expect(error.code).toBe('Unavailable');
    expect(error.message).toMatch(/link lost: broken pipe/);
    expect(peer.last.closed).toBe(true);
  });
});
