// How long a service is given to start: longer for Kafka, and raised for a loaded machine by env.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { startServices } from '../src/harness.js';
import { kafkaService } from '../src/services/kafka.js';
import type { ServiceContext } from '../src/types.js';
import { DEFAULT_START_TIMEOUT_MS, START_TIMEOUT_ENV_VAR, startTimeoutMs } from '../src/start-timeout.js';

describe('the start limit of a service', () => {
  it("is the service's own, or 90 s when it sets none", () => {
    expect(startTimeoutMs(undefined, undefined, {})).toBe(DEFAULT_START_TIMEOUT_MS);
    expect(DEFAULT_START_TIMEOUT_MS).toBe(90_000);
    expect(startTimeoutMs(240_000, undefined, {})).toBe(240_000);
  });

  it('is raised by OMNIDIAL_TEST_START_TIMEOUT_MS, never lowered', () => {
    expect(startTimeoutMs(undefined, undefined, { [START_TIMEOUT_ENV_VAR]: '300000' })).toBe(300_000);
    expect(startTimeoutMs(600_000, undefined, { [START_TIMEOUT_ENV_VAR]: '300000' })).toBe(600_000);
    expect(startTimeoutMs(undefined, undefined, { [START_TIMEOUT_ENV_VAR]: '1000' })).toBe(90_000);
    expect(startTimeoutMs(undefined, undefined, { [START_TIMEOUT_ENV_VAR]: ' ' })).toBe(90_000);
  });

  it("is the caller's startTimeoutMs when given, whatever the service or the environment say", () => {
    expect(startTimeoutMs(240_000, 1500, { [START_TIMEOUT_ENV_VAR]: '300000' })).toBe(1500);
  });

  it.each(['abc', '-5', '0', '1.5', '90s'])('rejects OMNIDIAL_TEST_START_TIMEOUT_MS=%j, naming it', (raw) => {
    expect(() => startTimeoutMs(undefined, undefined, { [START_TIMEOUT_ENV_VAR]: raw })).toThrow(
      `${START_TIMEOUT_ENV_VAR} must be a positive whole number of milliseconds, got "${raw}"`,
    );
  });

  it('is longer than the default for Kafka (a JVM that took over 90 s to come back at load ~30)', () => {
    const dir = os.tmpdir();
    // Building the spec reads nothing; the PKI is only used by init(), which is not run here.
    const spec = kafkaService({ dir, infraDir: dir, pki: {} as ServiceContext['pki'] }, [1, 2, 3]);
    expect(spec.startTimeoutMs).toBeGreaterThanOrEqual(240_000);
  });

  it('is read by startServices, which fails on a bad value before starting anything', async () => {
    const saved = process.env[START_TIMEOUT_ENV_VAR];
    process.env[START_TIMEOUT_ENV_VAR] = 'soon';
    try {
      await expect(startServices({ only: ['mqtt'] })).rejects.toThrow(`${START_TIMEOUT_ENV_VAR} must be`);
    } finally {
      if (saved === undefined) delete process.env[START_TIMEOUT_ENV_VAR];
      else process.env[START_TIMEOUT_ENV_VAR] = saved;
    }
  });
});
