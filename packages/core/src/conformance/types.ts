import type { Driver, Endpoint } from '../driver/types.js';
import type { FlappingPeer } from './flapping-server.js';

/** Parts of the suite; a driver that lacks one names it in `skip` with a reason. */
export type ConformanceFeature =
  | 'lifecycle'
  | 'roundTrip'
  | 'readModes'
  | 'overflow'
  | 'abort'
  | 'concurrency'
  | 'errors'
  | 'arguments'
  | 'handles'
  | 'reconnect'
  | 'flapping'
  | 'sql'
  | 'execSignal'
  | 'execMany'
  | 'acknowledged'
  | 'block'
  | 'ownWrites'
  | 'notFound'
  | 'refused'
  | 'payloadFirst'
  | 'prepare'
  | 'diagnostics'
  | 'readMessage'
  | 'readMany'
  | 'writeMany'
  | 'readManyAcks';

/** The servers a driver is tested against. */
export interface ConformanceHarness {
  /**
   * A fresh address of a peer that echoes: what the connection writes comes back to its
   * `read()` (a broker echoes through the address's topic or queue). Brokers should give a
   * new topic per call so tests do not see each other's messages.
   */
  address(): string | Promise<string>;
  /** Stops the peer so live links drop. Needed for the reconnect part. */
  drop?(): Promise<void>;
  /** Brings the peer back at the same address after `drop`. */
  restore?(): Promise<void>;
  /**
   * Starts a server of this scheme that accepts each connection and closes it at once, until
   * `heal()` (for the flap-protection part). Without it, that part is skipped and points to the
   * tcp run, which covers the core's logic.
   */
  flapping?(): Promise<FlappingPeer>;
  /**
   * For the `acknowledged` part: an address whose messages survive a restart of the server
   * (a durable queue, persistent publishes with confirms). Default: {@link address}.
   */
  durableAddress?(): string | Promise<string>;
  /**
   * For the `readManyAcks` part (acknowledging transports): an address where a connection
   * dialed after another one closed receives what that one left unacknowledged (a durable
   * queue, a consumer group, a durable consumer, a persistent session). Each call a new one.
   */
  resumeAddress?(): string | Promise<string>;
  /** How long to wait for an echo or a state change, in ms (default 10 000). */
  patienceMs?: number;
  /** An address carrying a credential, and the credential, for the redaction check. */
  secretAddress?(): { address: string; secret: string } | Promise<{ address: string; secret: string }>;
  /** SQL only: a statement that fails on the server (default `SELECT * FROM no_such_table_omnidial`). */
  failingSql?: string;
  /**
   * SQL only: a statement that runs for several seconds (`SELECT pg_sleep(5)`), for the part
   * that times out and cancels `exec()`. Without it that part is skipped (name the live test
   * that covers it in `skip.execSignal`).
   */
  slowSql?: string;
  /**
   * An address naming something the server does not have: a database, a vhost, a socket file, a WebSocket path answering 404. For the `notFound` part; without it
   * that part is skipped (name the live test that covers the driver in `skip.notFound`).
   */
  missingAddress?(): string | Promise<string>;
  /**
   * The address takes a comma-separated list of nodes (`scheme://a:1,b:2/...`), tried in turn:
   * the `refused` part puts a refusing node ahead of the live one and expects a round trip.
   */
  nodeList?: boolean;
}

/** What {@link runConformance} needs. */
export interface ConformanceInput {
  /** Shown in the test names, e.g. `tcp` or `tcp via socks5`. */
  name: string;
  driver: Driver<Endpoint>;
  harness: ConformanceHarness;
  /** Features skipped, each with the reason shown in the test report. */
  skip?: Partial<Record<ConformanceFeature, string>>;
}
