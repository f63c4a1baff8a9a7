/**
 * Timers for many members (heartbeats of many links) that each wait one of a few lengths: one
 * Node timer per length (a lane), not one per member, so ten thousand idle links hold ten
 * thousand map entries instead of ten thousand timers and closures. A member's wait restarts
 * when it is added again. Timers are unref'd: they never keep the process alive.
 */
export class TimerLanes<T> {
  readonly #fire: (member: T) => void;
  /** One lane per length in ms; a lane that emptied keeps no timer (lengths are few: options). */
  readonly #lanes = new Map<number, Lane<T>>();

  /** `fire` is called with each member whose wait is over (it left its lane just before). */
  constructor(fire: (member: T) => void) {
    this.#fire = fire;
  }

  /** Starts (or restarts) `member`'s wait of `ms`. */
  add(member: T, ms: number): void {
    let lane = this.#lanes.get(ms);
    if (lane === undefined) {
      lane = new Lane(ms, this.#fire);
      this.#lanes.set(ms, lane);
    }
    lane.add(member);
  }

  /** Ends `member`'s wait of `ms` without firing. */
  delete(member: T, ms: number): void {
    this.#lanes.get(ms)?.delete(member);
  }

  /** @internal How many members wait and how many Node timers are armed, for tests. */
  counts(): { members: number; timers: number } {
    let members = 0;
    let timers = 0;
    for (const lane of this.#lanes.values()) {
      members += lane.size;
      if (lane.armed) timers += 1;
    }
    return { members, timers };
  }
}

/**
 * The members that wait one length, in the order they are due: each waits the same `ms`, so
 * appending a member keeps the order. Its one timer is armed for the first of them.
 */
class Lane<T> {
  readonly #ms: number;
  readonly #fire: (member: T) => void;
  /** Member → when its wait is over (whole `performance.now()` ms), in due order. */
  readonly #due = new Map<T, number>();
  #timer: NodeJS.Timeout | undefined;
  /** While members are being fired: adds must not arm the timer (it is armed after, for the first). */
  #firing = false;

  constructor(ms: number, fire: (member: T) => void) {
    this.#ms = ms;
    this.#fire = fire;
  }

  get size(): number {
    return this.#due.size;
  }

  get armed(): boolean {
    return this.#timer !== undefined;
  }

  add(member: T): void {
    const due = Math.ceil(performance.now()) + this.#ms;
    this.#due.delete(member);
    this.#due.set(member, due);
    if (this.#timer === undefined && !this.#firing) this.#arm(due);
  }

  delete(member: T): void {
    if (!this.#due.delete(member) || this.#due.size > 0) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The timer went off: fires every member that is due (within a millisecond), then re-arms. */
  run(): void {
    this.#timer = undefined;
    this.#firing = true;
    const now = performance.now() + 1;
    try {
      for (const [member, due] of this.#due) {
        if (due > now) break;
        this.#due.delete(member);
        this.#fire(member);
      }
    } finally {
      this.#firing = false;
      for (const due of this.#due.values()) {
        this.#arm(due);
        break;
      }
    }
  }

  #arm(due: number): void {
    this.#timer = setTimeout(runLane, Math.max(1, due - Math.floor(performance.now())), this).unref();
  }
}

/** Every lane's timer callback (one function, not a closure per lane or member). */
function runLane(lane: { run(): void }): void {
  lane.run();
}
