/**
 * A loopback server that tests can crash and bring back on the same port, pushing numbered
 * messages (`seq:<n>`) to every client and echoing what clients send (`echo:<data>`).
 */
export interface FlappingServer {
  /** The fixed port (chosen on the first start, reused by every restart). */
  readonly port: number;
  /** Numbered messages pushed so far, over all clients and lifetimes. */
  readonly pushed: number;
  /** Starts listening (on the same port as before). Resolves once accepting. */
  start(): Promise<void>;
  /** Crashes: every client socket is reset (no close handshake), then the listener closes. */
  kill(): Promise<void>;
  /** Number of clients currently connected. */
  clients(): number;
}

/** How a {@link FlappingServer} pushes. */
export interface PushOptions {
  /** Milliseconds between pushes to each client; 0 = never push. */
  pushEveryMs: number;
}

/** Parses `seq:<n>` lines out of a received text; returns the numbers found. */
export function seqNumbers(text: string): number[] {
  const out: number[] = [];
  for (const match of text.matchAll(/seq:(\d+)/g)) out.push(Number(match[1]));
  return out;
}
