import { describe, expect, it } from 'vitest';
import { Connection } from '../src/index.js';

const INTERNAL = ['attach', 'deliver', 'stateChanged', 'serveRead', 'serveWrite', 'serveExec', 'closeUnderlying'];

describe('the public Connection type', () => {
  it('has none of the methods the core uses internally (typecheck: every line below must be an error)', () => {
    const probe = (conn: Connection): unknown[] => [
      // @ts-expect-error internal: the supervisor's sink
      conn.deliver,
      // @ts-expect-error internal: the supervisor's sink
      conn.stateChanged,
      // @ts-expect-error internal: set by dial()
      conn.attach,
      // @ts-expect-error internal: serves handle holders
      conn.serveRead,
      // @ts-expect-error internal: serves handle holders
      conn.serveWrite,
      // @ts-expect-error internal: serves handle holders
      conn.serveExec,
      // @ts-expect-error internal: closes for every holder
      conn.closeUnderlying,
    ];
    expect(probe).toBeTypeOf('function');
  });

  it('cannot be constructed by users (typecheck) and has no internal methods at run time', () => {
    // @ts-expect-error the constructor is private: dial() builds connections
    const build = (): Connection => new Connection({});
    expect(build).toBeTypeOf('function');
    const names = Object.getOwnPropertyNames(Connection.prototype);
    for (const name of INTERNAL) expect(names, name).not.toContain(name);
    expect(names).toEqual(expect.arrayContaining(['read', 'write', 'exec', 'close', 'fd', 'stats']));
  });
});
