/**
 * `@omnidial/core`: `dial(address)` and the uniform {@link Connection}.
 * Import a transport package (or `omnidial`) to make its schemes dialable.
 * @module @omnidial/core
 * @packageDocumentation
 */
export { dial, Dial, lastDialError, prepareDial, type DialOptions, type PreparedDial } from './dial.js';
export type { PrepareHook, Prepared } from './connection/prepare.js';
export { Connection, type CallOptions } from './connection/connection.js';
export type { ExecOptions } from './connection/exec-call.js';
export type { ConnectionEventName, ConnectionEvents, ConnectionStats } from './connection/events.js';
export type { LinkState, PayloadFactory } from './connection/supervisor.js';
export type { Message, QueryResult } from './driver/types.js';
export type {
  AmqpMetadata,
  KafkaMetadata,
  MessageMetadata,
  MqttMetadata,
  NatsMetadata,
  NoMetadata,
  ReceivedMessage,
  StreamMetadata,
  UdpMetadata,
  WsMetadata,
} from './driver/metadata.js';
export { DialError, isDialError, type ErrorCode, type ErrorOp } from './errors.js';
export { Registry, defaultRegistry } from './registry.js';
export { OFFICIAL_PACKAGES, officialPackageOf, type PackageInfo } from './official-packages.js';
export { redactAddress } from './address/index.js';
export { release } from './handles/index.js';
export {
  diagnosticsChannels,
  type DiagnosticsChannelName,
  type DiagnosticsPayloads,
  type DiagnosticBase,
  type DialDiagnostic,
  type ConnectDiagnostic,
  type DisconnectDiagnostic,
  type ReconnectDiagnostic,
  type DropDiagnostic,
  type ExecDiagnostic,
  type ErrorDiagnostic,
  type ReceiveDiagnostic,
  type ReadDiagnostic,
} from './diagnostics/channels.js';
