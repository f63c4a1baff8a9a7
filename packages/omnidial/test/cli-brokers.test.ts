import { describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { runCli } from './support/cli.js';

const url = process.env.OMNIDIAL_TEST_MQTT_URL;
const wanted = url !== undefined || process.env.CI !== undefined;

describe.runIf(wanted)('omnidial CLI: brokers (test-infra)', () => {
  it('mqtt: one CLI subscribes, another publishes stdin lines to the same topic', async () => {
    expect(url, 'OMNIDIAL_TEST_MQTT_URL must be set in CI').toBeDefined();
    const topic = `omnidial-cli-${process.pid}-${Date.now()}`;
    const address = `${url!.replace(/\/$/, '')}?topic=${topic}`;
    let reader: ChildProcess | undefined;
    const reading = runCli([address, '--count', '2', '--read-only', '--timeout', '15'], {
      keepStdin: true,
      started: (c) => {
        reader = c;
      },
    });
    // Publish until the reader (which only sees messages sent after it subscribed) has two.
    let published = 0;
    const done = reading.then((r) => r);
    while (reader?.exitCode === null || reader === undefined) {
      const pub = await runCli([address, '--write-only'], { input: `hello ${++published}\n` });
      expect(pub.code).toBe(0);
      if (published > 20) break;
    }
    const { code, stdout } = await done;
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(stdout).toMatch(/^hello \d+\nhello \d+\n$/);
  }, 60_000);
});
