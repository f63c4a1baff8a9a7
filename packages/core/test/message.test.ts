import { describe, expect, it } from 'vitest';
import { toMessage } from '../src/driver/message.js';

describe('toMessage (core): a received payload as text or bytes', () => {
  it('decodes valid UTF-8 to text, from a Buffer or from a view into a larger Uint8Array', () => {
    expect(toMessage(Buffer.from('héllo'), false)).toBe('héllo');
    const frame = new TextEncoder().encode('..héllo..');
    expect(toMessage(frame.subarray(2, 8), false)).toBe('héllo');
  });

  it('keeps a leading byte order mark, as Buffer.toString does', () => {
    const withBom = Buffer.from([0xef, 0xbb, 0xbf, 0x61]);
    expect(toMessage(withBom, false)).toBe('\uFEFFa');
    expect(toMessage(new Uint8Array(withBom), false)).toBe(withBom.toString('utf8'));
  });

  it('hands bytes that are not UTF-8 (or binary=true) over as a Buffer over the same memory', () => {
    const frame = new Uint8Array([1, 0xff, 0xfe, 2]);
    const view = frame.subarray(1, 3);
    const bytes = toMessage(view, false);
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect([...(bytes as Buffer)]).toEqual([0xff, 0xfe]);
    frame[1] = 7;
    expect((bytes as Buffer)[0]).toBe(7);
    const text = new TextEncoder().encode('abc');
    expect(Buffer.isBuffer(toMessage(text, true))).toBe(true);
    const buffer = Buffer.from([0xff]);
    expect(toMessage(buffer, false)).toBe(buffer);
  });
});
