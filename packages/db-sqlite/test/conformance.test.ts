import { runConformance } from '@omnidial/core/conformance';
import { sqliteDriver } from '../src/index.js';

runConformance({ name: 'sqlite3', driver: sqliteDriver, harness: { address: () => 'sqlite3://:memory:' } });
