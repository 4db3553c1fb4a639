import { context, isSpanContextValid, trace, TraceFlags } from '@opentelemetry/api';
import type { EntityManager } from 'typeorm';

import type { EventType } from './contract';
import type { Envelope, NewEvent } from './envelope';
import { createEnvelope } from './envelope';
import { quoteIdent } from './tables';

/**
 * Writes an event into the service's outbox inside the caller's transaction: the state change and
 * the event that reports it commit together or not at all. The relay publishes it afterwards.
 */
export class Outbox {
  private readonly table: string;

  constructor(
    readonly schema: string,
    readonly source: string,
  ) {
    this.table = `${quoteIdent(schema)}.outbox`;
  }

  async append<T extends EventType>(tx: EntityManager, event: NewEvent<T>): Promise<Envelope<T>> {
    if (!tx.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.append must run inside a transaction');
    }
    // The event carries the trace of the request (or event) that caused it: the relay and every
    // consumer continue that trace.
    const envelope = createEnvelope(this.source, { ...event, traceparent: event.traceparent ?? activeTraceparent() });
    await tx.query(`INSERT INTO ${this.table} (id, type, aggregate_id, envelope) VALUES ($1, $2, $3, $4)`, [
      envelope.id,
      envelope.type,
      envelope.aggregateId,
      JSON.stringify(envelope),
    ]);
    return envelope;
  }
}

/** The active span as a W3C `traceparent`, or undefined outside a trace. */
export function activeTraceparent(): string | undefined {
  const span = trace.getSpan(context.active());
  const ctx = span?.spanContext();
  if (!ctx || !isSpanContextValid(ctx)) return undefined;
  const sampled = (ctx.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
  return `00-${ctx.traceId}-${ctx.spanId}-${sampled ? '01' : '00'}`;
}
