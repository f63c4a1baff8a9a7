import { DialError, type Driver, type Endpoint } from '@omnidial/core/driver';

/** What `echo://room|...` resolves to. */
export interface EchoEndpoint extends Endpoint {
  readonly room: string;
  readonly uppercase: boolean;
  readonly delayMs: number;
}

/**
 * The `echo://` driver: metadata, option schema and address validation. Like every driver it
 * keeps its "client library" (here `./room.js`) out of this module and loads it in `load()`.
 */
export const echoDriver: Driver<EchoEndpoint> = {
  name: 'echo',
  packageName: 'omnidial-transport-echo',
  schemes: ['echo'],
  description: 'In-process echo peer: every write comes back to read(); a third-party transport example.',
  capabilities: { kind: 'message', reconnect: true, acknowledgements: false, proxy: false, tls: false, payload: true },
  options: {
    uppercase: { type: 'boolean', default: false, description: 'Echo text in upper case.' },
    delay: {
      type: 'integer',
      default: 0,
      min: 0,
      max: 60_000,
      description: 'Milliseconds each connect takes.',
      example: '50',
    },
  },
  examples: ['echo://lobby', 'echo://lobby|uppercase=true&reconnect=true'],
  parse({ scheme, base, options }) {
    const room = base.slice(`${scheme}://`.length);
    if (!/^[\w.-]+$/.test(room)) {
      throw new DialError({
        code: 'InvalidArgument',
        op: 'parse',
        scheme,
        message: `echo: room must be letters, digits, ".", "-" or "_", got "${room}"`,
      });
    }
    return {
      scheme,
      room,
      redacted: base,
      secrets: [],
      uppercase: options.uppercase === true,
      delayMs: Number(options.delay ?? 0),
    };
  },
  load: () => import('./room.js').then((m) => m.connector),
};
