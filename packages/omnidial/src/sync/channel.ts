import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { DialError } from '@omnidial/core';
import { startWorker } from '../worker-entry.js';
import { CONTROL_SLOTS, SLOT, fromWire, type EngineOp, type EngineReply, type EngineRequest } from './protocol.js';

/** Thrown by a blocking call once the thread was asked to stop (see `omnidial run`). */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor(readonly signal: number) {
    super(`interrupted by signal ${signal}`);
  }
}

interface Engine {
  port: MessagePort;
  control: Int32Array;
  worker: Worker;
}

let engine: Engine | undefined;
let control: Int32Array | undefined;
let nextId = 0;

/**
 * The control words of this thread's channel. `omnidial run` hands in the array its main
 * thread can also see, so a signal wakes a blocked call; call before the first `Dial()`.
 */
export function useControl(shared: SharedArrayBuffer): void {
  if (engine !== undefined) throw new Error('useControl() must come before the first call');
  control = new Int32Array(shared);
}

/** This thread's control words (made on first use). */
export function controlWords(): Int32Array {
  control ??= new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  return control;
}

/** Throws {@link Interrupted} when the thread was asked to stop. */
export function checkInterrupt(): void {
  const signal = control === undefined ? 0 : Atomics.load(control, SLOT.interrupt);
  if (signal !== 0) throw new Interrupted(signal);
}

/** Lets blocking calls run again (for `onexit()` after an interrupt). */
export function clearInterrupt(): void {
  if (control !== undefined) Atomics.store(control, SLOT.interrupt, 0);
}

/**
 * Sends one request to this thread's engine and blocks until it answers. Resolves the
 * engine's value, or throws the DialError it reported, or {@link Interrupted}.
 */
export function call(op: EngineOp, conn: number, args: unknown[]): unknown {
  checkInterrupt();
  const { port, control: words } = start();
  const id = ++nextId;
  port.postMessage({ id, op, conn, args } satisfies EngineRequest);
  for (;;) {
    // Read the counter before looking at the port: a reply posted after the look changes it,
    // so the wait below returns at once instead of missing the notify.
    const seen = Atomics.load(words, SLOT.replies);
    const received = receiveMessageOnPort(port);
    if (received !== undefined) {
      const reply = received.message as EngineReply;
      if (reply.id !== id) continue; // the late answer of an interrupted call
      if (reply.ok) return reply.value;
      throw fromWire(reply.error!);
    }
    const signal = Atomics.load(words, SLOT.interrupt);
    if (signal !== 0) {
      port.postMessage({ id: ++nextId, op: 'cancel', conn, args: [id] } satisfies EngineRequest);
      throw new Interrupted(signal);
    }
    if (Atomics.load(words, SLOT.dead) !== 0) {
      throw new DialError({ code: 'Unavailable', op: 'handle', message: 'the omnidial/sync engine thread stopped' });
    }
    Atomics.wait(words, SLOT.replies, seen);
  }
}

function start(): Engine {
  if (engine !== undefined) return engine;
  const words = controlWords();
  const { port1, port2 } = new MessageChannel();
  const worker = startWorker('engine', import.meta.url, {
    workerData: { control: words.buffer, port: port2 },
    transferList: [port2],
    stdout: false,
    stderr: false,
  });
  // The engine must never keep the process alive: the calling thread decides when it ends.
  worker.unref();
  worker.on('exit', () => {
    Atomics.store(words, SLOT.dead, 1);
    Atomics.notify(words, SLOT.replies);
  });
  worker.on('error', () => undefined);
  engine = { port: port1, control: words, worker };
  return engine;
}
