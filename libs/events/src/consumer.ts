import type { Context } from '@opentelemetry/api';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import { AckPolicy, DeliverPolicy } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';

import type { EventType } from './contract';
import { sourceOf } from './contract';
import type { AnyEnvelope, Envelope } from './envelope';
import { EventValidationError, parseEnvelope } from './envelope';
import type { EventLogger } from './logger';
import { silentLogger } from './logger';
import { ensureStream } from './streams';
import { quoteIdent } from './tables';

export type EventHandler<T extends EventType> = (event: Envelope<T>, tx: EntityManager) => Promise<void>;
export type HandlerMap = { [T in EventType]?: EventHandler<T> };

export interface ConsumerOptions {
  dataSource: DataSource;
  /** The consuming service's schema: its inbox, positions and dead letters live there. */
  schema: string;
  /** Durable consumer name, e.g. `case-from-intake`. */
  durable: string;
  /** The publishing service whose stream is consumed, e.g. `intake`. */
  source: string;
  js: JetStreamClient;
  jsm: JetStreamManager;
  subjectPrefix: string;
  handlers: HandlerMap;
  logger?: EventLogger;
  /** Deliveries before a message is moved to dead letters (JetStream's own default is unlimited). */
  maxDeliver?: number;
  ackWaitMs?: number;
  /** Delays between retries of a failing handler. */
  retryDelaysMs?: number[];
  /** The consuming service, named on the handling spans (default: the schema). */
  service?: string;
  /** Called once per delivery with its outcome (the events_handled_total metric); `error` when the database failed. */
  onHandled?: (outcome: Outcome | 'error') => void;
}

type Outcome = 'applied' | 'duplicate' | 'wait' | 'dead';
// Looked up per use: a tracer taken at load time, before the provider is registered (by another copy
// of @opentelemetry/api), would stay a no-op.
const tracer = () => trace.getTracer('@petition/events');

/**
 * A durable JetStream consumer whose effects are exactly-once: the event id goes into the inbox in
 * the same transaction as the handler's effect, so a redelivery changes nothing. Events of one
 * aggregate apply in aggregateVersion order: a gap waits (nak with delay) for the missing event.
 * A message that cannot be parsed, or whose handler fails `maxDeliver` times, goes to dead letters.
 */
export class InboxConsumer {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private readonly logger: EventLogger;
  private readonly maxDeliver: number;
  private readonly ackWaitMs: number;
  private readonly table: (name: string) => string;

  constructor(private readonly options: ConsumerOptions) {
    this.logger = options.logger ?? silentLogger;
    this.maxDeliver = options.maxDeliver ?? 5;
    this.ackWaitMs = options.ackWaitMs ?? 30_000;
    const schema = quoteIdent(options.schema);
    this.table = (name) => `${schema}.${name}`;
  }

