import path from 'node:path';
import { probeMysql } from '../probe/sql.js';
import { execFileAsync, isRoot, writeFile } from '../system.js';
import { TEST_DATABASE, TEST_PASSWORD, TEST_USER, type ServiceContext, type ServiceSpec } from '../types.js';

/**
 * MariaDB (Debian `mariadb-server`): `mariadb-install-db` into its own dir, then `mariadbd`
 * on 127.0.0.1 with an init file that (re)creates the `omnidial` user (password auth) and database.
 */
export function mysqlService(ctx: ServiceContext, [port]: readonly number[]): ServiceSpec {
  if (port === undefined) throw new Error('mysql needs one port');
  const data = path.join(ctx.dir, 'data');
  const initFile = path.join(ctx.dir, 'init.sql');
  const user = isRoot() ? ['--user=root'] : [];
  return {
    name: 'mysql',
    url: `mysql://${TEST_USER}:${TEST_PASSWORD}@127.0.0.1:${port}/${TEST_DATABASE}`,
    // The same port negotiates TLS when the client asks for it.
    tlsUrl: `mysql://${TEST_USER}:${TEST_PASSWORD}@127.0.0.1:${port}/${TEST_DATABASE}?tls=true`,
    ports: [port],
    requires: ['/usr/sbin/mariadbd', '/usr/bin/mariadb-install-db'],
    async init() {
      writeFile(
        initFile,
        [
          `CREATE DATABASE IF NOT EXISTS ${TEST_DATABASE};`,
          `CREATE USER IF NOT EXISTS '${TEST_USER}'@'%' IDENTIFIED BY '${TEST_PASSWORD}';`,
          `GRANT ALL PRIVILEGES ON *.* TO '${TEST_USER}'@'%' WITH GRANT OPTION;`,
          'FLUSH PRIVILEGES;',
        ].join('\n') + '\n',
      );
      await execFileAsync(
        '/usr/bin/mariadb-install-db',
        [
          '--no-defaults',
          `--datadir=${data}`,
          ...user,
          '--skip-test-db',
          '--skip-name-resolve',
          '--auth-root-authentication-method=socket',
        ],
        { cwd: ctx.dir },
      );
    },
    processes: () => [
      {
        label: 'mariadbd',
        command: '/usr/sbin/mariadbd',
        args: [
          '--no-defaults',
          `--datadir=${data}`,
          `--port=${port}`,
          '--bind-address=127.0.0.1',
          `--socket=${path.join(ctx.dir, 'mysqld.sock')}`,
          `--pid-file=${path.join(ctx.dir, 'mysqld.pid')}`,
          `--init-file=${initFile}`,
          '--skip-name-resolve',
          '--innodb-buffer-pool-size=64M',
          '--max-connections=300',
          `--ssl-ca=${ctx.pki.caFile}`,
          `--ssl-cert=${ctx.pki.certFile}`,
          `--ssl-key=${ctx.pki.keyFile}`,
          ...user,
        ],
        cwd: ctx.dir,
      },
    ],
    probe: () => probeMysql(`mysql://${TEST_USER}:${TEST_PASSWORD}@127.0.0.1:${port}/${TEST_DATABASE}`),
  };
}
