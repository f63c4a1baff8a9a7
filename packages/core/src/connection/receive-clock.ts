/**
 * The receive time of a message: `Date.now()` read once per synchronous run of JavaScript, not
 * once per message. A socket read that parses a burst of frames delivers them all in one run, and
 * reading the clock cost ~48 ns per message there (about 5 % of a ws flood's time per message).
 * Messages delivered in one run share its first reading: the clock cannot tell them apart by more
 * than the run's own length. The reading expires at the next microtask checkpoint.
 * The inbox asks only for a message it keeps (queued, or handed to a `readMessage()`): each first
 * reading of a run arms that expiry, a promise reaction, which a stream would pay per chunk (one
 * chunk per callback; a TLS flood's 16 KB records), for a time a plain `read()` never returns.
 */
let stamp = 0;
let fresh = false;
const settled = Promise.resolve();

function expire(): void {
  fresh = false;
}

/** ms since the epoch, as read at the start of the current synchronous run. */
export function receiveTime(): number {
  if (!fresh) {
    fresh = true;
    stamp = Date.now();
    void settled.then(expire);
  }
  return stamp;
}