  async start(): Promise<void> {
    const { jsm, js, subjectPrefix, source, durable } = this.options;
    const stream = await ensureStream(jsm, subjectPrefix, source);
    const nanos = (ms: number) => ms * 1_000_000;
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_deliver: this.maxDeliver,
      ack_wait: nanos(this.ackWaitMs),
      // Handlers run one at a time per consumer, so aggregate order holds without locks.
      max_ack_pending: 256,
    };
    try {
      await jsm.consumers.info(stream, durable);
      await jsm.consumers.update(stream, durable, config);
    } catch {
      await jsm.consumers.add(stream, config);
    }
    const consumer = await js.consumers.get(stream, durable);
    this.messages = await consumer.consume({ max_messages: 100 });
    const messages = this.messages;
    this.loop = (async () => {
      for await (const msg of messages) {
        try {
          await this.handle(msg);
        } catch (error) {
          this.options.onHandled?.('error');
          // The database itself failed (even the dead-letter write): keep the loop alive and let
          // JetStream redeliver after a pause instead of losing the consumer.
          this.logger.error('event could not be handled; will be redelivered', { durable, error: String((error as Error).message) });
          msg.nak(this.delay(msg));
        }
      }
    })().catch((error) => this.logger.error('consumer loop ended', { durable, error: String(error) }));
  }

  /** Stops fetching, lets the message in hand finish (graceful shutdown). */
  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }

  /**
   * Handles one delivery inside a span `<durable> process <type>`, a child of the trace context the
   * message carries (its `traceparent` header, else the envelope's): log lines and the events the
   * handler appends to its own outbox belong to the same trace.
   */
  async handle(msg: JsMsg): Promise<Outcome> {
    let envelope: AnyEnvelope | null = null;
    let invalid: Error | undefined;
    try {
      envelope = parseEnvelope(msg.data);
    } catch (error) {
      invalid = error as Error;
    }
    const parent = traceContextOf(msg, envelope);
    const span = tracer().startSpan(
      `${this.options.durable} process ${envelope?.type ?? '(invalid)'}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'service.name': this.options.service ?? this.options.schema,
          'messaging.system': 'nats',
          'messaging.operation.type': 'process',
          'messaging.destination.name': msg.subject,
          'messaging.consumer.group.name': this.options.durable,
          ...(envelope ? { 'messaging.message.id': envelope.id } : {}),
          'messaging.nats.delivery_count': msg.info.redeliveryCount,
        },
      },
      parent,
    );
    try {
      const outcome = await context.with(trace.setSpan(parent, span), () => this.process(msg, envelope, invalid));
      span.setAttribute('petition.event.outcome', outcome);
      if (outcome === 'dead') span.setStatus({ code: SpanStatusCode.ERROR, message: 'moved to dead letters' });
      this.options.onHandled?.(outcome);
      return outcome;
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String((error as Error).message).slice(0, 200) });
      throw error;
    } finally {
      span.end();
    }
  }

  private async process(msg: JsMsg, parsed: AnyEnvelope | null, invalid: Error | undefined): Promise<Outcome> {
    if (!parsed) {
      await this.deadLetter(msg, null, invalid ?? new EventValidationError('payload is not an event'));
      msg.term();
      return 'dead';
    }
    const envelope = parsed;
    try {
      const outcome = await this.apply(envelope);
      if (outcome === 'wait') {
        if (msg.info.redeliveryCount >= this.maxDeliver) {
          await this.deadLetter(msg, envelope, new Error(`order gap: waited for version ${envelope.aggregateVersion - 1}`));
          msg.term();
          return 'dead';
        }
        // The missing event may be held by a consumer instance that died mid-handler: JetStream gives
        // it back only after ack_wait. The last wait reaches past it, or a crash (kill -9 in the
        // fault suite) dead-letters the next event of the aggregate with an order gap.
        const last = msg.info.redeliveryCount >= this.maxDeliver - 1;
        msg.nak(last ? Math.max(this.delay(msg), this.ackWaitMs + 5000) : this.delay(msg));
        return 'wait';
      }
      msg.ack();
      return outcome;
    } catch (error) {
      const deliveries = msg.info.redeliveryCount;
      this.logger.warn('event handler failed', {
        durable: this.options.durable,
        eventId: envelope.id,
        type: envelope.type,
        deliveries,
        error: String((error as Error).message),
      });
      if (deliveries >= this.maxDeliver) {
        await this.deadLetter(msg, envelope, error as Error);
        msg.term();
        return 'dead';
      }
      msg.nak(this.delay(msg));
      return 'wait';
    }
  }

  /** Applies one envelope exactly once; exported for dead-letter replay. */
  async apply(envelope: AnyEnvelope): Promise<'applied' | 'duplicate' | 'wait'> {
    return this.options.dataSource
      .transaction(async (tx) => {
        const inserted: unknown[] = await tx.query(
          `INSERT INTO ${this.table('inbox')} (event_id, type, source, aggregate_id, aggregate_version)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
          [envelope.id, envelope.type, sourceOf(envelope.type), envelope.aggregateId, envelope.aggregateVersion],
        );
        if (inserted.length === 0) return 'duplicate';

        const [position] = (await tx.query(
          `SELECT version FROM ${this.table('inbox_position')} WHERE source = $1 AND aggregate_id = $2 FOR UPDATE`,
          [sourceOf(envelope.type), envelope.aggregateId],
        )) as Array<{ version: number }>;
        const last = position?.version ?? 0;
        if (envelope.aggregateVersion <= last) return 'duplicate';
        if (envelope.aggregateVersion > last + 1) {
          // Undo the inbox row: the event has not been applied yet and must come back.
          throw new OrderGap();
        }
        await this.advance(tx, envelope);
        const handler = this.options.handlers[envelope.type] as EventHandler<EventType> | undefined;
        if (handler) await handler(envelope as Envelope<EventType>, tx);
        return 'applied';
      })
      .catch((error) => {
        if (error instanceof OrderGap) return 'wait' as const;
        throw error;
      });
  }

  private async advance(tx: EntityManager, envelope: AnyEnvelope): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.table('inbox_position')} (source, aggregate_id, version) VALUES ($1, $2, $3)
       ON CONFLICT (source, aggregate_id) DO UPDATE SET version = GREATEST(${this.table('inbox_position')}.version, EXCLUDED.version)`,
      [sourceOf(envelope.type), envelope.aggregateId, envelope.aggregateVersion],
    );
  }

  private delay(msg: JsMsg): number {
    const delays = this.options.retryDelaysMs ?? [200, 1000, 5000, 15000];
    return delays[Math.min(msg.info.redeliveryCount - 1, delays.length - 1)];
  }

  private async deadLetter(msg: JsMsg, envelope: AnyEnvelope | null, error: Error): Promise<void> {
    const reason = error instanceof EventValidationError ? `invalid: ${error.message}` : error.message;
    this.logger.error('event moved to dead letters', {
      durable: this.options.durable,
      subject: msg.subject,
      eventId: envelope?.id,
      deliveries: msg.info.redeliveryCount,
      error: reason.slice(0, 300),
    });
    await this.options.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ${this.table('dead_letter')} (event_id, subject, type, raw, error, deliveries) VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          envelope?.id ?? null,
          msg.subject,
          envelope?.type ?? null,
          Buffer.from(msg.data).toString('utf8'),
          reason.slice(0, 2000),
          msg.info.redeliveryCount,
        ],
      );
      // A dead event must not block the aggregate's later events forever.
      if (envelope) await this.advance(tx, envelope);
    });
  }
}

class OrderGap extends Error {}

export interface DeadLetterRow {
  id: string;
  eventId: string | null;
  subject: string;
  type: string | null;
  error: string;
  deliveries: number;
  createdAt: Date;
  replayedAt: Date | null;
}

/** Dead letters of one service's schema, newest first. */
export async function listDeadLetters(dataSource: DataSource, schema: string, limit = 100): Promise<DeadLetterRow[]> {
  const rows = await dataSource.query(
    `SELECT id, event_id, subject, type, error, deliveries, created_at, replayed_at FROM ${quoteIdent(schema)}.dead_letter ORDER BY created_at DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r: Record<string, unknown>) => ({
    id: r.id,
    eventId: r.event_id,
    subject: r.subject,
    type: r.type,
    error: r.error,
    deliveries: r.deliveries,
    createdAt: r.created_at,
    replayedAt: r.replayed_at,
  })) as DeadLetterRow[];
}

