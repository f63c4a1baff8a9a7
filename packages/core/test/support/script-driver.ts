import type { Driver, Endpoint, Link, LinkContext } from '../../src/driver/index.js';
import { addressSecrets, redactAddress } from '../../src/address/index.js';
import { loopDriver } from './loop-driver.js';

/** One link a {@link ScriptPeer} handed out: what was written to it and whether the core closed it. */
export interface PeerLink {
  readonly context: LinkContext;
  readonly writes: string[];
  closed: boolean;
}

/** What the peer does on connect number `n` (from 1); the default opens a link at once. */
export type ConnectScript = (n: number, context: LinkContext, peer: ScriptPeer) => Promise<Link> | Link;

/**
 * A peer for `script://name` whose every connect runs a script, so a test can make one attempt
 * slow, fail, or race `close()`, and can report `lost()` from any link it ever opened (stale ones
 * included).
 */
export class ScriptPeer {
  static readonly all = new Map<string, ScriptPeer>();
  readonly links: PeerLink[] = [];
  readonly contexts: LinkContext[] = [];
  connects = 0;
  script: ConnectScript = (_n, context, peer) => peer.open(context);
  /** A write of exactly this text throws this error (as the link's write would). */
  failWrite: { text: string; error: unknown } | undefined;

  constructor(readonly name: string) {
    ScriptPeer.all.set(name, this);
  }

  /** The newest link. */
  get last(): PeerLink {
    return this.links.at(-1)!;
  }

  /** Opens a link on `context`. */
  open(context: LinkContext): Link {
    const link: PeerLink = { context, writes: [], closed: false };
    this.links.push(link);
    return {
      write: async (data) => {
        const text = typeof data === 'string' ? data : Buffer.from(data).toString();
        if (this.failWrite !== undefined && this.failWrite.text === text) throw this.failWrite.error;
        link.writes.push(text);
        return Buffer.byteLength(text);
      },
      close: async () => {
        link.closed = true;
      },
    };
  }
}

/** The driver of `script://name` (credentials allowed, redacted like any address). */
export const scriptDriver: Driver<Endpoint & { server: string }> = {
  name: 'script',
  packageName: '@omnidial/core (tests)',
  schemes: ['script'],
  description: 'scripted peer for core supervisor tests',
  capabilities: loopDriver.capabilities,
  // `headers` only so that a test's `prepare` may return some (they reach the connector's context).
  options: { headers: { type: 'string', description: 'handshake headers (a JSON object)', example: '{"a":"b"}' } },
  examples: ['script://a'],
  parse: ({ scheme, base }) => ({
    scheme,
    server: base.slice(base.lastIndexOf('@') + 1).replace('script://', ''),
    redacted: redactAddress(base),
    secrets: addressSecrets(base),
  }),
  load: async () => ({
    connect: async (endpoint, context) => {
      const peer = ScriptPeer.all.get(endpoint.server)!;
      peer.connects += 1;
      peer.contexts.push(context);
      return peer.script(peer.connects, context, peer);
    },
  }),
};
