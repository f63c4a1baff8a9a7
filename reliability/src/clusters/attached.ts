import fs from 'node:fs';

/** Inodes of the sockets this process holds open (from `/proc/self/fd`). */
function ownSocketInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // the fd closed while we looked
    }
  }
  return inodes;
}

/**
 * Remote ports of this process's established TCP connections on 127.0.0.1 (IPv4 and IPv6
 * tables of `/proc/net`), so a test can tell which cluster node its client is attached to
 * without asking the client library.
 */
export function ownRemotePorts(): number[] {
  const inodes = ownSocketInodes();
  const ports: number[] = [];
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:tm retrnsmt uid timeout inode
      if (fields.length < 10 || fields[3] !== '01' || !inodes.has(fields[9]!)) continue;
      const port = Number.parseInt(fields[2]!.split(':')[1] ?? '', 16);
      if (Number.isInteger(port)) ports.push(port);
    }
  }
  return ports;
}

/** Index of the first node in `nodePorts` this process has a connection to, or -1. */
export function attachedNode(nodePorts: readonly number[]): number {
  const remote = new Set(ownRemotePorts());
  return nodePorts.findIndex((port) => remote.has(port));
}
