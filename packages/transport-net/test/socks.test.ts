import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempPki } from '@omnidial/test-infra';
import { EchoServer } from './helpers/echo-server.js';
import { closeAll, dialError, open } from './helpers/registry.js';
import { authProxy, openProxy, type SocksProxy } from './helpers/socks.js';

const withAuth: SocksProxy = await authProxy();
const noAuth: SocksProxy = await openProxy();
const pki = makeTempPki('omnidial-net-pki-');
const echo = new EchoServer();
const tlsEcho = new EchoServer({ cert: pki.certPem, key: pki.keyPem });
beforeAll(async () => {
  await echo.start();
  await tlsEcho.start();
});
afterAll(async () => {
  await Promise.all([echo.stop(), tlsEcho.stop()]);
  for (const proxy of [withAuth, noAuth]) if ('stop' in proxy) await proxy.stop();
});
afterEach(() => closeAll());

async function roundTrip(address: string): Promise<void> {
  const conn = await open(address);
  await conn.write('through the proxy');
  expect(await conn.read(5000)).toBe('through the proxy');
}

/** `socks5://user:pass@host:port` with the user info replaced. */
function withUserinfo(url: string, userinfo: string): string {
  return url.replace(/^socks5:\/\/(?:[^@]*@)?/, `socks5://${userinfo}`);
}

describe.skipIf('skip' in withAuth)(`socks5 with auth (${'origin' in withAuth ? withAuth.origin : ''})`, () => {
  const url = 'url' in withAuth ? withAuth.url : '';

  it('tunnels tls:// and verifies the server through the tunnel', () =>
    roundTrip(`tls://127.0.0.1:${tlsEcho.port}|ca=${pki.caFile}&proxy=${url}`));
  it('socks5h:// lets the proxy resolve the name', () =>
    roundTrip(`tcp://localhost:${echo.port}|proxy=${url.replace('socks5://', 'socks5h://')}`));

  it('a wrong password is PermissionDenied and never shown', async () => {
    const error = await dialError(`tcp://127.0.0.1:${echo.port}|proxy=${withUserinfo(url, 'omni:wr0ng-passw0rd@')}`);
    expect(error.code).toBe('PermissionDenied');
    expect(`${error.message} ${error.address}`).not.toContain('wr0ng-passw0rd');
    expect(error.address).toContain('***');
  });

  it('no credentials for a proxy that wants them is PermissionDenied', async () => {
    expect((await dialError(`tcp://127.0.0.1:${echo.port}|proxy=${withUserinfo(url, '')}`)).code).toBe(
      'PermissionDenied',
    );
  });

  it('a target the proxy cannot reach is Unavailable', async () => {
    const error = await dialError(`tcp://127.0.0.1:9|proxy=${url}`);
    expect(error.code).toBe('Unavailable');
    expect(error.message).toContain('could not connect to 127.0.0.1:9');
  });
});

describe.skipIf('skip' in noAuth)(`socks5 without auth (${'skip' in noAuth ? noAuth.skip : noAuth.origin})`, () => {
  const url = 'url' in noAuth ? noAuth.url : '';
  it('tunnels tcp://', () => roundTrip(`tcp://127.0.0.1:${echo.port}|proxy=${url}`));
  it('tunnels tls://', () => roundTrip(`tls://localhost:${tlsEcho.port}|ca=${pki.caFile}&proxy=${url}`));
});

describe('socks5: proxy down', () => {
  it('an unreachable proxy is Unavailable and names the proxy', async () => {
    const error = await dialError(`tcp://127.0.0.1:${echo.port}|proxy=socks5://u:p4ss@127.0.0.1:9`);
    expect(error.code).toBe('Unavailable');
    expect(error.message).toContain('proxy 127.0.0.1:9');
    expect(error.message).not.toContain('p4ss');
  });
});
