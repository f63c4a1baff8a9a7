/**
 * Child process of the stream sections: one flood variant, alone in its process. Each variant
 * gets a process of its own, so the heap a run works in holds only that variant's garbage and
 * the client's CPU time is the process's own (lib/stream-section.ts, bench/NOTES.md §18).
 * argv: <variant> <target as JSON> <where as JSON>. Answers `{}` once ready, then one
 * {@link FloodRate} per `run` message.
 */
import {
  omniFlood,
  rawAwaitedFlood,
  rawFlood,
  type FloodRate,
  type StreamTarget,
  type Where,
} from './stream-measure.js';

/** The flood variants a stream section compares. */
export const FLOOD_VARIANTS = {
  rawText: (target: StreamTarget, where: Where) => rawFlood(target, where, false),
  omniText: (target: StreamTarget, where: Where) => omniFlood(target, where, false, false),
  rawBinary: (target: StreamTarget, where: Where) => rawFlood(target, where, true),
  rawBinaryAwaited: (target: StreamTarget, where: Where) => rawAwaitedFlood(target, where),
  omniBinary: (target: StreamTarget, where: Where) => omniFlood(target, where, true, false),
  omniMany: (target: StreamTarget, where: Where) => omniFlood(target, where, false, true),
} satisfies Record<string, (target: StreamTarget, where: Where) => Promise<FloodRate>>;

/** A flood variant's name. */
export type FloodVariant = keyof typeof FLOOD_VARIANTS;

if (process.send !== undefined && process.argv[1]?.endsWith('flood-client.ts')) {
  const [variant, target, where] = process.argv.slice(2) as [FloodVariant, string, string];
  const flood = FLOOD_VARIANTS[variant];
  const parsedTarget = JSON.parse(target) as StreamTarget;
  const parsedWhere = JSON.parse(where) as Where;
  const fail = (error: unknown): void => {
    console.error(error);
    process.exit(1);
  };
  process.on('message', () => {
    // One untimed flood first: a process left idle while the other variants ran had let V8 shrink
    // its heap, and the next flood paid for growing it again (steady state is what a feed sees).
    flood(parsedTarget, parsedWhere)
      .then(() => flood(parsedTarget, parsedWhere))
      .then((rate) => process.send!(rate), fail);
  });
  // Every variant once before the first run, so each process holds the same code and client
  // state: the collections a flood of Buffers provokes mark the whole heap, and a process that had
  // loaded only the raw client marked less (NOTES §18).
  const warmUp = async (): Promise<void> => {
    for (const each of Object.values(FLOOD_VARIANTS)) await each(parsedTarget, parsedWhere);
  };
  warmUp().then(() => process.send!({}), fail);
}
