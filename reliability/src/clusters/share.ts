import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Connection } from '@omnidial/core';
import { sleep, waitFor } from '../stats.js';

/** Options of {@link runSharing}. */
export interface SharingOptions {
  /** Group members (processes). */
  readonly members: number;
  /** Messages written per second. */
  readonly rate: number;
  /** Writing time before one member is killed, and after, ms. */
  readonly beforeKillMs: number;
  readonly afterKillMs: number;
  /** Longest wait, after writing stops, for every acknowledged message to be read, ms. */
  readonly drainMs: number;
}

/** What one work-sharing run measured. */
export interface SharingFigures {
  readonly broker: string;
  readonly members: number;
  readonly acknowledged: number;
  /** Messages each member read before the kill (the split of the work). */
  readonly sharesBeforeKill: readonly number[];
  /** Messages each surviving member read after the kill. */
  readonly sharesAfterKill: readonly number[];
  /** Acknowledged messages no member read. */
  readonly lost: number;
  /** The first lost sequence numbers (for a report that can be chased). */
  readonly lostSample: readonly number[];
  /**
   * Of the lost, the one the killed member may have had in hand (0 or 1): `read()` acknowledges
   * a message as it hands it over, and the member records it right after, so a SIGKILL between
   * the two leaves one message acknowledged and unrecorded. Only a message written before the
   * kill can be it, and only one: a member reads one message at a time.
   */
  readonly unrecordedAtKill: number;
  /** Reads of a message some member had read already (redeliveries after the kill). */
  readonly duplicates: number;
  /** ms from the kill until every message written after it reached a survivor, for the first 200 of them. */
  readonly takeoverMs: number;
}

const MEMBER = fileURLToPath(new URL('./member.ts', import.meta.url));

interface Member {
  readonly child: ChildProcess;
  readonly reads: number[];
  ready: boolean;
}

function startMember(address: string): Member {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MEMBER], {
    env: { ...process.env, MEMBER_ADDRESS: address },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const member: Member = { child, reads: [], ready: false };
  let carry = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (carry + chunk.toString()).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready') member.ready = true;
      else if (line.startsWith('r ')) member.reads.push(Number(line.slice(2)));
    }
  });
  return member;
}

/**
 * Starts `members` processes in one consumer group (`memberAddress`), writes acknowledged
 * messages through `writer`, SIGKILLs one member midway and checks the others take over its
 * share: every acknowledged message is read by some member.
 */
export async function runSharing(
  broker: string,
  memberAddress: string,
  writer: Connection,
  options: SharingOptions,
): Promise<SharingFigures> {
  const members = Array.from({ length: options.members }, () => startMember(memberAddress));
  const runId = Math.random().toString(36).slice(2, 8);
  const acked = new Set<number>();
  let next = 0;
  let inFlight = 0;
  const retry: number[] = [];
  try {
    if (!(await waitFor(() => members.every((m) => m.ready), 120_000, 50)))
      throw new Error('members did not dial within 120 s');
    await sleep(3000); // let the group settle its assignments
    const send = (seq: number): void => {
      inFlight += 1;
      writer
        .write(`s:${runId}:${seq}`)
        .then(
          (n) => void (n > 0 ? acked.add(seq) : retry.push(seq)),
          () => void retry.push(seq),
        )
        .finally(() => void (inFlight -= 1));
    };
    const perTick = Math.max(1, Math.round(options.rate / 100));
    const writeFor = async (ms: number): Promise<void> => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        for (let i = 0; i < perTick && inFlight < 500; i++) send(retry.length > 0 ? retry.shift()! : next++);
        await sleep(10);
      }
    };
    await writeFor(options.beforeKillMs);
    const victim = members[0]!;
    const sharesBeforeKill = members.map((m) => m.reads.length);
    const readsAtKill = members.map((m) => m.reads.length);
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    const firstAfter = next;
    let takeoverMs = Number.NaN;
    const survivors = members.slice(1);
    const watch = (async () => {
      const wanted = new Set(Array.from({ length: 200 }, (_, i) => firstAfter + i));
      await waitFor(
        () => {
          for (const m of survivors) for (const seq of m.reads) wanted.delete(seq);
          return wanted.size === 0;
        },
        options.afterKillMs + options.drainMs,
        20,
      );
      takeoverMs = Date.now() - killedAt;
    })();
    await writeFor(options.afterKillMs);
    const drainEnd = Date.now() + options.drainMs;
    while ((retry.length > 0 || inFlight > 0) && Date.now() < drainEnd) {
      while (retry.length > 0) send(retry.shift()!);
      await sleep(10);
    }
    const seen = (): Set<number> => new Set(members.flatMap((m) => m.reads));
    await waitFor(
      () => {
        const all = seen();
        return [...acked].every((seq) => all.has(seq));
      },
      options.drainMs,
      200,
    );
    await watch;
    const reads = members.flatMap((m) => m.reads);
    const all = seen();
    const lost = [...acked].filter((seq) => !all.has(seq)).sort((a, b) => a - b);
    return {
      broker,
      members: options.members,
      acknowledged: acked.size,
      sharesBeforeKill,
      sharesAfterKill: survivors.map((m, i) => m.reads.length - readsAtKill[i + 1]!),
      lost: lost.length,
      lostSample: lost.slice(0, 10),
      unrecordedAtKill: Math.min(1, lost.filter((seq) => seq < firstAfter).length),
      duplicates: reads.length - all.size,
      takeoverMs,
    };
  } finally {
    for (const m of members) m.child.kill('SIGKILL');
  }
}