/**
 * Re-applies a dead-lettered event through the consumer's handlers (after the cause was fixed).
 * The inbox still guarantees it takes effect at most once.
 */
export async function replayDeadLetter(
  consumers: InboxConsumer | ((source: string) => InboxConsumer | undefined),
  dataSource: DataSource,
  schema: string,
  id: string,
) {
  const [row] = await dataSource.query(`SELECT raw, replayed_at FROM ${quoteIdent(schema)}.dead_letter WHERE id = $1`, [id]);
  if (!row) return { found: false as const };
  const envelope = parseEnvelope(row.raw as string);
  // A service consuming several streams replays through the consumer of the event's source.
  const consumer = typeof consumers === 'function' ? consumers(sourceOf(envelope.type)) : consumers;
  if (!consumer) throw new EventValidationError(`no consumer here for ${envelope.type}`);
  // Rewind the position the dead letter skipped to the version before it (deleting the row instead
  // made any event past version 1 look like a gap: the replay answered `wait` and never applied),
  // unless the event was applied since (a second replay): rewinding then would leave the aggregate's
  // next event waiting on a gap forever.
  await dataSource.query(
    `UPDATE ${quoteIdent(schema)}.inbox_position SET version = $3 - 1 WHERE source = $1 AND aggregate_id = $2 AND version = $3
       AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(schema)}.inbox WHERE event_id = $4)`,
    [sourceOf(envelope.type), envelope.aggregateId, envelope.aggregateVersion, envelope.id],
  );
  const outcome = await consumer.apply(envelope);
  await dataSource.query(`UPDATE ${quoteIdent(schema)}.dead_letter SET replayed_at = now() WHERE id = $1`, [id]);
  return { found: true as const, outcome };
}

/** The trace context a delivery carries: the publish span's (NATS header), else the one stored with the event. */
function traceContextOf(msg: JsMsg, envelope: AnyEnvelope | null): Context {
  const header = msg.headers?.get('traceparent');
  const traceparent = header || envelope?.traceparent;
  if (!traceparent) return ROOT_CONTEXT;
  const tracestate = msg.headers?.get('tracestate');
  return propagation.extract(ROOT_CONTEXT, { traceparent, ...(tracestate ? { tracestate } : {}) });
}
