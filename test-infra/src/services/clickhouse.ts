import path from 'node:path';
import { clickhouseQuery } from '../probe/sql.js';
import { writeFile } from '../system.js';
import { TEST_DATABASE, TEST_PASSWORD, TEST_USER, type ServiceContext, type ServiceSpec } from '../types.js';

/** ClickHouse (Debian `clickhouse-server`, 18.16) with its own config, users file and data dir. */
export function clickhouseService(ctx: ServiceContext, [httpPort, tcpPort]: readonly number[]): ServiceSpec {
  if (httpPort === undefined || tcpPort === undefined) throw new Error('clickhouse needs two ports');
  const d = ctx.dir;
  const config = path.join(d, 'config.xml');
  const users = path.join(d, 'users.xml');
  return {
    name: 'clickhouse',
    url: `clickhouse://${TEST_USER}:${TEST_PASSWORD}@127.0.0.1:${httpPort}/${TEST_DATABASE}`,
    ports: [httpPort, tcpPort],
    requires: ['/usr/sbin/clickhouse-server'],
    async init() {
      writeFile(
        config,
        `<?xml version="1.0"?>
<yandex>
  <logger><level>information</level><log>${d}/server.log</log><errorlog>${d}/server.err.log</errorlog><size>10M</size><count>1</count></logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${d}/data/</path>
  <tmp_path>${d}/data/tmp/</tmp_path>
  <user_files_path>${d}/data/user_files/</user_files_path>
  <format_schema_path>${d}/data/format_schemas/</format_schema_path>
  <users_config>${users}</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mlock_executable>false</mlock_executable>
</yandex>
`,
      );
      writeFile(
        users,
        `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users>
    <${TEST_USER}>
      <password>${TEST_PASSWORD}</password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </${TEST_USER}>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`,
      );
    },
    processes: () => [
      { label: 'clickhouse-server', command: '/usr/sbin/clickhouse-server', args: [`--config-file=${config}`], cwd: d },
    ],
    async probe() {
      const body = await clickhouseQuery(httpPort, TEST_USER, TEST_PASSWORD, 'SELECT 1');
      if (body.trim() !== '1') throw new Error(`unexpected ClickHouse answer: ${body}`);
    },
    async afterFirstReady() {
      await clickhouseQuery(httpPort, TEST_USER, TEST_PASSWORD, `CREATE DATABASE IF NOT EXISTS ${TEST_DATABASE}`);
    },
  };
}
