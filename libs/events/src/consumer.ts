import type { Context, Span } from '@opentelemetry/api';
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
  /** Most events applied in one transaction (default 100; 1 applies each in its own). */
  batchSize?: number;
  /** The consuming service, named on the handling spans (default: the schema). */
  service?: string;
  /** Called once per delivery with its outcome (the events_handled_total metric); `error` when the database failed. */
  onHandled?: (outcome: Outcome | 'error') => void;
}

type Outcome = 'applied' | 'duplicate' | 'wait' | 'dead';
// Looked up per use: a tracer taken at load time, before the provider is registered (by another copy
// of @opentelemetry/api), would stay a no-op.
const tracer = () => trace.getTracer('@petition/events');

/** One delivery in hand: the message, what it parsed to, and its `<durable> process <type>` span. */
interface Delivery {
  msg: JsMsg;
  envelope: AnyEnvelope | null;
  invalid?: Error;
  span: Span;
  /** The span's context: the handler runs in it (its outbox events and log lines join the trace). */
  context: Context;
}

/** An event for `applyAll`: from a delivery (batch path) or on its own (`apply`, replay). */
interface Item {
  envelope: AnyEnvelope | null;
  invalid?: Error;
  /** Set for a delivery: an order gap on its last delivery, or an invalid payload, is dead-lettered. */
  msg?: JsMsg;
  context?: Context;
}

interface Applied {
  outcomes: Outcome[];
  /** Why an item went to dead letters, by index. */
  reasons: Map<number, string>;
}

/**
 * A durable JetStream consumer whose effects are exactly-once: the event id goes into the inbox in
 * the same transaction as the handler's effect, so a redelivery changes nothing. Events of one
 * aggregate apply in aggregateVersion order: a gap waits (nak with delay) for the missing event.
 * A message that cannot be parsed, or whose handler fails `maxDeliver` times, goes to dead letters.
 *
 * Deliveries are applied in batches: whatever has arrived while the previous batch was being
 * applied (up to `batchSize`, never waiting for more) is applied in stream order in ONE
 * transaction, and acknowledged once it committed. A handler that throws rolls the batch back: the
 * events before it are applied again (in their own transaction), its delivery fails as it would
 * alone (retry with delay, dead letters on the last), the events after it follow. Anything else
 * (the commit, the database, a deadlock between two batches) sends the batch one event per
 * transaction, the path `handle` takes.
 */
export class InboxConsumer {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  /** Delivered, not yet taken into a batch. */
  private queue: JsMsg[] = [];
  private wakeUp?: () => void;
  private ended = false;
  private readonly logger: EventLogger;
  private readonly maxDeliver: number;
  private readonly ackWaitMs: number;
  private readonly batchSize: number;
  private readonly table: (name: string) => string;

