import { afterEach, describe, expect, it } from 'vitest';
import { dial } from '../src/dial.js';
import type { DialError } from '../src/errors.js';
import { waitFor } from '../src/conformance/helpers.js';
import { ScriptPeer } from './support/script-driver.js';
import { closeOpened, failure, gate, open, opened, peerName, registry, sleep } from './support/supervisor-harness.js';

// The reconnect loop (connection/supervisor.ts, attempt.ts) seen from the public API, against a
// peer whose every connect a test scripts. Complements connection.test.ts's echo-server cases.

afterEach(closeOpened);

describe('conn.reconnect()', () => {
  it('closes the live link, re-dials at once (attempt 0), and ignores later reports of the old link', async () => {
    const { conn, peer, events } = await open('payload=hello');
    const old = peer.last;
    await conn.reconnect();
    expect(old.closed).toBe(true);
    expect(peer.connects).toBe(2);
    expect(peer.last.writes).toEqual(['hello']);
    expect(events).toEqual(['reconnecting 0 0 -', 'reconnect 0']);
    old.context.lost(new Error('old socket closed late'));
    old.context.deliver('stale', 5);
    await sleep(20);
    expect(conn.state).toBe('open');
    expect(events).toEqual(['reconnecting 0 0 -', 'reconnect 0']);
    expect(peer.last.closed).toBe(false);
    expect(await conn.write('x')).toBe(1);
    expect(peer.last.writes).toEqual(['hello', 'x']);
  });

  it('dials again after the link was lost for good (reconnect off)', async () => {
    const { conn, peer, events } = await open();
    peer.last.context.lost('peer hung up');
    expect(conn.state).toBe('disconnected');
    expect(conn.stats().lastError?.message).toMatch(/link lost: peer hung up/);
    await conn.reconnect();
    expect(conn.state).toBe('open');
    expect(events).toEqual(['disconnect Unavailable', 'giveup Unavailable', 'reconnecting 0 0 -', 'reconnect 0']);
  });

  it('shares one attempt between concurrent calls and cancels a scheduled re-dial', async () => {
    const { conn, peer } = await open('reconnect=true&interval=30');
    const slow = gate();
    peer.script = async (_n, context, p) => {
      await slow.wait;
      return p.open(context);
    };
    peer.last.context.lost(new Error('drop')); // schedules a re-dial in 30 ms
    const first = conn.reconnect();
    const second = conn.reconnect();
    await sleep(120); // well past the scheduled re-dial
    expect(peer.connects).toBe(2);
    slow.release();
    await Promise.all([first, second]);
    await sleep(60);
    expect(peer.connects).toBe(2);
    expect(conn.state).toBe('open');
  });

  it('a failed attempt rejects with its error; with reconnect off the connection gives up', async () => {
    const { conn, peer, events } = await open();
    peer.script = (_n, context) => {
      throw context.error('PermissionDenied', 'not now');
    };
    await expect(conn.reconnect()).rejects.toMatchObject({ code: 'PermissionDenied', op: 'dial' });
    expect(conn.state).toBe('disconnected');
    expect(events).toEqual(['reconnecting 0 0 -', 'giveup PermissionDenied']);
  });

  it('a failed attempt with reconnect on schedules a re-dial, which opens', async () => {
    const { conn, peer, events } = await open('reconnect=true&interval=20');
    peer.script = (n, context, p) => {
      if (n === 2) throw new Error('refused');
      return p.open(context);
    };
    const error = await failure(conn.reconnect());
    expect(error.code).toBe('Unavailable');
    expect(error.message).toMatch(/refused/);
    expect(conn.state).toBe('reconnecting');
    await waitFor(() => conn.state === 'open', 5000, 'the scheduled re-dial');
    expect(peer.connects).toBe(3);
    expect(events).toEqual(['reconnecting 0 0 -', 'reconnecting 1 20 Unavailable', 'reconnect 1']);
  });

  it('a payload whose write fails closes the new link and rejects with a link-lost error', async () => {
    const { conn, peer } = await open('payload=login');
    peer.failWrite = { text: 'login', error: new Error('broken pipe') };
    const error = await failure(conn.reconnect());
    expect(error.code).toBe('Unavailable');
    expect(error.message).toMatch(/link lost: broken pipe/);
    expect(peer.last.closed).toBe(true);
    expect(conn.state).toBe('disconnected');
  });

  it('rejects with Closed after close(), and a close() during the attempt wins', async () => {
    const { conn, peer, events } = await open('reconnect=true&interval=10');
    const slow = gate();
    peer.script = async (_n, context, p) => {
      await slow.wait;
      return p.open(context);
    };
    const attempt = conn.reconnect();
    await waitFor(() => peer.connects === 2, 5000, 'the attempt');
    const aborted = peer.contexts[1]!.signal;
    await conn.close();
    expect(aborted.aborted).toBe(true);
    await expect(attempt).rejects.toMatchObject({ code: 'Canceled' });
    slow.release();
    await sleep(50);
    expect(peer.last.closed).toBe(true); // the link that arrived late is closed, not leaked
    expect(conn.state).toBe('closed');
    expect(peer.connects).toBe(2);
    expect(events).toEqual(['reconnecting 0 0 -', 'close']);
    await expect(conn.reconnect()).rejects.toMatchObject({ code: 'Closed' });
  });

  it('a link that opens in the same turn as close() is closed, and the attempt rejects with Closed', async () => {
    const { conn, peer } = await open();
    peer.script = (_n, context, p) => {
      void conn.close();
      return p.open(context);
    };
    await expect(conn.reconnect()).rejects.toMatchObject({ code: 'Closed' });
    expect(peer.last.closed).toBe(true);
    expect(conn.state).toBe('closed');
  });
});

