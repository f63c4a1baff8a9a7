// The class must be defined before its hooks are used: importing it fills them in. That import is
// a side effect, so package.json lists connection.js under "sideEffects" (bundlers drop it otherwise),
// and the chunks of the built dist/ that hold it (ADR 0302).
import './connection.js';
import type { Connection } from './connection.js';
import type { ConnectionInit } from './init.js';
import { connectionHooks, type ConnectionInternals } from './hooks.js';

/** Builds a connection (for `dial()` and handle views); attach its supervisor next. */
export function createConnection(init: ConnectionInit): Connection {
  return connectionHooks.construct(init);
}

/** The core's side of `connection`: its supervisor sink and the calls that serve handle holders. */
export function connectionInternals(connection: Connection): ConnectionInternals {
  return connectionHooks.internalsOf(connection);
}
