import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../connection/connection.js';
import { dial } from '../dial.js';
import type { Driver, Endpoint } from '../driver/types.js';
import { DialError } from '../errors.js';
import { Registry } from '../registry.js';
import { echoEach, withOptions } from './helpers.js';

/** What {@link runTlsConformance} needs: a real server's TLS listener and the CA that signed it. */
export interface TlsConformanceInput {
  /** Shown in the test names, e.g. `mqtts`. */
  name: string;
  driver: Driver<Endpoint>;
  /**
   * A fresh address of the TLS listener without `ca`/`insecure`; its certificate is for
   * 127.0.0.1 and signed by `caFile`, which the system does not trust. Brokers give a new
   * topic per call.
   */
  address(): string | Promise<string>;
  /** PEM file of the CA that signed the server certificate (a function when made in `beforeAll`). */
  caFile: string | (() => string);
  /** How long to wait for a dial or an echo, in ms (default 20 000). */
  patienceMs?: number;
  /** Checks the driver cannot make, each with the reason and the test that covers it instead. */
  skip?: { servername?: string };
}

const WRONG_NAME = 'wrong-name.omnidial.invalid';

/**
 * The TLS part of the conformance suite (issue 13): a driver that accepts the TLS options must
 * apply them. Against a server whose certificate the system does not trust: no `ca` fails
 * with PermissionDenied (not retryable), `ca` works, a `servername` the certificate does not
 * name fails, `insecure=true` works, a missing `ca` file is NotFound.
 */
export function runTlsConformance(input: TlsConformanceInput): void {
  const registry = new Registry().register(input.driver);
  const patienceMs = input.patienceMs ?? 20_000;
  const caFile = (): string => (typeof input.caFile === 'string' ? input.caFile : input.caFile());
  const opened: Connection[] = [];
  const open = async (options: string): Promise<Connection> => {
    const connection = await dial(withOptions(await input.address(), options), {
      registry,
      timeout: patienceMs / 1000,
    });
    opened.push(connection);
    return connection;
  };
  const refusal = async (options: string): Promise<DialError> => {
    const outcome = await open(options).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(outcome, `dial with "${options}" should fail`).toBeInstanceOf(DialError);
    return outcome as DialError;
  };
  /** The link really works: an echo for messages, a query for SQL. */
  const works = async (connection: Connection): Promise<void> => {
    if (input.driver.capabilities.kind === 'sql') {
      expect((await connection.exec('SELECT 1')).values).toHaveLength(1);
    } else {
      await echoEach(connection, ['over tls'], patienceMs);
    }
  };

  describe(`conformance: ${input.name} > tls`, () => {
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((c) => c.close()));
    });

    it(
      'refuses a certificate the system does not trust: PermissionDenied, not retryable',
      async () => {
        const error = await refusal('');
        expect(error.code, error.message).toBe('PermissionDenied');
        expect(error.retryable).toBe(false);
        expect(error.message).toMatch(/ca=/);
      },
      patienceMs * 2,
    );

    it(
      'trusts the server with ca=<file>',
      async () => {
        await works(await open(`ca=${caFile()}`));
      },
      patienceMs * 2,
    );

    const servername = input.skip?.servername === undefined ? it : it.skip;
    servername(
      `checks the certificate against servername=${input.skip?.servername === undefined ? '' : ` — skipped: ${input.skip.servername}`}`,
      async () => {
        const error = await refusal(`ca=${caFile()}&servername=${WRONG_NAME}`);
        expect(error.code, error.message).toBe('PermissionDenied');
      },
      patienceMs * 2,
    );

    it(
      'skips verification with insecure=true',
      async () => {
        await works(await open('insecure=true'));
      },
      patienceMs * 2,
    );

    it(
      'reports a missing ca file as NotFound, not retryable',
      async () => {
        const error = await refusal('ca=/nonexistent/omnidial-ca.pem');
        expect(error.code, error.message).toBe('NotFound');
        expect(error.retryable).toBe(false);
      },
      patienceMs * 2,
    );
  });
}
