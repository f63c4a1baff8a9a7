import type { Connector, Link, LinkContext } from '@omnidial/core/driver';
import type { EchoEndpoint } from './driver.js';

/** Rooms that are down refuse connects; their live links were lost. */
const down = new Set<string>();
const live = new Map<string, Set<LinkContext>>();

/** Takes a room down: its links drop (the core re-dials when `reconnect=true`), new connects fail. */
export function takeDown(room: string): void {
  down.add(room);
  for (const context of live.get(room) ?? []) context.lost(new Error(`echo room "${room}" went down`));
  live.delete(room);
}

/** Brings a room back up. */
export function bringUp(room: string): void {
  down.delete(room);
}

/** The connector the core loads on the first dial of `echo://`. */
export const connector: Connector<EchoEndpoint> = {
  async connect(endpoint, context): Promise<Link> {
    if (endpoint.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, endpoint.delayMs));
    if (context.signal.aborted) throw context.error('Canceled', 'echo: connect aborted');
    if (down.has(endpoint.room)) throw context.error('Unavailable', `echo: room "${endpoint.room}" is down`);
    const links = live.get(endpoint.room) ?? new Set<LinkContext>();
    live.set(endpoint.room, links);
    links.add(context);
    return {
      async write(data) {
        if (!links.has(context)) throw context.error('Unavailable', 'echo: link is gone');
        const bytes = Buffer.byteLength(data);
        const text = typeof data === 'string' ? data : Buffer.from(data);
        const echoed = endpoint.uppercase && typeof text === 'string' ? text.toUpperCase() : text;
        setImmediate(() => context.deliver(echoed, bytes));
        return bytes;
      },
      async close() {
        links.delete(context);
      },
    };
  },
};
