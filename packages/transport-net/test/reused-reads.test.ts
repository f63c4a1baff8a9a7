import { describe, expect, it } from 'vitest';
import { ReusedReads } from '../src/connect/reused-reads.js';

/** One socket read of `text` into the reused buffer, as net/tls call the `onread` callback. */
function read(reads: ReusedReads, text: string): void {
  const buffer = reads.option.buffer as Buffer;
  const length = buffer.write(text);
  reads.option.callback(length, buffer);
}

describe('reused read buffer', () => {
  it('keeps what was read before the link attached, in order, and hands it over first', () => {
    const reads = new ReusedReads();
    read(reads, 'first ');
    read(reads, 'second '); // overwrites the buffer the first read used
    const seen: string[] = [];
    reads.attach((view) => seen.push(view.toString()));
    read(reads, 'third');
    expect(seen).toEqual(['first ', 'second ', 'third']);
  });

  it('hands the sink a view of exactly the bytes read; nothing once detached', () => {
    const reads = new ReusedReads();
    const seen: number[] = [];
    reads.attach((view) => seen.push(view.length));
    read(reads, 'abc');
    reads.detach();
    read(reads, 'defg');
    expect(seen).toEqual([3]);
  });

  it('every text stream of the process reads into the same buffer (no 64 KB per connection)', () => {
    const [one, two] = [new ReusedReads(), new ReusedReads()];
    expect(one.option.buffer === two.option.buffer).toBe(true);
  });

  it('a read of one stream before its link attached survives another stream reading into the buffer', () => {
    const early = new ReusedReads();
    const other = new ReusedReads();
    other.attach(() => {});
    read(early, 'mine');
    read(other, 'theirs');
    const seen: string[] = [];
    early.attach((view) => seen.push(view.toString()));
    expect(seen).toEqual(['mine']);
  });
});
