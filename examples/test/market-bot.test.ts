import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const examples = fileURLToPath(new URL('..', import.meta.url));

/** Runs the market bot as `pnpm start` would (TypeScript through tsx) and collects its output. */
function runBot(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'market-bot/main.ts', ...args], {
      cwd: examples,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function field(stdout: string, label: string): number {
  const match = new RegExp(`${label}:\\s+(\\d+)`).exec(stdout);
  expect(match, `summary line "${label}" in:\n${stdout}`).not.toBeNull();
  return Number(match![1]);
}

describe('examples/market-bot (the main job)', () => {
  it('runs for --seconds 4 against its local feed and prints the summary', async () => {
    const { code, stdout, stderr } = await runBot(['--seconds', '4', '--drop-every', '1200']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/summary \(finished after 4\.\d s\)/);
    const frames = field(stdout, 'frames received');
    const ticks = field(stdout, 'ticks recorded');
    const reconnects = field(stdout, 'reconnects');
    const rows = field(stdout, 'rows in SQLite');
    expect(frames).toBeGreaterThan(20);
    expect(ticks).toBeGreaterThan(5);
    expect(ticks).toBeLessThan(frames);
    expect(reconnects).toBeGreaterThanOrEqual(1);
    expect(rows).toBe(ticks * 4);
    expect(stdout).toContain('re-subscribed');
  }, 30_000);
});
