/**
 * Child process of the stream, ws, wss and broker sections: one flood variant, alone in its process.
 * Each variant gets a process of its own, so the heap a run works in holds only that variant's
 * garbage and the client's CPU time is the process's own (lib/own-process.ts, bench/NOTES.md §18).
 * It runs as plain JavaScript (bundled by lib/plain-module.ts, ADR 0320), as does the section
 * module of a broker family. argv: <family> <variant> <input as JSON>. Answers `{}` once ready,
 * then one result per `run` message.
 */
import {
  omniFlood,
  rawAwaitedFlood,
  rawFlood,
  type FloodRate,
  type StreamTarget,
  type Where,
} from './stream-measure.js';
import type { MessagingResult } from './messaging.js';
import * as ws from './ws-measure.js';

/** What a stream flood client needs: the scheme and where the flood server listens. */
export interface StreamFloodInput {
  target: StreamTarget;
  where: Where;
}

/** The flood variants a stream section compares. */
const STREAM_FLOODS = {
  rawText: ({ target, where }: StreamFloodInput) => rawFlood(target, where, false),
  omniText: ({ target, where }: StreamFloodInput) => omniFlood(target, where, false, false),
  rawBinary: ({ target, where }: StreamFloodInput) => rawFlood(target, where, true),
  rawBinaryAwaited: ({ target, where }: StreamFloodInput) => rawAwaitedFlood(target, where),
  omniBinary: ({ target, where }: StreamFloodInput) => omniFlood(target, where, true, false),
  omniMany: ({ target, where }: StreamFloodInput) => omniFlood(target, where, false, true),
} satisfies Record<string, (input: StreamFloodInput) => Promise<FloodRate>>;

/** The flood variants the ws and wss sections compare (messages per second). */
const WS_FLOODS = {
  raw: (input: ws.WsFloodInput) => ws.rawFlood(input),
  omni: (input: ws.WsFloodInput) => ws.omniFlood(input, false),
  many: (input: ws.WsFloodInput) => ws.omniFlood(input, true),
} satisfies Record<string, (input: ws.WsFloodInput) => Promise<number>>;

/** Every family of flood variants with fixed variants, by the name a section asks for. */
export const FLOOD_FAMILIES = { stream: STREAM_FLOODS, ws: WS_FLOODS };

/**
 * What a broker flood client needs: the URL of the section module whose `floods` export holds
 * the variants (ADR 0318). The module finds its server in test-infra's `OMNIDIAL_TEST_*`
 * variables, which the child inherits from the bench process (lib/services.ts sets them).
 */
export interface BrokerFloodInput {
  module: string;
}

/** A broker section's throughput variants (raw, omnidial per message, batch...), by name. */
export type BrokerFloods = Record<string, () => Promise<MessagingResult>>;

/** A family of flood variants: a fixed one, or `broker` (the variants a section module exports). */
export type FloodFamily = keyof typeof FLOOD_FAMILIES | 'broker';
/** A stream flood variant's name. */
export type FloodVariant = keyof typeof STREAM_FLOODS;
/** A ws flood variant's name. */
export type WsFloodVariant = keyof typeof WS_FLOODS;

// Run as a script: only as its plain JavaScript bundle (lib/plain-module.ts, ADR 0320).
if (process.send !== undefined && /flood-client\.mjs$/.test(process.argv[1] ?? '')) {
  const [family, variant, input] = process.argv.slice(2) as [FloodFamily, string, string];
  const parsedInput = JSON.parse(input) as unknown;
  const floods: Record<string, (input: unknown) => Promise<unknown>> =
    family === 'broker'
      ? ((await import((parsedInput as BrokerFloodInput).module)) as { floods: BrokerFloods }).floods
      : (FLOOD_FAMILIES[family] as Record<string, (input: unknown) => Promise<unknown>>);
  const flood = floods[variant]!;
  const fail = (error: unknown): void => {
    console.error(error);
    process.exit(1);
  };
  process.on('message', () => {
    // One untimed flood first: a process left idle while the other variants ran had let V8 shrink
    // its heap, and the next flood paid for growing it again (steady state is what a feed sees).
    flood(parsedInput)
      .then(() => flood(parsedInput))
      .then((result) => process.send!(result as object), fail);
  });
  // Every variant of the family once before the first run, so each process holds the same code
  // and client state: the collections a flood provokes mark the whole heap, and a process that had
  // loaded only the raw client marked less (NOTES §18).
  const warmUp = async (): Promise<void> => {
    for (const each of Object.values(floods)) await each(parsedInput);
  };
  warmUp().then(() => process.send!({}), fail);
}
