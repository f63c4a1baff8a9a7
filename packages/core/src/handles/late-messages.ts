import type { HandleOp } from './protocol.js';

/** The read operations of a view, whose answers carry messages. */
type ReadOp = 'read' | 'readMessage' | 'readMany';

/** True for an operation whose answer carries messages. */
export function isRead(op: HandleOp): op is ReadOp {
  return op === 'read' || op === 'readMessage' || op === 'readMany';
}

/** A message as it crossed the threads: `data` with its metadata when readMessage() asked for it. */
interface Received {
  readonly data: unknown;
  readonly [key: string]: unknown;
}

/**
 * Messages that the owner of a handle answered after the view's read had given up (its timeout
 * passed, plus the grace for the answer to cross): the owner took them off its queue, so they
 * go to the next reads of the view, oldest first, in whatever form those reads ask for. A message
 * a plain read took and readMessage() gets here carries no metadata (transport "none").
 */
export class LateMessages {
  readonly #messages: Received[] = [];

  has(): boolean {
    return this.#messages.length > 0;
  }

  /** Keeps what a late answer to `op` carried (nothing for `null`, `""` or `[]`). */
  keep(op: HandleOp, value: unknown): void {
    if (value === null || value === '' || value === undefined || !isRead(op)) return;
    if (op === 'readMessage') this.#messages.push(value as Received);
    else if (op === 'read') this.#messages.push(bare(value));
    else for (const data of value as unknown[]) this.#messages.push(bare(data));
  }

  /** The answer to `op` (`args` as the owner would get them) from the kept messages; call only when {@link has}. */
  take(op: ReadOp, args: unknown[]): unknown {
    if (op === 'readMany') {
      const max = typeof args[0] === 'number' && args[0] > 0 ? args[0] : this.#messages.length;
      return this.#messages.splice(0, max).map((message) => message.data);
    }
    const message = this.#messages.shift()!;
    return op === 'read' ? message.data : message;
  }
}

/** A message a plain read took, in the form readMessage() gives. */
function bare(data: unknown): Received {
  return { data, receivedAt: Date.now(), transport: 'none' };
}
