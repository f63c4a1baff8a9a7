import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateError, loadTls, withSharedContext, type TlsSettings } from '../src/driver/index.js';
import { DialError, type ErrorCode } from '../src/errors.js';
import { removeSelfSigned, selfSigned } from './support/self-signed.js';

// Real handshakes against a node:tls server on 127.0.0.1 with a self-signed certificate: the
// options loadTls and withSharedContext build are what tls.connect gets in the tls:// and wss:// drivers.
const server = selfSigned();
const stranger = selfSigned('stranger');
const client = selfSigned('client');
const context = {
  error: (code: ErrorCode, message: string, cause?: unknown): DialError =>
    new DialError({ code, op: 'dial', scheme: 'tls', message, cause }),
};
const NONE: TlsSettings = { ca: undefined, cert: undefined, key: undefined, servername: undefined, insecure: false };

let plain: Server;
let mutual: Server;
const peers: unknown[] = [];

async function listen(made: Server): Promise<number> {
  made.listen(0, '127.0.0.1');
  await once(made, 'listening');
  return (made.address() as AddressInfo).port;
}

let plainPort = 0;
let mutualPort = 0;
beforeAll(async () => {
  plain = createServer({ cert: server.cert, key: server.key }, (socket) => socket.end('hello'));
  mutual = createServer(
    { cert: server.cert, key: server.key, ca: [client.cert], requestCert: true, rejectUnauthorized: true },
    (socket: TLSSocket) => {
      peers.push(socket.getPeerCertificate().subject?.CN);
      socket.end('hello');
    },
  );
  plainPort = await listen(plain);
  mutualPort = await listen(mutual);
});
afterAll(() => {
  plain.close();
  mutual.close();
  removeSelfSigned();
});

/** Connects as a driver would, with the address's TLS settings; the server's greeting or the error. */
async function handshake(settings: Partial<TlsSettings>, host = '127.0.0.1', port = plainPort): Promise<string> {
  const options = withSharedContext(await loadTls({ ...NONE, ...settings }, host, context));
  return new Promise((resolve, reject) => {
    const socket = connect({ ...options, host, port }, () => {
      socket.setEncoding('utf8');
      let text = '';
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text));
    });
    socket.on('error', reject);
  });
}

async function refusal(settings: Partial<TlsSettings>, host = '127.0.0.1'): Promise<DialError> {
  const error = await handshake(settings, host).then(
    () => {
      throw new Error('the handshake succeeded');
    },
    (failure: unknown) => failure,
  );
  const refused = certificateError(context, error, `${host}:${plainPort}`);
  expect(refused).toBeInstanceOf(DialError);
  expect(refused!.cause).toBe(error);
  return refused!;
}

describe('TLS verification against a real server', () => {
  it('is on by default: a self-signed server is refused as PermissionDenied, with the hint', async () => {
    const error = await refusal({});
    expect(error).toMatchObject({ code: 'PermissionDenied', retryable: false });
    // Node's own reason text is kept whole; Node 24 adds a hint of its own (--use-system-ca) to it.
    expect(
      error.message.startsWith(`TLS: the certificate of 127.0.0.1:${plainPort} was refused (self-signed certificate`),
    ).toBe(true);
    expect(
      error.message.endsWith(
        '); pass ca=<file> to trust its authority, servername=<name> if the certificate names another host, ' +
          'or insecure=true to skip verification (testing only)',
      ),
    ).toBe(true);
  });

  it('is on with a host name too', async () => {
    expect((await refusal({}, 'localhost')).code).toBe('PermissionDenied');
  });

  it("ca= naming the server's authority (file or inline) trusts it, by IP or by name", async () => {
    expect(await handshake({ ca: server.certFile })).toBe('hello');
    expect(await handshake({ ca: server.cert }, 'localhost')).toBe('hello');
  });

  it('ca= of another authority is refused', async () => {
    expect((await refusal({ ca: stranger.certFile })).code).toBe('PermissionDenied');
  });

  it('the certificate must name servername= when given, even for an IP host', async () => {
    const error = await refusal({ ca: server.certFile, servername: 'wrong.example' });
    expect(error.code).toBe('PermissionDenied');
    expect(error.message).toContain('wrong.example');
    expect(await handshake({ ca: server.certFile, servername: 'localhost' })).toBe('hello');
  });

  it('is off only with insecure=true', async () => {
    expect(await handshake({ insecure: true })).toBe('hello');
    expect(await handshake({ insecure: true, ca: stranger.cert, servername: 'wrong.example' })).toBe('hello');
  });
});

describe('TLS client certificates against a real server', () => {
  it('cert= and key= (files) are presented to a server that requires a client certificate', async () => {
    const settings = { ca: server.certFile, cert: client.certFile, key: client.keyFile };
    expect(await handshake(settings, '127.0.0.1', mutualPort)).toBe('hello');
    expect(peers.at(-1)).toBe('client');
  });

  it('inline cert= and key= work too', async () => {
    const settings = { ca: server.cert, cert: client.cert, key: client.key };
    expect(await handshake(settings, 'localhost', mutualPort)).toBe('hello');
    expect(peers.at(-1)).toBe('client');
  });
});
