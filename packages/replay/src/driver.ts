import { isAbsolute, resolve } from 'node:path';
import {
  invalidAddress,
  redactAddress,
  type Connector,
  type Driver,
  type Endpoint,
  type OptionSchema,
  type ParseInput,
} from '@omnidial/core/driver';

/** A validated `replay://` address. */
export interface ReplayEndpoint extends Endpoint {
  /** Absolute path of the recording. */
  readonly path: string;
  /** 1 = original timing, 2 = twice as fast, 0 = as fast as the reader takes messages. */
  readonly speed: number;
  /** Start again from the first message after the last one. */
  readonly loop: boolean;
}

/** Keys that may be written in the query (`?speed=2`) or after `|` (`|speed=2`). */
const REPLAY_OPTIONS: OptionSchema = {
  speed: {
    type: 'string',
    example: '10',
    description:
      'Playback speed (default 1: the recorded gaps; 2: twice as fast; 0.5: half speed; 0: no waiting at all).',
  },
  loop: {
    type: 'boolean',
    description: 'Play again from the start after the last message (default false: the connection ends).',
  },
};

function parseReplay({ scheme, base, options }: ParseInput): ReplayEndpoint {
  const rest = base.slice(scheme.length + 3);
  const mark = rest.indexOf('?');
  let path: string;
  try {
    path = decodeURIComponent(mark < 0 ? rest : rest.slice(0, mark));
  } catch {
    throw invalidAddress(scheme, base, 'bad percent-escape in the path');
  }
  if (path === '')
    throw invalidAddress(scheme, base, 'missing file: replay://path/to/feed.jsonl (or replay:///absolute/path.jsonl)');
  const query = new URLSearchParams(mark < 0 ? '' : rest.slice(mark + 1));
  const value = (key: string): string | undefined => {
    const inQuery = query.get(key) ?? undefined;
    const option = options[key] === undefined ? undefined : String(options[key]);
    if (inQuery !== undefined && option !== undefined && inQuery !== option) {
      throw invalidAddress(scheme, base, `"${key}" is given both in the URL (${inQuery}) and as an option (${option})`);
    }
    return inQuery ?? option;
  };
  for (const key of query.keys()) {
    if (!(key in REPLAY_OPTIONS))
      throw invalidAddress(scheme, base, `unknown query parameter "${key}"; known: speed, loop`);
  }
  const speedText = value('speed') ?? '1';
  const speed = Number(speedText);
  if (speedText.trim() === '' || !Number.isFinite(speed) || speed < 0)
    throw invalidAddress(scheme, base, `speed must be a number >= 0 (0 = no waiting), got "${speedText}"`);
  const loopText = value('loop') ?? 'false';
  if (!/^(true|false|1|0|yes|no|on|off)$/i.test(loopText))
    throw invalidAddress(scheme, base, `loop must be true or false, got "${loopText}"`);
  return {
    scheme,
    redacted: redactAddress(base),
    secrets: [],
    path: isAbsolute(path) ? path : resolve(path),
    speed,
    loop: /^(true|1|yes|on)$/i.test(loopText),
  };
}

/**
 * The `replay://` driver: plays a recording made by `omnidial record` through `read()`, each
 * message after its recorded gap divided by `speed`. Nothing is dropped: at most `qsize`
 * messages wait unread, and playback pauses (and catches up) while the reader is behind. The
 * connection ends like a closed link after the last message unless `loop=true`; `write()`
 * accepts and discards, so a bot's subscribe messages do no harm.
 */
export const replayDriver: Driver<ReplayEndpoint> = {
  name: 'replay',
  packageName: '@omnidial/replay',
  schemes: ['replay'],
  description: 'Plays a recorded feed (omnidial record) through read() with its original timing',
  capabilities: {
    kind: 'message',
    reconnect: false,
    acknowledgements: false,
    proxy: false,
    tls: false,
    payload: false,
  },
  options: REPLAY_OPTIONS,
  examples: ['replay://feed.jsonl', 'replay:///var/feeds/btc.jsonl?speed=10', 'replay://feed.jsonl?speed=0&loop=true'],
  parse: parseReplay,
  load: (): Promise<Connector<ReplayEndpoint>> => import('./connect.js').then((m) => m.connector),
};