  constructor(private readonly options: ConsumerOptions) {
    this.logger = options.logger ?? silentLogger;
    this.maxDeliver = options.maxDeliver ?? 5;
    this.ackWaitMs = options.ackWaitMs ?? 30_000;
    this.batchSize = Math.max(1, options.batchSize ?? 100);
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
      // One batch at a time per consumer, applied in stream order, so aggregate order holds.
      max_ack_pending: 256,
    };
    try {
      await jsm.consumers.info(stream, durable);
      await jsm.consumers.update(stream, durable, config);
    } catch {
      await jsm.consumers.add(stream, config);
    }
    const consumer = await js.consumers.get(stream, durable);
    this.queue = [];
    this.ended = false;
    // The callback queues each message as it arrives (synchronously, off the socket): when a batch
    // is taken, everything already received is in the queue, and an idle consumer takes the first
    // message at once.
    const messages = await consumer.consume({
      max_messages: 100,
      callback: (msg) => {
        this.queue.push(msg);
        this.wake();
      },
    });
    this.messages = messages;
    void messages.closed().then((error) => {
      if (error) this.logger.error('consumer loop ended', { durable, error: String(error) });
      if (this.messages !== messages) return;
      this.ended = true;
      this.wake();
    });
    this.loop = this.run().catch((error) => this.logger.error('consumer loop ended', { durable, error: String(error) }));
  }

  /** Stops fetching, lets the messages in hand finish (graceful shutdown). */
  async stop(): Promise<void> {
    await this.messages?.close();
    this.ended = true;
    this.wake();
    await this.loop;
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.wakeUp = resolve));
        continue;
      }
      const batch = this.queue.splice(0, this.batchSize).map((msg) => this.open(msg));
      await this.handleBatch(batch);
    }
  }

  /**
   * Handles one delivery on its own, inside a span `<durable> process <type>`, a child of the trace
   * context the message carries (its `traceparent` header, else the envelope's): log lines and the
   * events the handler appends to its own outbox belong to the same trace.
   */
  async handle(msg: JsMsg): Promise<Outcome> {
    const delivery = this.open(msg);
    try {
      const outcome = await context.with(delivery.context, () => this.process(delivery.msg, delivery.envelope, delivery.invalid));
      this.finish(delivery, outcome);
      return outcome;
    } catch (error) {
      this.endWithError(delivery, error as Error);
      throw error;
    }
  }

  /** Parses a delivery and starts its span. */
  private open(msg: JsMsg): Delivery {
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
    return { msg, envelope, invalid, span, context: trace.setSpan(parent, span) };
  }

  /** The delivery is settled (acked, nak'd or terminated): its outcome on the span and the metric. */
  private finish(delivery: Delivery, outcome: Outcome): void {
    const { span } = delivery;
    span.setAttribute('petition.event.outcome', outcome);
    if (outcome === 'dead') span.setStatus({ code: SpanStatusCode.ERROR, message: 'moved to dead letters' });
    this.options.onHandled?.(outcome);
    span.end();
  }

  private endWithError(delivery: Delivery, error: Error): void {
    const { span } = delivery;
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error.message).slice(0, 200) });
    span.end();
  }

  /** The database itself failed (even the dead-letter write): JetStream redelivers after a pause. */
  private redeliver(delivery: Delivery, error: Error): void {
    this.endWithError(delivery, error);
    this.options.onHandled?.('error');
    this.logger.error('event could not be handled; will be redelivered', {
      durable: this.options.durable,
      error: String(error.message),
    });
    delivery.msg.nak(this.delay(delivery.msg));
  }

  /** One delivery alone, in its own transaction (what `handle` does), never throwing. */
  private async alone(delivery: Delivery): Promise<void> {
    try {
      const outcome = await context.with(delivery.context, () => this.process(delivery.msg, delivery.envelope, delivery.invalid));
      this.finish(delivery, outcome);
    } catch (error) {
      this.redeliver(delivery, error as Error);
    }
  }

  /**
   * Applies deliveries in stream order in one transaction, then settles each (ack, nak, term) after
   * the commit. The outcome of every delivery is the one it would have had handled alone, in order.
   */
  private async handleBatch(batch: Delivery[]): Promise<void> {
    let rest = batch;
    while (rest.length > 0) {
      let applied: Applied;
      try {
        applied = await this.applyAll(rest.map(({ envelope, invalid, msg, context: ctx }) => ({ envelope, invalid, msg, context: ctx })));
      } catch (error) {
        if (rest.length === 1) {
          // Alone, any failure is this delivery's, as in `handle`.
          const [delivery] = rest;
          const cause = error instanceof HandlerFailure ? error.error : (error as Error);
          if (delivery.envelope) await this.handlerFailed(delivery, cause);
          else this.redeliver(delivery, cause);
          return;
        }
        if (error instanceof HandlerFailure && !notTheEventsFault(error.error)) {
          // The events before the failing one again, without it; then its delivery fails as it
          // would alone; then the events after it.
          if (error.index > 0) await this.handleBatch(rest.slice(0, error.index));
          await this.handlerFailed(rest[error.index], error.error);
          rest = rest.slice(error.index + 1);
          continue;
        }
        // Not one event's fault (the commit, the database, two batches deadlocked): each on its own.
        for (const delivery of rest) await this.alone(delivery);
        return;
      }
      rest.forEach((delivery, i) => this.settle(delivery, applied.outcomes[i], applied.reasons.get(i)));
      return;
    }
  }

  /** After the batch committed. */
  private settle(delivery: Delivery, outcome: Outcome, reason: string | undefined): void {
    const { msg } = delivery;
    if (outcome === 'dead') this.logDeadLetter(msg, delivery.envelope, reason ?? '');
    try {
      if (outcome === 'dead') msg.term();
      else if (outcome === 'wait') msg.nak(this.gapDelay(msg));
      else msg.ack();
    } catch (error) {
      // The connection is closing: JetStream redelivers after ack_wait, the inbox drops the copy.
      this.logger.warn('event applied, acknowledgement not sent', { durable: this.options.durable, error: String(error) });
    }
    this.finish(delivery, outcome);
  }

  private async handlerFailed(delivery: Delivery, error: Error): Promise<void> {
    try {
      const outcome = await context.with(delivery.context, () => this.failed(delivery.msg, delivery.envelope!, error));
      this.finish(delivery, outcome);
    } catch (deadLetterError) {
      this.redeliver(delivery, deadLetterError as Error);
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
        if (this.lastDelivery(msg)) {
          await this.deadLetter(msg, envelope, new Error(orderGap(envelope)));
          msg.term();
          return 'dead';
        }
        msg.nak(this.gapDelay(msg));
        return 'wait';
      }
      msg.ack();
      return outcome;
    } catch (error) {
      return this.failed(msg, envelope, error as Error);
    }
  }

  /** The handler (or the transaction) failed on this delivery: retry with delay, or dead letters on the last. */
  private async failed(msg: JsMsg, envelope: AnyEnvelope, error: Error): Promise<Outcome> {
    const deliveries = msg.info.redeliveryCount;
    this.logger.warn('event handler failed', {
      durable: this.options.durable,
      eventId: envelope.id,
      type: envelope.type,
      deliveries,
      error: String(error.message),
    });
    if (deliveries >= this.maxDeliver) {
      await this.deadLetter(msg, envelope, error);
      msg.term();
      return 'dead';
    }
    msg.nak(this.delay(msg));
    return 'wait';
  }

  private lastDelivery(msg: JsMsg): boolean {
    return msg.info.redeliveryCount >= this.maxDeliver;
  }

  /**
   * The missing event may be held by a consumer instance that died mid-handler: JetStream gives it
   * back only after ack_wait. The last wait reaches past it, or a crash (kill -9 in the fault suite)
   * dead-letters the next event of the aggregate with an order gap.
   */
  private gapDelay(msg: JsMsg): number {
    const last = msg.info.redeliveryCount >= this.maxDeliver - 1;
    return last ? Math.max(this.delay(msg), this.ackWaitMs + 5000) : this.delay(msg);
  }

  /** Applies one envelope exactly once; exported for dead-letter replay. */
  async apply(envelope: AnyEnvelope): Promise<'applied' | 'duplicate' | 'wait'> {
    try {
      const { outcomes } = await this.applyAll([{ envelope }]);
      return outcomes[0] as 'applied' | 'duplicate' | 'wait';
    } catch (error) {
      throw error instanceof HandlerFailure ? error.error : error;
    }
  }

  /**
   * Applies events in the given order in one transaction, each exactly as it would be alone and in
   * order: its id into the inbox (already there → duplicate); its aggregate's position, locked (at
   * or past its version → duplicate, the inbox row kept; a gap → wait, no inbox row, or for a
   * delivery on its last attempt a dead letter that advances the position); else the position
   * advances and its handler runs. Two events of one aggregate see each other's position. The
   * bookkeeping is set-based (one statement each for inbox, positions, and their final writes);
   * the final writes follow the handlers, so a handler that swallowed a database error (the
   * transaction aborted) fails the batch instead of a silent rollback at COMMIT.
   * A handler that throws → HandlerFailure(index), after the transaction rolled back.
   */
  private async applyAll(items: Item[]): Promise<Applied> {
    return this.options.dataSource.transaction(async (tx) => {
      const outcomes: Outcome[] = new Array<Outcome>(items.length);
      const reasons = new Map<number, string>();
      const idOf = (e: AnyEnvelope) => e.id.toLowerCase();
      const keyOf = (e: AnyEnvelope) => `${sourceOf(e.type)}\u0000${e.aggregateId}`;

      // The inbox: one row per distinct id, inserted in id order (two batches lock alike).
      const distinct = new Map<string, AnyEnvelope>();
      for (const { envelope } of items) if (envelope && !distinct.has(idOf(envelope))) distinct.set(idOf(envelope), envelope);
      const candidates = [...distinct.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
      const inserted = new Set<string>();
      if (candidates.length > 0) {
        const rows: Array<{ event_id: string }> = await tx.query(
          `INSERT INTO ${this.table('inbox')} (event_id, type, source, aggregate_id, aggregate_version)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[])
           ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
          [
            candidates.map((e) => e.id),
            candidates.map((e) => e.type),
            candidates.map((e) => sourceOf(e.type)),
            candidates.map((e) => e.aggregateId),
            candidates.map((e) => e.aggregateVersion),
          ],
        );
        for (const row of rows) inserted.add(row.event_id.toLowerCase());
      }

      // The positions of the new events' aggregates, locked in key order.
      const aggregates = new Map<string, { source: string; aggregateId: string }>();
      for (const e of candidates) {
        if (inserted.has(idOf(e))) aggregates.set(keyOf(e), { source: sourceOf(e.type), aggregateId: e.aggregateId });
      }
      const stored = new Map<string, number>();
      if (aggregates.size > 0) {
        const keys = [...aggregates.values()];
        const rows: Array<{ source: string; aggregate_id: string; version: number }> = await tx.query(
          `SELECT p.source, p.aggregate_id, p.version FROM ${this.table('inbox_position')} p
           WHERE (p.source, p.aggregate_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
           ORDER BY p.source, p.aggregate_id FOR UPDATE`,
          [keys.map((k) => k.source), keys.map((k) => k.aggregateId)],
        );
        for (const row of rows) stored.set(`${row.source}\u0000${row.aggregate_id}`, row.version);
      }

      // Each event in order, as if alone.
      const position = new Map(stored);
      const kept = new Set<string>(); // new inbox rows that stay (applied, or older than the position)
      const deadLetters: Array<{ item: Item; reason: string }> = [];
      items.forEach((item, i) => {
        const e = item.envelope;
        if (!e) {
          const error = item.invalid ?? new EventValidationError('payload is not an event');
          reasons.set(i, deadLetterReason(error));
          deadLetters.push({ item, reason: deadLetterReason(error) });
          outcomes[i] = 'dead';
          return;
        }
        if (!inserted.has(idOf(e)) || kept.has(idOf(e))) {
          outcomes[i] = 'duplicate';
          return;
        }
        const last = position.get(keyOf(e)) ?? 0;
        if (e.aggregateVersion <= last) {
          kept.add(idOf(e));
          outcomes[i] = 'duplicate';
        } else if (e.aggregateVersion > last + 1) {
          if (item.msg && this.lastDelivery(item.msg)) {
            // A dead event must not block the aggregate's later events forever.
            reasons.set(i, orderGap(e));
            deadLetters.push({ item, reason: orderGap(e) });
            position.set(keyOf(e), e.aggregateVersion);
            outcomes[i] = 'dead';
          } else {
            outcomes[i] = 'wait';
          }
        } else {
          kept.add(idOf(e));
          position.set(keyOf(e), e.aggregateVersion);
          outcomes[i] = 'applied';
        }
      });

      for (const [i, item] of items.entries()) {
        if (outcomes[i] !== 'applied') continue;
        const envelope = item.envelope as Envelope<EventType>;
        const handler = this.options.handlers[envelope.type] as EventHandler<EventType> | undefined;
        if (!handler) continue;
        try {
          await (item.context ? context.with(item.context, () => handler(envelope, tx)) : handler(envelope, tx));
        } catch (error) {
          throw new HandlerFailure(i, error as Error);
        }
      }

      // Undo the inbox rows of events that wait or died on a gap: they have not been applied.
      const undone = [...inserted].filter((id) => !kept.has(id));
      if (undone.length > 0) {
        await tx.query(`DELETE FROM ${this.table('inbox')} WHERE event_id = ANY($1::uuid[])`, [undone]);
      }
      for (const { item, reason } of deadLetters) {
        const { msg, envelope } = item;
        await this.insertDeadLetter(tx, msg!.subject, msg!.data, msg!.info.redeliveryCount, envelope, reason);
      }
      const advanced = [...position.entries()].filter(([key, version]) => stored.get(key) !== version).sort(([a], [b]) => (a < b ? -1 : 1));
      if (advanced.length > 0) {
        await tx.query(
          `INSERT INTO ${this.table('inbox_position')} (source, aggregate_id, version)
           SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
           ON CONFLICT (source, aggregate_id) DO UPDATE SET version = GREATEST(${this.table('inbox_position')}.version, EXCLUDED.version)`,
          [
            advanced.map(([key]) => key.split('\u0000')[0]),
            advanced.map(([key]) => key.slice(key.indexOf('\u0000') + 1)),
            advanced.map(([, v]) => v),
          ],
        );
      }
      return { outcomes, reasons };
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

  private logDeadLetter(msg: JsMsg, envelope: AnyEnvelope | null, reason: string): void {
    this.logger.error('event moved to dead letters', {
      durable: this.options.durable,
      subject: msg.subject,
      eventId: envelope?.id,
      deliveries: msg.info.redeliveryCount,
      error: reason.slice(0, 300),
    });
  }

  private async insertDeadLetter(
    tx: EntityManager,
    subject: string,
    data: Uint8Array,
    deliveries: number,
    envelope: AnyEnvelope | null,
    reason: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.table('dead_letter')} (event_id, subject, type, raw, error, deliveries) VALUES ($1, $2, $3, $4, $5, $6)`,
      [envelope?.id ?? null, subject, envelope?.type ?? null, Buffer.from(data).toString('utf8'), reason.slice(0, 2000), deliveries],
    );
  }

  private async deadLetter(msg: JsMsg, envelope: AnyEnvelope | null, error: Error): Promise<void> {
    const reason = deadLetterReason(error);
    this.logDeadLetter(msg, envelope, reason);
    await this.options.dataSource.transaction(async (tx) => {
      await this.insertDeadLetter(tx, msg.subject, msg.data, msg.info.redeliveryCount, envelope, reason);
      // A dead event must not block the aggregate's later events forever.
      if (envelope) await this.advance(tx, envelope);
    });
  }
}

/** A handler threw while applying the item at `index` of a batch (the transaction is rolled back). */
class HandlerFailure extends Error {
  constructor(
    readonly index: number,
    readonly error: Error,
  ) {
    super(error?.message);
  }
}

const orderGap = (envelope: AnyEnvelope) => `order gap: waited for version ${envelope.aggregateVersion - 1}`;

function deadLetterReason(error: Error): string {
  return error instanceof EventValidationError ? `invalid: ${error.message}` : error.message;
}

/**
 * A failure that says nothing about the event whose handler saw it: a deadlock or serialization
 * failure between two batches, or a transaction already aborted by an earlier handler that caught
 * its own database error. In a batch, such an event is retried alone rather than charged a delivery.
 */
function notTheEventsFault(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.driverError?.code;
  return code === '40P01' || code === '40001' || code === '25P02';
}

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
