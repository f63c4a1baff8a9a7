/**
 * `omnidial`: `dial(address)` with every official transport registered.
 *
 * ```ts
 * import { dial } from 'omnidial';
 * const conn = await dial('wss://example.com/feed|reconnect=true&compress=gzip');
 * ```
 *
 * Importing this package registers tcp, udp, tls, unix, ws, wss, mqtt, nats, amqp, kafka,
 * sqlite3, mysql, postgres, clickhouse and replay in the default registry. No client library is
 * loaded until a scheme is dialed. Users who want less import `@omnidial/core` and the
 * transport packages they need.
 * @module omnidial
 * @packageDocumentation
 */
import './transports.js';

export {
  dial,
  Dial,
  lastDialError,
  prepareDial,
  Connection,
  DialError,
  isDialError,
  Registry,
  defaultRegistry,
  redactAddress,
  release,
  diagnosticsChannels,
} from '@omnidial/core';
export type {
  DialOptions,
  PreparedDial,
  PrepareHook,
  Prepared,
  CallOptions,
  ConnectionEventName,
  ConnectionEvents,
  ConnectionStats,
  LinkState,
  Message,
  QueryResult,
  ErrorCode,
  ErrorOp,
  ReceivedMessage,
  MessageMetadata,
  MqttMetadata,
  NatsMetadata,
  AmqpMetadata,
  KafkaMetadata,
  UdpMetadata,
  StreamMetadata,
  WsMetadata,
  NoMetadata,
  DiagnosticsChannelName,
  DiagnosticsPayloads,
  DiagnosticBase,
  DialDiagnostic,
  ConnectDiagnostic,
  DisconnectDiagnostic,
  ReconnectDiagnostic,
  DropDiagnostic,
  ExecDiagnostic,
  ErrorDiagnostic,
  ReceiveDiagnostic,
  ReadDiagnostic,
} from '@omnidial/core';
export type { Driver, Endpoint, OptionSchema, OptionSpec, Capabilities, TrafficKind } from '@omnidial/core/driver';
export { officialDrivers, registerAll } from './transports.js';
export { OFFICIAL_PACKAGES, type PackageInfo } from '@omnidial/core';