describe('drops and the reconnect loop', () => {
  it('a drop while the payload is being sent leaves the link to the re-dial it scheduled', async () => {
    const { conn, peer, events } = await open('reconnect=true&interval=20&payload=login');
    peer.script = (n, context, p) => {
      const link = p.open(context);
      if (n !== 2) return link;
      return {
        ...link,
        write: async () => {
          context.lost(new Error('dropped mid-login'));
          return 0;
        },
      };
    };
    peer.last.context.lost(new Error('first drop'));
    await waitFor(() => peer.connects === 3 && conn.state === 'open', 5000, 'the second re-dial');
    expect(peer.links[1]!.closed).toBe(true);
    expect(peer.last.writes).toEqual(['login']);
    expect(await conn.write('x')).toBe(1);
    expect(events.filter((e) => e.startsWith('reconnecting'))).toEqual([
      'reconnecting 1 20 Unavailable',
      expect.stringMatching(/^reconnecting 2 \d+ Unavailable$/),
    ]);
  });

  it('passes a DialError the driver reports as the drop reason through unchanged', async () => {
    const { conn, peer } = await open('reconnect=true&interval=5000');
    const reason = peer.last.context.error('Unavailable', 'broker is shutting down', undefined, {
      op: 'read',
      serverCode: '320',
    });
    peer.last.context.lost(reason);
    expect(conn.stats().lastError).toBe(reason);
    expect(reason).toMatchObject({ code: 'Unavailable', op: 'read', serverCode: '320' });
    peer.last.context.lost();
    expect(conn.stats().lastError).toBe(reason); // a second report of the same link is stale
  });

  it('words a drop without a reason as "link lost"', async () => {
    const { conn, peer } = await open();
    peer.last.context.lost();
    expect(conn.stats().lastError?.message).toBe(`script: link lost (script://${peer.name})`);
  });

  it('close() during a scheduled re-dial ends the loop: no reconnecting event after close', async () => {
    const { conn, peer, events } = await open('reconnect=true&interval=10');
    const slow = gate();
    peer.script = async (_n, context) => {
      await slow.wait;
      throw context.error('Unavailable', 'refused late');
    };
    peer.last.context.lost(new Error('drop'));
    await waitFor(() => peer.connects === 2, 5000, 'the scheduled re-dial');
    await conn.close();
    slow.release();
    await sleep(60);
    expect(conn.state).toBe('closed');
    expect(peer.connects).toBe(2);
    expect(events).toEqual(['disconnect Unavailable', 'reconnecting 1 10 Unavailable', 'close']);
  });

  it('ignores a drop reported after close()', async () => {
    const { conn, peer, events } = await open('reconnect=true&interval=10');
    const context = peer.last.context;
    await conn.close();
    context.lost(new Error('late'));
    await sleep(40);
    expect(conn.state).toBe('closed');
    expect(peer.connects).toBe(1);
    expect(events).toEqual(['close']);
  });
});

