import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import { expect, it } from 'vitest';
import { diagnosticsChannels, type DiagnosticsChannelName } from '../diagnostics/channels.js';
import type { Suite } from './helpers.js';

type Payload = Record<string, unknown>;

/** Everything published on the diagnostics channels while it listens. */
export interface DiagnosticsRecorder {
  /** Payloads of `channel` about `address` (every address when omitted). */
  of(channel: DiagnosticsChannelName, address?: string): Payload[];
  /** Each payload as a user could print it (inspect, hidden fields, JSON), for leak checks. */
  renderings(): string[];
  stop(): void;
}

/** Subscribes to every omnidial diagnostics channel until `stop()`. */
export function recordDiagnostics(): DiagnosticsRecorder {
  const seen: { channel: DiagnosticsChannelName; payload: Payload }[] = [];
  const undo = Object.values(diagnosticsChannels).map((channel) => {
    const listener = (payload: unknown): void => void seen.push({ channel, payload: payload as Payload });
    subscribe(channel, listener);
    return () => unsubscribe(channel, listener);
  });
  return {
    of: (channel, address) =>
      seen
        .filter((s) => s.channel === channel && (address === undefined || s.payload.address === address))
        .map((s) => s.payload),
    renderings: () =>
      seen.flatMap(({ payload }) => [inspect(payload, { depth: 10, showHidden: true }), JSON.stringify(payload)]),
    stop: () => undo.forEach((stop) => stop()),
  };
}

/** The diagnostics channels report a connection's life and traffic (DESIGN §3). */
export function diagnostics(suite: Suite): void {
  it("publishes dial, connect, receive, read and disconnect with the connection's redacted address", async () => {
    const recorder = recordDiagnostics();
    try {
      const conn = await suite.open();
      const { address, scheme } = conn;
      expect(await conn.write('diagnostics')).toBeGreaterThan(0);
      expect(String(await conn.read(suite.patienceMs))).toBe('diagnostics');
      await conn.close();
      expect(recorder.of('omnidial:dial', address)).toEqual([{ address, scheme, attempt: 0 }]);
      expect(recorder.of('omnidial:connect', address)).toEqual([
        { address, scheme, attempt: 0, reconnect: false, connectMs: expect.any(Number) },
      ]);
      expect(recorder.of('omnidial:receive', address)).toContainEqual(
        expect.objectContaining({ bytes: expect.any(Number), queued: expect.any(Number) }),
      );
      expect(recorder.of('omnidial:read', address)).toContainEqual(
        expect.objectContaining({ latencyMs: expect.any(Number) }),
      );
      expect(recorder.of('omnidial:disconnect', address)).toEqual([
        { address, scheme, reason: 'closed', reconnecting: false, error: undefined },
      ]);
      expect(recorder.of('omnidial:error', address)).toEqual([]);
    } finally {
      recorder.stop();
    }
  });
}

/** SQL: every `exec()` is published with its duration, a failing one with its error. */
export function sqlDiagnostics(suite: Suite): void {
  const failing = suite.input.harness.failingSql ?? 'SELECT * FROM no_such_table_omnidial';

  it('publishes each exec() with its duration, and a failing one on omnidial:exec and omnidial:error', async () => {
    const recorder = recordDiagnostics();
    try {
      const conn = await suite.open();
      const { address, scheme } = conn;
      await conn.exec('SELECT ? AS v', 'diagnostics');
      await expect(conn.exec(failing)).rejects.toMatchObject({ code: 'Query' });
      expect(recorder.of('omnidial:exec', address)).toEqual([
        { address, scheme, durationMs: expect.any(Number), error: undefined },
        { address, scheme, durationMs: expect.any(Number), error: expect.objectContaining({ code: 'Query' }) },
      ]);
      expect(recorder.of('omnidial:error', address)).toEqual([
        { address, scheme, op: 'exec', code: 'Query', error: expect.anything() },
      ]);
    } finally {
      recorder.stop();
    }
  });
}
