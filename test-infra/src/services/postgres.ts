import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { probePostgres } from '../probe/sql.js';
import { execFileAsync, isRoot, lookupUser, writeFile } from '../system.js';
import { TEST_DATABASE, TEST_PASSWORD, TEST_USER, type ServiceContext, type ServiceSpec } from '../types.js';

/** Directory of the newest PostgreSQL server binaries installed by Debian (`/usr/lib/postgresql/N/bin`). */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return path.join(root, versions[0] ?? '15', 'bin');
}

/**
 * PostgreSQL (Debian `postgresql-15`): `initdb` with a scram-sha-256 superuser `omnidial`,
 * then `postgres` on 127.0.0.1. PostgreSQL refuses to run as root, so as root both run as the
 * `postgres` account and the data dir is chowned to it.
 */
export function postgresService(ctx: ServiceContext, [port]: readonly number[]): ServiceSpec {
  if (port === undefined) throw new Error('postgres needs one port');
  const bin = postgresBinDir();
  const data = path.join(ctx.dir, 'data');
  const account = isRoot() ? lookupUser('postgres') : undefined;
  if (isRoot() && account === undefined)
    throw new Error('running as root but there is no `postgres` account: run `pnpm services:install`');
  const base = `postgres://${TEST_USER}:${TEST_PASSWORD}@127.0.0.1:${port}`;
  const serverKey = path.join(ctx.dir, 'server.key');
  return {
    name: 'postgres',
    url: `${base}/${TEST_DATABASE}`,
    // The same port negotiates TLS when the client asks for it.
    tlsUrl: `postgres://${TEST_USER}:${TEST_PASSWORD}@127.0.0.1:${port}/${TEST_DATABASE}?sslmode=verify-full`,
    ports: [port],
    requires: [path.join(bin, 'initdb'), path.join(bin, 'postgres')],
    async init() {
      // PostgreSQL refuses a key file others can read: a private copy owned by the server account.
      fs.copyFileSync(ctx.pki.keyFile, serverKey);
      fs.chmodSync(serverKey, 0o600);
      if (account) fs.chownSync(serverKey, account.uid, account.gid);
      const pwfile = path.join(ctx.dir, 'pwfile');
      writeFile(pwfile, `${TEST_PASSWORD}\n`);
      if (account) {
        fs.chownSync(ctx.dir, account.uid, account.gid);
        fs.chownSync(pwfile, account.uid, account.gid);
      }
      const args = [
        '-D',
        data,
        '-U',
        TEST_USER,
        `--pwfile=${pwfile}`,
        '-A',
        'scram-sha-256',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
        '--no-instructions',
      ];
      await execFileAsync(path.join(bin, 'initdb'), args, { cwd: ctx.dir, ...(account ?? {}) });
    },
    processes: () => [
      {
        label: 'postgres',
        command: path.join(bin, 'postgres'),
        args: [
          '-D',
          data,
          '-p',
          String(port),
          '-h',
          '127.0.0.1',
          '-k',
          ctx.dir,
          '-c',
          'fsync=off',
          '-c',
          'max_connections=200',
          '-c',
          'ssl=on',
          '-c',
          `ssl_cert_file=${ctx.pki.certFile}`,
          '-c',
          `ssl_key_file=${serverKey}`,
        ],
        cwd: ctx.dir,
        ...(account ?? {}),
        // SIGINT = "fast" shutdown; SIGTERM ("smart") would wait for every client to disconnect.
        stopSignal: 'SIGINT',
      },
    ],
    // The test database does not exist before afterFirstReady, so probe the maintenance database.
    probe: () => probePostgres(`${base}/postgres`),
    async afterFirstReady() {
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEST_DATABASE]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE ${TEST_DATABASE}`);
      } finally {
        await client.end();
      }
    },
  };
}