describe('errors a link builds', () => {
  it('are stamped dial while connecting and read once the link is up, unless the driver names the op', async () => {
    const peer = new ScriptPeer(peerName());
    const during: DialError[] = [];
    peer.script = (_n, context, p) => {
      during.push(context.error('Protocol', 'bad greeting'));
      return p.open(context);
    };
    const conn = await dial(`script://${peer.name}`, { registry });
    opened.push(conn);
    const context = peer.last.context;
    expect(during[0]).toMatchObject({ op: 'dial' });
    expect(context.error('Protocol', 'bad frame')).toMatchObject({ op: 'read' });
    expect(context.error('Protocol', 'bad frame', undefined, 'write')).toMatchObject({ op: 'write' });
    expect(context.error('Protocol', 'x', undefined, { serverCode: '7' })).toMatchObject({
      op: 'read',
      serverCode: '7',
    });
    await conn.reconnect();
    expect(context.error('Protocol', 'from the old link')).toMatchObject({ op: 'dial' });
  });
});

describe('prepare and payloads', () => {
  it('dials what prepare returns, sends its payload instead, and redacts its credentials', async () => {
    const peer = new ScriptPeer(peerName());
    const attempts: number[] = [];
    const conn = await dial(`script://${peer.name}|payload=default`, {
      registry,
      prepare: (attempt) => {
        attempts.push(attempt);
        return { payload: [`signed-${attempt}`], credentials: { username: 'u', password: 'hunter2secret' } };
      },
    });
    opened.push(conn);
    expect(peer.last.writes).toEqual(['signed-0']);
    peer.script = (_n, context) => {
      throw context.error('PermissionDenied', 'user u with hunter2secret refused');
    };
    const error = await conn.reconnect().catch((e: unknown) => e as DialError);
    expect(String(error)).not.toContain('hunter2secret');
    expect(attempts).toEqual([0, 0]);
  });

  it('skips null and undefined payloads from a payload function and sends the rest in order, as text', async () => {
    const peer = new ScriptPeer(peerName());
    const conn = await dial(`script://${peer.name}`, {
      registry,
      payload: () => ['a', null, undefined, Buffer.from('b'), 7] as unknown as string[],
    });
    opened.push(conn);
    expect(peer.last.writes).toEqual(['a', 'b', '7']);
  });
});

describe('the first dial', () => {
  it('a connector that throws something other than an Error fails the dial with its text', async () => {
    const peer = new ScriptPeer(peerName());
    peer.script = () => {
      throw 'no route to host' as unknown as Error;
    };
    const error = await failure(dial(`script://${peer.name}`, { registry }));
    expect(error.code).toBe('Unavailable');
    expect(error.message).toMatch(/no route to host/);
  });

  it('a connect that ignores its signal and opens after the timeout is closed, not leaked', async () => {
    const peer = new ScriptPeer(peerName());
    const late = gate();
    peer.script = async (_n, context, p) => {
      await late.wait;
      return p.open(context);
    };
    const error = await failure(dial(`script://${peer.name}`, { registry, timeout: 0.05 }));
    expect(error.code).toBe('Timeout');
    expect(error.message).toMatch(/connect timed out after 50 ms/);
    expect(peer.contexts[0]!.signal.aborted).toBe(true);
    late.release();
    await waitFor(() => peer.links.length === 1 && peer.last.closed, 5000, 'the late link closed');
  });

  it("the connect timeout and the caller's signal bound only the connect, not the link it opened", async () => {
    const peer = new ScriptPeer(peerName());
    const controller = new AbortController();
    const conn = await dial(`script://${peer.name}`, { registry, timeout: 0.05, signal: controller.signal });
    opened.push(conn);
    const { signal } = peer.last.context;
    await sleep(150); // well past the 50 ms connect timeout
    controller.abort(new Error('the caller is done waiting'));
    expect(signal.aborted).toBe(false); // a driver watching it would drop a healthy link
    expect(conn.state).toBe('open');
  });

  it("an already aborted caller's signal rejects with Canceled without connecting", async () => {
    const peer = new ScriptPeer(peerName());
    const controller = new AbortController();
    controller.abort(new Error('user gave up'));
    const reason = controller.signal.reason as Error;
    const error = await failure(dial(`script://${peer.name}`, { registry, signal: controller.signal }));
    expect(error.code).toBe('Canceled');
    expect(error.message).toMatch(/connect was canceled/);
    expect(error.cause).toBe(reason);
    expect(peer.connects).toBe(0);
  });
});
