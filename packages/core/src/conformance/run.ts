import { afterEach, describe, it } from 'vitest';
import { createSuite, type Suite } from './helpers.js';
import { abort, concurrency, errors, lifecycle, overflow, readModes, roundTrip } from './stream-parts.js';
import { handles, reconnect } from './lifecycle-parts.js';
import { flapping } from './flapping-part.js';
import { acknowledged, block, ownWrites } from './delivery-parts.js';
import { payloadFirst } from './payload-part.js';
import { prepare } from './prepare-part.js';
import { readMessage } from './metadata-part.js';
import { readMany, readManyAcks, writeMany } from './batch-parts.js';
import { execMany, execSignal, sql } from './sql-parts.js';
import { badArguments } from './arguments-part.js';
import { notFound } from './not-found-part.js';
import { refused } from './refused-part.js';
import { diagnostics, sqlDiagnostics } from './diagnostics-part.js';
import type { ConformanceFeature, ConformanceInput } from './types.js';

const STREAM_PARTS: [ConformanceFeature, (suite: Suite) => void][] = [
  ['lifecycle', lifecycle],
  ['roundTrip', roundTrip],
  ['readModes', readModes],
  ['overflow', overflow],
  ['abort', abort],
  ['concurrency', concurrency],
  ['errors', errors],
  ['arguments', badArguments],
  ['notFound', notFound],
  ['refused', refused],
  ['handles', handles],
  ['reconnect', reconnect],
  ['flapping', flapping],
  ['acknowledged', acknowledged],
  ['block', block],
  ['ownWrites', ownWrites],
  ['payloadFirst', payloadFirst],
  ['prepare', prepare],
  ['diagnostics', diagnostics],
  ['readMessage', readMessage],
  ['readMany', readMany],
  ['writeMany', writeMany],
  ['readManyAcks', readManyAcks],
];

/**
 * The shared conformance suite (docs/design.md#quality-bars): registers vitest tests that every driver must
 * pass against a real peer. Call it at the top level of a driver's test file. Parts the
 * driver lacks are listed in `skip` and show up as skipped tests with the reason.
 */
export function runConformance(input: ConformanceInput): void {
  const suite = createSuite(input);
  const isSql = input.driver.capabilities.kind === 'sql';
  describe(`conformance: ${input.name}`, () => {
    afterEach(() => suite.cleanup());
    const parts: [ConformanceFeature, (suite: Suite) => void][] = isSql
      ? [
          ['sql', sql],
          ['execSignal', execSignal],
          ['execMany', execMany],
          ['errors', errors],
          ['arguments', badArguments],
          ['notFound', notFound],
          ['refused', refused],
          ['diagnostics', sqlDiagnostics],
        ]
      : STREAM_PARTS;
    for (const [feature, register] of parts) {
      const reason = skipReason(input, feature);
      if (reason === undefined) describe(feature, () => register(suite));
      else it.skip(`${feature} — skipped: ${reason}`, () => undefined);
    }
  });
}

const NO_ACKS =
  'the driver does not acknowledge deliveries, so no ack can outrun the queue; at-least-once is covered live by "conformance: mqtt qos=1 > acknowledged", "conformance: amqp > acknowledged", "conformance: kafka > acknowledged" and "conformance: nats jetstream > acknowledged"';

const RESTARTS_COVERED =
  're-dialing is core logic, covered live by "conformance: tcp > reconnect", "conformance: ws > reconnect" and "conformance: tcp > prepare"';

function skipReason(input: ConformanceInput, feature: ConformanceFeature): string | undefined {
  const declared = input.skip?.[feature];
  if (declared !== undefined) return declared;
  const { harness, driver } = input;
  const { capabilities } = driver;
  if ((feature === 'acknowledged' || feature === 'readManyAcks') && !capabilities.acknowledgements) return NO_ACKS;
  if (feature === 'block' && capabilities.flowControl !== true) {
    return 'the transport cannot stop its peer, so overflow=block is refused (core intake.test.ts checks the refusal)';
  }
  if (feature === 'ownWrites' && driver.capabilities.kind !== 'message') {
    return `not applicable: only a message link can wait on its peer for a write (a stream or datagram write never does); its writes are checked live by "conformance: ${input.name} > roundTrip"`;
  }
  if (feature === 'payloadFirst' && !capabilities.payload) {
    return 'the driver takes no connect payload; payload-before-open is core logic, covered live by "conformance: tcp > payloadFirst" and "conformance: ws > payloadFirst"';
  }
  if (feature === 'readManyAcks' && harness.resumeAddress === undefined) {
    return 'the harness names no address a second reader resumes (resumeAddress); covered live by "conformance: kafka > readManyAcks", "conformance: amqp > readManyAcks" and "conformance: mqtt qos=1 > readManyAcks"';
  }
  const restarts = feature === 'reconnect' || feature === 'acknowledged' || feature === 'payloadFirst';
  if (restarts && (harness.drop === undefined || harness.restore === undefined)) {
    return `the harness cannot drop and restore the server; ${RESTARTS_COVERED}`;
  }
  if ((restarts || feature === 'flapping') && !capabilities.reconnect) {
    return `the driver does not support reconnect; ${RESTARTS_COVERED}`;
  }
  if (feature === 'prepare' && !capabilities.payload) {
    return 'no payload= for this scheme; prepare() payloads are core logic, covered live by "conformance: tcp > prepare" and "conformance: ws > prepare" (credentials: amqp prepare.test.ts)';
  }
  if (feature === 'prepare' && (harness.drop === undefined || harness.restore === undefined)) {
    return `the harness cannot drop and restore the server; ${RESTARTS_COVERED}`;
  }
  if (feature === 'notFound' && harness.missingAddress === undefined) {
    return 'the harness names no missing resource (missingAddress); a missing file is NotFound for every driver: "conformance: unix > notFound", the TLS part\'s missing ca file';
  }
  if (feature === 'refused' && capabilities.kind === 'datagram') {
    return 'nothing refuses a datagram socket at dial time (a stopped peer shows when a datagram bounces: udp.test.ts); refused servers are checked live by "conformance: tcp > refused"';
  }
  if (feature === 'flapping' && harness.flapping === undefined) {
    return 'no flapping server for this scheme; flap protection is core logic, covered live by "conformance: tcp > flapping" and "conformance: ws > flapping"';
  }
  return undefined;
}
