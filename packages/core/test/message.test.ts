import { describe, expect, it } from 'vitest';
import { MAX_TEXT_BYTES, StreamMessages, toMessage } from '../src/driver/message.js';

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

describe('toMessage and StreamMessages (core): payloads of 1 KB and more (checked for ASCII first)', () => {
  const ascii = '{"ch":"ticker","p":"60123.4"}'.repeat(100);
  const accented = `${ascii}é`;
  const framed = (text: string): Uint8Array => new TextEncoder().encode(`..${text}..`).subarray(2, -2);

  it('decodes ASCII to the same text, from a Buffer or from a view into a larger Uint8Array', () => {
    expect(toMessage(Buffer.from(ascii), false)).toBe(ascii);
    expect(toMessage(framed(ascii), false)).toBe(ascii);
    expect(new StreamMessages(false).push(Buffer.from(ascii))).toBe(ascii);
  });

  it('decodes UTF-8 that is not ASCII as UTF-8, not byte by byte', () => {
    expect(toMessage(Buffer.from(accented), false)).toBe(accented);
    expect(toMessage(framed(accented), false)).toBe(accented);
    expect(new StreamMessages(false).push(Buffer.from(accented))).toBe(accented);
  });

  it('still hands bytes that are not UTF-8 over as bytes', () => {
    const invalid = Buffer.concat([Buffer.from(ascii), Buffer.from([0xff]), Buffer.from(ascii)]);
    expect(toMessage(invalid, false)).toBe(invalid);
    expect(new StreamMessages(false).push(invalid)).toBe(invalid);
  });
});

describe('toMessage (core): text that holds U+FFFD, and text after bytes', () => {
  it('keeps valid text that contains the replacement character as text', () => {
    expect(toMessage(Buffer.from('a\uFFFDb'), false)).toBe('a\uFFFDb');
    expect(toMessage(new TextEncoder().encode('\uFFFD'), false)).toBe('\uFFFD');
    const long = `${'é'.repeat(600)}\uFFFD`;
    expect(toMessage(Buffer.from(long), false)).toBe(long);
  });

  it('decides each payload on its own, whatever came before', () => {
    const invalid = Buffer.from([0x61, 0xff]);
    expect(toMessage(invalid, false)).toBe(invalid);
    expect(toMessage(Buffer.from('après'), false)).toBe('après');
    expect(toMessage(invalid, false)).toBe(invalid);
    expect(toMessage(Buffer.from([0xc3]), false)).toEqual(Buffer.from([0xc3]));
    expect(toMessage(Buffer.from('\uFFFD'), false)).toBe('\uFFFD');
    expect(toMessage(invalid, false)).toBe(invalid);
  });
});

describe('toMessage (core): a payload too big for a string', () => {
  it('is delivered as the bytes instead of throwing, even when it is valid UTF-8', () => {
    const big = Buffer.alloc(MAX_TEXT_BYTES + 1, 0x61);
    expect(toMessage(big, false)).toBe(big);
    const stream = new StreamMessages(false);
    expect(stream.push(big)).toBe(big);
    expect(stream.flush()).toBeUndefined();
  });
});

const bytes = (...values: number[]): Buffer => Buffer.from(values);

