// The thresholds that make `pnpm reliability:long` and the soak exit non-zero: each figure that
// falls short must be named, and a run within every bound must pass.
import { describe, expect, it } from 'vitest';
import { partFailures, soakFailures } from '../src/thresholds.js';

const broker = { name: 'mqtt', crashes: 0, unhandledRejections: 0, unrecovered: 0, lost: 0 };
const sql = { name: 'postgres', crashes: 0, unhandledRejections: 0, unrecovered: 0, execOk: 10, foreignErrors: 0 };
const addresses = { checked: 10, parsed: 4, invalidArgument: 5, unimplemented: 1, wrongTotal: 0 };
const limits = {
  bombCapped: { code: 'ResourceExhausted', delivered: 0 },
  bombDefaultCap: { code: 'ResourceExhausted', delivered: 0 },
  floodQsize: { queued: 2000 },
  floodQbytes: { queuedMb: 4 },
  backpressure: { timeouts: 200 },
};
const leak = { name: 'nats', failures: 0, extraResources: {}, fdsBefore: 30, fdsAfter: 30 };
const soak = {
  done: true,
  guards: { unhandledRejections: 0, uncaughtExceptions: 0 },
  ws: { readErrors: 0, writeErrors: 0, ownDuplicates: 0, seqDuplicates: 0 },
  tcp: { readErrors: 0, writeErrors: 0, ownDuplicates: 0, seqDuplicates: 0 },
};

describe('reliability thresholds', () => {
  it('pass figures within every bound', () => {
    expect(partFailures('faults:mqtt', broker)).toEqual([]);
    expect(partFailures('faults:postgres', sql)).toEqual([]);
    expect(partFailures('addresses', addresses)).toEqual([]);
    expect(partFailures('limits', limits)).toEqual([]);
    expect(partFailures('leaks', { results: [leak] })).toEqual([]);
    expect(soakFailures(soak)).toEqual([]);
  });

  it('name each figure that falls short', () => {
    expect(partFailures('faults:mqtt', { ...broker, lost: 94 })).toEqual([
      'acknowledged messages lost 94 (must be ≤ 0)',
    ]);
    expect(partFailures('faults:kafka', { ...broker, name: 'kafka', unhandledRejections: 1 })).toEqual([
      'unhandled rejections 1 (must be ≤ 0)',
    ]);
    expect(partFailures('faults:amqp', { ...broker, name: 'amqp', crashes: 2 })).toEqual([
      'uncaught exceptions 2 (must be ≤ 0)',
    ]);
    expect(partFailures('faults:nats', { ...broker, name: 'nats', unrecovered: 1 })).toEqual([
      'cycles not recovered 1 (must be ≤ 0)',
    ]);
    expect(partFailures('faults:postgres', { ...sql, foreignErrors: 3 })).toEqual([
      'non-DialError rejections 3 (must be ≤ 0)',
    ]);
    expect(partFailures('addresses', { ...addresses, parsed: 3, wrongTotal: 1 })).toEqual([
      'addresses with a wrong outcome 1 (must be ≤ 0)',
    ]);
    expect(partFailures('addresses', { ...addresses, parsed: 3 })).toEqual(['address counts do not add up']);
    expect(partFailures('leaks', { results: [{ ...leak, extraResources: { TCPSocketWrap: 2 } }] })).toEqual([
      'nats: 2 TCPSocketWrap handles above baseline',
    ]);
    expect(partFailures('leaks:slow', { results: [{ ...leak, fdsAfter: 31 }] })).toEqual([
      'nats: 1 file descriptors above baseline',
    ]);
    expect(partFailures('leaks', { results: [{ ...leak, failures: 1 }] })).toEqual([
      'nats: failed dial/close cycles 1 (must be ≤ 0)',
    ]);
    expect(partFailures('limits', { ...limits, floodQsize: { queued: 2001 } })).toEqual([
      'floodQsize: 2001 queued over qsize=2000',
    ]);
    expect(partFailures('limits', { ...limits, bombCapped: { code: 'Protocol', delivered: 1 } })).toEqual([
      'bombCapped: Protocol, 1 delivered',
    ]);
    expect(soakFailures({ ...soak, guards: { unhandledRejections: 1, uncaughtExceptions: 0 } })).toEqual([
      'unhandled rejections 1 (must be ≤ 0)',
    ]);
    expect(soakFailures({ ...soak, done: false })).toEqual(['soak did not finish']);
  });

  it('do not hold tcp and ws to acknowledged delivery (they acknowledge nothing)', () => {
    expect(partFailures('faults:tcp', { ...broker, name: 'tcp', lost: 94 })).toEqual([]);
  });

  it('treat a missing figure as a failure, never as a pass', () => {
    expect(partFailures('faults:mqtt', { name: 'mqtt' })).toHaveLength(4);
    expect(partFailures('something-new', {})).toEqual(['no threshold for part something-new']);
  });
});
