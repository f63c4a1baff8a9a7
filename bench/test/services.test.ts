/**
 * A bench section starts the server it needs when none is running (ADR 0316), hands over its
 * address while it measures, and stops it afterwards; under `pnpm with-services` it uses the
 * running one. Also: the raw SQLite program the select targets compare with (ADR 0317) really
 * returns integers beyond 2^53 exactly.
 */
import { connect } from 'node:net';
import { ENV_VARS } from '@omnidial/test-infra';
import { afterEach, describe, expect, it } from 'vitest';
import { withService } from '../src/lib/services.js';
import { sqlite } from '../src/lib/sqlite-target.js';

const variable = ENV_VARS.mqtt;
const running = process.env[variable];

afterEach(() => {
  if (running === undefined) delete process.env[variable];
  else process.env[variable] = running;
});

/** Whether something accepts a TCP connection at the address's host and port. */
function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('withService', () => {
  it('starts the server when none is running, sets its variable while measuring, then stops it', async () => {
    delete process.env[variable];
    let seen: string | undefined;
    const url = await withService('mqtt', async (address) => {
      seen = process.env[variable];
      expect(await accepts(address)).toBe(true);
      return address;
    });
    expect(seen).toBe(url);
    expect(process.env[variable]).toBeUndefined();
    expect(await accepts(url)).toBe(false);
  }, 60_000);

  it('uses the running server when its variable is set', async () => {
    process.env[variable] = 'mqtt://127.0.0.1:1';
    expect(await withService('mqtt', async (address) => address)).toBe('mqtt://127.0.0.1:1');
  });
});

describe('the raw SQLite program of the exact select rows', () => {
  it('reads an INTEGER beyond 2^53 again with safe integers; the plain call does not', async () => {
    const { raw, omni } = await sqlite.setup('exact_check');
    try {
      const big = 2 ** 60;
      raw.insertSyncInteger!(big, 1.5);
      expect(raw.selectSyncExact!(big)).toEqual([[2n ** 60n, 1.5, 'tick']]);
      expect(raw.selectSyncInteger!(big)).toEqual([[big, 1.5, 'tick']]);
    } finally {
      await raw.close();
      await omni.close();
    }
  });
});
