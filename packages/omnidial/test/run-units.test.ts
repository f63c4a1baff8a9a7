import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../src/run/command.js';
import { encode } from '../src/run/crypto.js';
import { ScriptLog } from '../src/run/log.js';
import { mapAddress, parseMaps } from '../src/run/map.js';
import { _D, _N } from '../src/run/time.js';

describe('omnidial run: command line and --map', () => {
  it('takes the script, repeated --map and the arguments after --', () => {
    expect(parseRunArgs(['s.js', '--map', 'a=b', '--map=c=d', '--', '--map', 'x'])).toEqual({
      script: 's.js',
      maps: [
        { from: 'a', to: 'b' },
        { from: 'c', to: 'd' },
      ],
      args: ['--map', 'x'],
    });
    expect(() => parseRunArgs(['s.js', 'extra'])).toThrow('script arguments go after "--"');
    expect(() => parseRunArgs(['--map'])).toThrow('--map needs FROM=TO');
  });

  it('rewrites with the longest matching prefix and leaves other addresses alone', () => {
    const maps = parseMaps([
      'wss://ws.okx.com:8443=ws://127.0.0.1:1',
      'wss://ws.okx.com:8443/ws/v5/private=ws://127.0.0.1:2/p',
    ]);
    expect(mapAddress('wss://ws.okx.com:8443/ws/v5/public|reconnect=true', maps)).toBe(
      'ws://127.0.0.1:1/ws/v5/public|reconnect=true',
    );
    expect(mapAddress('wss://ws.okx.com:8443/ws/v5/private', maps)).toBe('ws://127.0.0.1:2/p');
    expect(mapAddress('wss://other.example/ws', maps)).toBe('wss://other.example/ws');
    const replay = parseMaps(['wss://feed.example/ws=replay://btc.jsonl?speed=0']);
    expect(mapAddress('wss://feed.example/ws|reconnect=true&payload={"op":"sub"}', replay)).toBe(
      'replay://btc.jsonl?speed=0',
    );
    expect(() => parseMaps(['=x'])).toThrow('FROM=TO');
  });
});

describe('omnidial run: _N, _D and Encode', () => {
  it('_N cuts without rounding, also where binary floats would round down', () => {
    expect([_N(3.14159, 2), _N(1.005, 3), _N(-1.999, 1), _N(2.5, 0), _N(1e-7, 4)]).toEqual([3.14, 1.005, -1.9, 2, 0]);
  });

  it('_D formats local time with FMZ tokens', () => {
    const at = new Date(2024, 0, 2, 3, 4, 5, 6).getTime();
    expect(_D(at)).toBe('2024-01-02 03:04:05');
    expect(_D(at, 'yyyyMMdd HH:mm:ss.SSS')).toBe('20240102 03:04:05.006');
    expect(() => _D('not a time')).toThrow('_D(): not a time');
  });

  it('Encode names what is wrong', () => {
    expect(() => encode('sha3', 'raw', 'hex', 'x')).toThrow('unknown algorithm "sha3"');
    expect(() => encode('sha256', 'utf8', 'hex', 'x')).toThrow('inputFormat must be one of');
    expect(() => encode('ed25519.seed', 'raw', 'base64', 'x', 'hex', '00')).toThrow('32 bytes, got 1');
    expect(() => encode('ed25519', 'raw', 'base64', 'x', 'raw', '{{secretkey}}')).toThrow(
      /OMNIDIAL_SECRET_KEY|64 bytes/,
    );
    expect(encode('md5', 'hex', 'safebase64', '00ff')).toBe(encode('md5', 'base64', 'safebase64', 'AP8='));
  });
});

describe('omnidial run: Log and LogStatus', () => {
  it('prints a status once per change when the output is not a terminal', () => {
    const out: string[] = [];
    const log = new ScriptLog({ tty: false, write: (text) => out.push(text) });
    log.LogStatus('a', 1);
    log.LogStatus('a', 1);
    log.Log('x', { y: 1 }, '#FF0000');
    expect(out).toHaveLength(2);
    expect(out[0]).toBe('status: a 1\n');
    expect(out[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} x \{"y":1\}\n$/);
  });

  it('keeps the status under the log on a terminal: erased and redrawn around each line', () => {
    const out: string[] = [];
    const log = new ScriptLog({ tty: true, write: (text) => out.push(text) });
    log.LogStatus('`' + JSON.stringify({ type: 'table', title: 'T', cols: ['a'], rows: [[1]] }) + '`');
    expect(out[0]).toBe('T\na\n-\n1\n');
    log.Log('line', '#00FF00');
    expect(out[1]).toMatch(/^\x1b\[4A\x1b\[J\x1b\[38;2;0;255;0m.* line\x1b\[0m\nT\na\n-\n1\n$/);
  });
});
