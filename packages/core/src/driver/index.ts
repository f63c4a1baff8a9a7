/**
 * `@omnidial/core/driver`: what a transport package needs to implement and register a scheme.
 * @module @omnidial/core/driver
 * @packageDocumentation
 */
export type {
  Capabilities,
  Connector,
  Driver,
  Endpoint,
  ErrorDetail,
  Link,
  LinkContext,
  Message,
  MessageLink,
  ParseInput,
  QueryResult,
  Settle,
  SettleOutcome,
  SqlLink,
  TrafficKind,
} from './types.js';
export type {
  AmqpMetadata,
  KafkaMetadata,
  MessageMetadata,
  MetadataSource,
  MqttMetadata,
  NatsMetadata,
  NoMetadata,
  ReceivedMessage,
  StreamMetadata,
  UdpMetadata,
  WsMetadata,
} from './metadata.js';
export { NO_METADATA, STREAM_METADATA, WS_METADATA } from './metadata.js';
export { DeliveryBatch } from './delivery-batch.js';
export { NO_COLUMNS } from './columns.js';
export {
  BatchFailure,
  callbackBatch,
  pipelineWrites,
  writePromise,
  type CallbackSend,
} from '../connection/write-many.js';
export type { OptionSchema, OptionSpec, OptionType, OptionValue, ResolvedOptions } from './options.js';
export {
  commonOptions,
  DEFAULT_CONNECT_TIMEOUT_S,
  DEFAULT_QUEUE_BYTES,
  DEFAULT_QUEUE_SIZE,
  DEFAULT_RECONNECT_INTERVAL_MS,
} from './common-options.js';
export { DEFAULT_SOCKS_PORT, resolveProxy, type ProxySpec, type ResolvedProxy } from './proxy.js';
export { fsErrorCode, fsReason } from './fs-error.js';
export { nativeValues } from './native-keys.js';
export {
  certificateError,
  hasTlsOptions,
  isCertificateError,
  loadTls,
  tlsSecrets,
  tlsSettings,
  tlsSettingsIf,
  withSharedContext,
  type NodeTlsOptions,
  type TlsSettings,
} from './tls.js';
export { MAX_TEXT_BYTES, StreamMessages, toMessage } from './message.js';
export { openProbedPool, type PoolProbe } from './pool-probe.js';
export { connectToAnyNode, type NodeListOptions } from './node-list.js';
export { socketScope, type SocketScope } from './socket-scope.js';
export { DialError, isDialError, type ErrorCode, type ErrorOp } from '../errors.js';
export {
  addressSecrets,
  formatAddress,
  readAddress,
  redactAddress,
  redactText,
  type ReadAddress,
} from '../address/index.js';
export { isDistinctive } from '../address/redact.js';
export { Registry, defaultRegistry } from '../registry.js';
export { invalidAddress, parseBrokerUrl, type BrokerUrl, type HostPort } from './url/broker-url.js';