describe('StreamMessages (core): stream chunks as messages', () => {
  it('gives each chunk of complete UTF-8 as its text', () => {
    const stream = new StreamMessages(false);
    expect(stream.push(Buffer.from('héllo'))).toBe('héllo');
    expect(stream.push(Buffer.from('wörld'))).toBe('wörld');
    expect(stream.flush()).toBeUndefined();
  });

  it('never splits a character across two messages: its first bytes wait for the next chunk', () => {
    const stream = new StreamMessages(false);
    expect(stream.push(bytes(0x61, 0xc3))).toBe('a');
    expect(stream.push(bytes(0xa9, 0x62))).toBe('éb');
    expect(stream.flush()).toBeUndefined();
  });

  it.each([
    ['1 + 3', [1]],
    ['2 + 2', [2]],
    ['3 + 1', [3]],
    ['1 + 1 + 1 + 1', [1, 2, 3]],
    ['2 + 1 + 1', [2, 3]],
  ])('puts a 4-byte character back together when it comes in %s bytes', (_name, cuts) => {
    const emoji = Buffer.from('😀');
    const stream = new StreamMessages(false);
    const out: unknown[] = [];
    let from = 0;
    for (const cut of [...cuts, 4]) {
      out.push(stream.push(emoji.subarray(from, cut)));
      from = cut;
    }
    expect(out).toEqual([...cuts.map(() => undefined), '😀']);
  });

  it('puts 2- and 3-byte characters back together after a chunk that held only their start', () => {
    const stream = new StreamMessages(false);
    expect(stream.push(bytes(0xe2, 0x82))).toBeUndefined();
    expect(stream.push(bytes(0xac))).toBe('€');
    expect(stream.push(bytes(0x78, 0xe2))).toBe('x');
    expect(stream.push(bytes(0x82, 0xac, 0xc3))).toBe('€');
    expect(stream.push(bytes(0xa9))).toBe('é');
  });

  it.each([
    ['C0', [0xc0]],
    ['E0 A0', [0xe0, 0xa0]],
    ['EF BF', [0xef, 0xbf]],
    ['F0 9F 98', [0xf0, 0x9f, 0x98]],
    ['F4 8F BF', [0xf4, 0x8f, 0xbf]],
  ])('holds back the unfinished sequence %s after text', (_name, tail) => {
    const stream = new StreamMessages(false);
    expect(stream.push(bytes(0x61, ...tail))).toBe('a');
    expect([...stream.flush()!]).toEqual(tail);
  });

  it('keeps the held-back bytes when the reader reuses its chunk buffer', () => {
    const stream = new StreamMessages(false);
    const chunk = bytes(0x61, 0xc3);
    expect(stream.push(chunk)).toBe('a');
    chunk.fill(0);
    expect(stream.push(bytes(0xa9))).toBe('é');
  });

  it('hands over the held-back bytes at the end of the stream, once', () => {
    const stream = new StreamMessages(false);
    expect(stream.push(bytes(0x61, 0xf0, 0x9f))).toBe('a');
    expect([...stream.flush()!]).toEqual([0xf0, 0x9f]);
    expect(stream.flush()).toBeUndefined();
    expect(stream.push(bytes(0x62))).toBe('b');
  });

  it('passes a chunk that is not UTF-8 through as the same bytes, holding nothing back', () => {
    const stream = new StreamMessages(false);
    for (const chunk of [
      bytes(0xff, 0x61),
      bytes(0xff, 0xc3),
      bytes(0x61, 0x80),
      bytes(0x61, 0x80, 0x80, 0x80),
      bytes(0x80, 0x80, 0x80),
      bytes(0xc3, 0x28),
      bytes(0x61, 0xe2, 0x28),
      bytes(0x61, 0xc3, 0xa9, 0xa9),
      // A complete sequence at the end that is still not UTF-8 (overlong, a surrogate).
      bytes(0x61, 0xc0, 0x80),
      bytes(0x61, 0xed, 0xa0, 0x80),
    ]) {
      expect(stream.push(chunk), chunk.toString('hex')).toBe(chunk);
      expect(stream.flush(), chunk.toString('hex')).toBeUndefined();
    }
  });

  it('passes on a held-back start as bytes when what follows does not complete it', () => {
    const stream = new StreamMessages(false);
    expect(stream.push(bytes(0x61, 0xe2))).toBe('a');
    expect([...(stream.push(bytes(0x61)) as Buffer)]).toEqual([0xe2, 0x61]);
    expect(stream.flush()).toBeUndefined();
  });

  it('holds back a lead byte of a 4-byte sequence after text, then gives up on it when it cannot be completed', () => {
    const stream = new StreamMessages(false);
    expect(stream.push(bytes(0x61, 0xf8))).toBe('a');
    expect([...(stream.push(bytes(0x80, 0x80, 0x80)) as Buffer)]).toEqual([0xf8, 0x80, 0x80, 0x80]);
  });

  it('with binary=true, passes every chunk through untouched, text or not, holding nothing back', () => {
    const stream = new StreamMessages(true);
    for (const chunk of [Buffer.from('abc'), bytes(0x61, 0xc3), bytes(0xa9)]) expect(stream.push(chunk)).toBe(chunk);
    expect(stream.flush()).toBeUndefined();
  });
});
