import { describe, expect, it } from 'vitest';
import { Registry, officialDrivers, registerAll, OFFICIAL_PACKAGES, dial } from '../src/index.js';
import { parseCliArgs, UsageError } from '../src/cli/args.js';
import { cellText, formatTable } from '../src/cli/table.js';
import { optionRows } from '../src/option-rows.js';

describe('omnidial package', () => {
  it('registers every official scheme in a fresh registry', () => {
    const registry = registerAll(new Registry());
    for (const scheme of OFFICIAL_PACKAGES.flatMap((p) => p.schemes)) expect(registry.has(scheme), scheme).toBe(true);
    expect(registry.drivers().length).toBe(officialDrivers.length);
  });

  it("matches core's scheme → package table row for row: packages, their schemes and their drivers", () => {
    const fromDrivers = new Map<string, string[]>();
    for (const driver of officialDrivers)
      fromDrivers.set(driver.packageName, [...(fromDrivers.get(driver.packageName) ?? []), ...driver.schemes]);
    expect([...fromDrivers.keys()]).toEqual(OFFICIAL_PACKAGES.map((p) => p.name));
    for (const info of OFFICIAL_PACKAGES)
      expect([...(fromDrivers.get(info.name) ?? [])].sort(), info.name).toEqual([...info.schemes].sort());
  });

  it('re-exports dial bound to the default registry that importing omnidial filled', async () => {
    await expect(dial('tcp://127.0.0.1:9|nope=1')).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('describes every option of every driver with a default or —, and a key=value example', () => {
    const registry = registerAll(new Registry());
    for (const driver of officialDrivers) {
      for (const row of optionRows(registry, driver)) {
        expect(row.example.startsWith(`${row.key}=`)).toBe(true);
        expect(row.description.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('CLI helpers', () => {
  it('renders cells: NULL, exact bigint, bytes as hex', () => {
    expect(cellText(null)).toBe('NULL');
    expect(cellText(9007199254740993n)).toBe('9007199254740993');
    expect(cellText(Buffer.from([1, 255]))).toBe("x'01ff'");
    expect(formatTable(['a'], [[1], [22]])).toBe('a\n--\n1\n22\n(2 rows)\n');
  });

  it('maps read modes and rejects bad numbers', () => {
    expect(parseCliArgs(['x', '--newest']).readMode).toBe(-2);
    expect(parseCliArgs(['x', '--read-mode=-1']).readMode).toBe(-1);
    expect(parseCliArgs(['x']).readMode).toBe('wait');
    expect(() => parseCliArgs(['x', '--count', 'abc'])).toThrow(UsageError);
    expect(() => parseCliArgs(['x', '--read-mode', 'fast'])).toThrow(UsageError);
    expect(parseCliArgs(['x'], { OMNIDIAL_PLUGINS: 'a, b' }).plugins).toEqual(['a', 'b']);
  });

  it('reads --timeout as seconds or a duration with a unit, and --until as a regular expression', () => {
    expect(parseCliArgs(['x', '--timeout', '2']).timeout).toBe(2000);
    expect(parseCliArgs(['x', '-t', '0.5']).timeout).toBe(500);
    expect(parseCliArgs(['x', '--timeout', '250ms']).timeout).toBe(250);
    expect(parseCliArgs(['x', '--timeout', '1m']).timeout).toBe(60_000);
    expect(() => parseCliArgs(['x', '--timeout', '5 minutes'])).toThrow(/--timeout must be seconds/);
    expect(parseCliArgs(['x', '--until', 'fill|done']).until?.test('order filled')).toBe(true);
    expect(() => parseCliArgs(['x', '--until', '(unclosed'])).toThrow(/--until: not a valid regular expression/);
  });

  it('keeps -e and -f in command-line order and rejects two output formats', () => {
    expect(parseCliArgs(['db', '-f', 'a.sql', '-e', 'SELECT 1', '--file', 'b.sql']).sql).toEqual([
      { kind: 'file', value: 'a.sql' },
      { kind: 'text', value: 'SELECT 1' },
      { kind: 'file', value: 'b.sql' },
    ]);
    expect(() => parseCliArgs(['db', '--csv', '--json'])).toThrow('--json and --csv exclude each other');
  });
});
