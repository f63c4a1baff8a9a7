import type { Socket } from 'node:net';
import {
  pipelineWrites,
  STREAM_METADATA,
  StreamMessages,
  type MessageLink,
  type LinkContext,
} from '@omnidial/core/driver';
import { DrainWaiter } from './drain.js';
import { toDialError } from './errors.js';

/** How long `close()` lets queued bytes flush (and TLS send close_notify) before destroying. */
const CLOSE_GRACE_MS = 1000;

/**
 * The {@link MessageLink} of a connected byte stream (tcp, tls, unix). Each received chunk is one
 * message (a multi-byte character split across chunks is held back until complete); writes
 * resolve once the socket accepted the bytes, waiting for `drain` under back-pressure. A peer
 * close or socket error reports `context.lost`.
 */
export function streamLink(socket: Socket, context: LinkContext, peer: string): MessageLink {
  const messages = new StreamMessages(context.options.binary === true);
  const drain = new DrainWaiter(socket);
  let pendingBytes = 0;
  let failure: Error | undefined;
  let closing: Promise<void> | undefined;

  const onData = (chunk: Buffer): void => {
    pendingBytes += chunk.length;
    const message = messages.push(chunk);
    if (message === undefined) return;
    const bytes = pendingBytes;
    pendingBytes = 0;
    context.deliver(message, bytes, undefined, STREAM_METADATA);
  };
  socket.on('data', onData);
  socket.on('end', () => {
    const rest = messages.flush();
    if (rest !== undefined && closing === undefined) context.deliver(rest, pendingBytes, undefined, STREAM_METADATA);
    pendingBytes = 0;
  });
  socket.on('error', (error) => void (failure ??= error));
  socket.on('close', () => {
    if (closing !== undefined) return;
    context.lost(
      failure === undefined
        ? context.error('Unavailable', `${peer} closed the connection`)
        : toDialError(context, failure, `connection to ${peer} failed`),
    );
  });

  const link: MessageLink = {
    async write(data, signal) {
      if (closing !== undefined || socket.destroyed || !socket.writable) {
        throw context.error('Unavailable', `connection to ${peer} is not writable`);
      }
      const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      if (socket.write(data)) return bytes;
      if (!(await drain.wait(signal))) {
        throw failure === undefined
          ? context.error('Unavailable', `${peer} closed the connection during a write`)
          : toDialError(context, failure, `write to ${peer} failed`);
      }
      return bytes;
    },
    // One corked turn: the batch leaves in one writev() instead of a syscall per item.
    writeMany(items, signal) {
      socket.cork();
      try {
        return pipelineWrites(items, (item) => link.write(item, signal));
      } finally {
        socket.uncork();
      }
    },
    // Reading stops while the core's queue is full: TCP back-pressure reaches the peer.
    pause() {
      if (closing === undefined) socket.pause();
    },
    resume() {
      if (closing === undefined) socket.resume();
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        socket.off('data', onData);
        if (socket.destroyed) return resolve();
        const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.end(() => socket.destroy());
      });
      return closing;
    },
  };
  return link;
}
