import { describe, expect, it } from 'vitest';
import { Registry, dial } from '@omnidial/core';
import { runConformance } from '@omnidial/core/conformance';
import { echoDriver } from '../third-party-plugin/src/index.js';
import { bringUp, takeDown } from '../third-party-plugin/src/room.js';

// A transport written outside this monorepo's packages/ passes the same suite as the official ones.
let rooms = 0;
let current = 'conformance-0';
runConformance({
  name: 'echo (third-party plugin)',
  driver: echoDriver,
  harness: {
    address: () => {
      current = `conformance-${++rooms}`;
      return `echo://${current}`;
    },
    drop: async () => takeDown(current),
    restore: async () => bringUp(current),
    patienceMs: 3000,
  },
});

describe('echo plugin', () => {
  it('registers into a fresh registry and applies its own options', async () => {
    const registry = new Registry().register(echoDriver);
    await using conn = await dial('echo://lobby|uppercase=true', { registry });
    await conn.write('hello');
    expect(await conn.read(2000)).toBe('HELLO');
  });

  it('rejects a bad room before any I/O', async () => {
    const registry = new Registry().register(echoDriver);
    await expect(dial('echo://bad room', { registry })).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});
