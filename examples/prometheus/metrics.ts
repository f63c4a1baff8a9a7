/**
 * omnidial's diagnostics channels as Prometheus metrics (prom-client). omnidial itself has no
 * metrics dependency: it publishes on `node:diagnostics_channel`, and this module subscribes.
 *
 *   const registry = new Registry();
 *   const metrics = collectOmnidialMetrics(registry);   // before or after dialing
 *   ...
 *   metrics.stop();                                      // unsubscribes
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { diagnosticsChannels, type DiagnosticsChannelName, type DiagnosticsPayloads } from '@omnidial/core';

/** What {@link collectOmnidialMetrics} returns. */
export interface OmnidialMetrics {
  /** Unsubscribes from every channel (the metrics stay registered). */
  stop(): void;
}

const LABELS = ['scheme', 'address'] as const;

/**
 * Registers the omnidial metrics in `registry` and keeps them up to date from the diagnostics
 * channels. Every series is labelled with `scheme` and the redacted `address`.
 */
export function collectOmnidialMetrics(registry: Registry, prefix = 'omnidial_'): OmnidialMetrics {
  const registers = [registry];
  const open = new Gauge({ name: `${prefix}connections_open`, help: 'Links open now', labelNames: LABELS, registers });
  const connects = new Counter({
    name: `${prefix}connects_total`,
    help: 'Links opened (first dials and re-dials)',
    labelNames: LABELS,
    registers,
  });
  const disconnects = new Counter({
    name: `${prefix}disconnects_total`,
    help: 'Open links that ended, by reason (lost, reconnect, closed)',
    labelNames: [...LABELS, 'reason'],
    registers,
  });
  const dials = new Counter({
    name: `${prefix}dial_attempts_total`,
    help: 'Connect attempts started',
    labelNames: LABELS,
    registers,
  });
  const reconnects = new Counter({
    name: `${prefix}reconnects_total`,
    help: 'Re-dials scheduled after a drop',
    labelNames: LABELS,
    registers,
  });
  const attempt = new Gauge({
    name: `${prefix}reconnect_attempt`,
    help: 'Attempt number of the latest scheduled re-dial (grows while a server flaps)',
    labelNames: LABELS,
    registers,
  });
  const delay = new Gauge({
    name: `${prefix}reconnect_delay_seconds`,
    help: 'Wait before the latest scheduled re-dial',
    labelNames: LABELS,
    registers,
  });
  const received = new Counter({
    name: `${prefix}received_messages_total`,
    help: 'Messages received',
    labelNames: LABELS,
    registers,
  });
  const drops = new Counter({
    name: `${prefix}dropped_messages_total`,
    help: 'Messages dropped from a full receive queue',
    labelNames: LABELS,
    registers,
  });
  const depth = new Gauge({
    name: `${prefix}queue_depth`,
    help: 'Messages waiting in the receive queue',
    labelNames: LABELS,
    registers,
  });
  const latency = new Histogram({
    name: `${prefix}read_latency_seconds`,
    help: 'Time a message waited in the receive queue before a read took it',
    labelNames: LABELS,
    registers,
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
  });
  const errors = new Counter({
    name: `${prefix}errors_total`,
    help: 'DialErrors by operation and code',
    labelNames: [...LABELS, 'op', 'code'],
    registers,
  });
  const execs = new Histogram({
    name: `${prefix}exec_duration_seconds`,
    help: 'exec() statements, by outcome',
    labelNames: [...LABELS, 'outcome'],
    registers,
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
  });

  const handlers: { [N in DiagnosticsChannelName]: (payload: DiagnosticsPayloads[N]) => void } = {
    'omnidial:dial': (p) => dials.inc(labels(p)),
    'omnidial:connect': (p) => {
      open.inc(labels(p));
      connects.inc(labels(p));
    },
    'omnidial:disconnect': (p) => {
      open.dec(labels(p));
      disconnects.inc({ ...labels(p), reason: p.reason });
      if (p.reason === 'closed') depth.set(labels(p), 0);
    },
    'omnidial:reconnect': (p) => {
      reconnects.inc(labels(p));
      attempt.set(labels(p), p.attempt);
      delay.set(labels(p), p.delayMs / 1000);
    },
    'omnidial:drop': (p) => drops.inc(labels(p), p.count),
    'omnidial:exec': (p) =>
      execs.observe({ ...labels(p), outcome: p.error === undefined ? 'ok' : p.error.code }, p.durationMs / 1000),
    'omnidial:error': (p) => errors.inc({ ...labels(p), op: p.op ?? 'unknown', code: p.code }),
    'omnidial:receive': (p) => {
      received.inc(labels(p));
      depth.set(labels(p), p.queued);
    },
    'omnidial:read': (p) => {
      latency.observe(labels(p), p.latencyMs / 1000);
      depth.set(labels(p), p.queued);
    },
  };

  const subscriptions = Object.values(diagnosticsChannels).map((name) => {
    const handler = handlers[name] as (payload: unknown) => void;
    subscribe(name, handler);
    return () => unsubscribe(name, handler);
  });
  return { stop: () => subscriptions.forEach((undo) => undo()) };
}

function labels(payload: { scheme: string; address: string }): { scheme: string; address: string } {
  return { scheme: payload.scheme, address: payload.address };
}
