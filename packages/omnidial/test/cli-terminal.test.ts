import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTmux, TmuxCli } from './support/tmux.js';
import { wsServer } from './support/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'omnidial-tty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// tmux is part of the CI machine's tools; without it these terminal tests cannot run at all.
describe.runIf(hasTmux() || process.env.CI !== undefined)('omnidial CLI in a real terminal (tmux)', () => {
  it('SQL prompt: multi-line statements, a table, errors that do not end it, history, Ctrl-C, Ctrl-D', async ({
    onTestFinished,
  }) => {
    const history = join(dir, 'history');
    const term = new TmuxCli(['sqlite3://:memory:'], { OMNIDIAL_HISTORY: history });
    onTestFinished(() => term.close());
    await term.waitFor('sqlite3>');
    term.type('CREATE TABLE t(a INT, b TEXT);');
    term.keys('Enter');
    term.type("INSERT INTO t VALUES (1, 'x'), (22, NULL);");
    term.keys('Enter');
    await term.waitFor('2 rows affected');
    term.type('SELECT a, b');
    term.keys('Enter');
    await term.waitFor(/^ +\.\.\.>$/m);
    term.type('FROM t ORDER BY a;');
    term.keys('Enter');
    const table = await term.waitFor('(2 rows)');
    expect(table).toMatch(/^a {3}b\n-- {2}-+\n1 {3}x\n22 {2}NULL\n\(2 rows\)$/m);
    term.type('SELECT * FROM missing;');
    term.keys('Enter');
    await term.waitFor('no such table: missing');
    term.type('SELECT 1 AS typed_then_cancelled');
    term.keys('C-c');
    await term.waitFor('^C');
    term.keys('Up');
    await term.waitFor(/sqlite3> SELECT \* FROM missing;$/m);
    term.keys('C-u', 'C-d');
    expect(await term.exited()).toBe(0);
    expect(readFileSync(history, 'utf8')).toContain('SELECT a, b\nFROM t ORDER BY a;\n');
  }, 300_000);

  it('pipe: a live status line without the password, server text escaped, Ctrl-C exits 130', async ({
    onTestFinished,
  }) => {
    const server = await wsServer((socket) => {
      socket.send('hostile \x1b]0;pwned\x07\x1b[2J text');
      // A few ticks only: a long run of them would scroll the hostile line off the visible pane.
      let ticks = 0;
      const timer = setInterval(() => (++ticks <= 5 ? socket.send('tick') : clearInterval(timer)), 200);
      socket.on('close', () => clearInterval(timer));
    });
    onTestFinished(server.close);
    const address = `${server.url.replace('ws://', 'ws://u:Tmux-S3cret-pw9@')}|reconnect=true`;
    const term = new TmuxCli([address, '--read-only']);
    onTestFinished(() => term.close());
    const screen = await term.waitFor(/received · \d+\.\d msg\/s/);
    expect(screen).toContain('ws://u:***@127.0.0.1');
    expect(screen).not.toContain('Tmux-S3cret-pw9');
    expect(screen).toContain('hostile \\x1b]0;pwned\\x07\\x1b[2J text');
    expect(screen).toMatch(/^tick$/m);
    term.keys('C-c');
    expect(await term.exited()).toBe(130);
    expect(term.screen()).not.toContain('Tmux-S3cret-pw9');
  }, 300_000);
});
