import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance } from '@omnidial/core/conformance';
import { sqliteDriver } from '../src/index.js';

runConformance({
  name: 'sqlite3',
  driver: sqliteDriver,
  harness: {
    address: () => 'sqlite3://:memory:',
    // mode=ro opens only an existing file.
    missingAddress: () => `sqlite3://${join(tmpdir(), 'omnidial-no-such-dir', 'missing.db')}|mode=ro`,
  },
});
