import type { Context } from '@opentelemetry/api';
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { JetStreamClient, MsgHdrs } from 'nats';
import { headers as natsHeaders } from 'nats';
import { Client } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';

import type { EventLogger } from './logger';
import { silentLogger } from './logger';
import { subjectFor } from './streams';
import { quoteIdent } from './tables';

export interface RelayOptions {
  dataSource: DataSource;
  schema: string;
  js: JetStreamClient;
  subjectPrefix: string;
  logger?: EventLogger;
  batchSize?: number;
  /** Fallback poll when a NOTIFY is missed (e.g. the LISTEN connection dropped). */
  pollIntervalMs?: number;
  /** Fault injection for tests: runs after the batch is acknowledged by JetStream, before it is marked. */
  afterPublish?: (eventIds: string[]) => Promise<void>;
  /** The publishing service, named on the publish spans (default: the schema). */
  service?: string;
  /** Called with the types of a batch once it is published and marked (the events_published_total metric). */
  onPublished?: (types: string[]) => void;
}

interface OutboxRow {
  id: string;
  type: string;
  envelope: unknown;
}

/** A published batch whose rows are still locked by its open transaction, not yet marked. */
interface Claimed {
  runner: QueryRunner;
  rows: OutboxRow[];
}

/**
 * Publishes outbox rows to JetStream with Nats-Msg-Id = event id, then marks them published.
 * Selection is "not yet published" (rows commit out of order); FOR UPDATE SKIP LOCKED lets several
 * relays run. A crash between publish and mark re-publishes the same id: JetStream's duplicate
 * window drops it, and the consumers' inbox drops anything older.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly logger: EventLogger;
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;
  /** Connections kept between batches while events keep coming (see acquire). */
  private kept: QueryRunner[] = [];
  private keepTimer?: NodeJS.Timeout;

  constructor(private readonly options: RelayOptions) {
    this.table = `${quoteIdent(options.schema)}.outbox`;
    this.logger = options.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 1000);
    this.timer.unref();
    this.wake();
  }

  /** Stops listening and flushes what is left (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    await this.draining;
    await this.drainOnce().catch((error) => this.logger.warn('outbox flush on stop failed', { error: String(error) }));
    await this.releaseKept();
  }

  wake(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Publishes everything unpublished now; resolves when the outbox is empty. */
  async flush(): Promise<void> {
    await this.draining;
    while ((await this.drainOnce()) > 0);
  }

  async backlog(): Promise<number> {
    const [row] = await this.options.dataSource.query(`SELECT count(*)::int AS n FROM ${this.table} WHERE published_at IS NULL`);
    return row.n as number;
  }

  /**
   * Batch after batch until one comes back short. Marking a batch (UPDATE, COMMIT) overlaps with
   * selecting and publishing the next: its rows stay locked until the mark commits, so the next
   * SELECT … SKIP LOCKED passes over them, and the next batch is published only after JetStream
   * acknowledged this one (the stream keeps the outbox order). At most one mark is in flight.
   */
  private async drainLoop(): Promise<void> {
    const size = this.options.batchSize ?? 200;
    let marking: Promise<number> | undefined;
    try {
      while (!this.stopped) {
        const batch = await this.claimAndPublish();
        if (!batch) break;
        const previous = marking;
        marking = this.mark(batch);
        // Awaited below or on the way out; never an unhandled rejection in between.
        marking.catch(() => undefined);
        if (previous) await previous;
        if (batch.rows.length < size) break;
      }
      await marking;
    } catch (error) {
      // The batch in flight settles (marked, or rolled back to be published again) before the loop ends.
      await marking?.catch(() => undefined);
      this.logger.warn('outbox relay batch failed; will retry', { schema: this.options.schema, error: String(error) });
    }
  }

  private async drainOnce(): Promise<number> {
    const batch = await this.claimAndPublish();
    return batch ? this.mark(batch) : 0;
  }

  /**
   * Selects and locks the next unpublished rows (in a transaction left open), publishes them and
   * waits for JetStream's acks. Undefined when there is nothing to publish.
   */
  private async claimAndPublish(): Promise<Claimed | undefined> {
    const { js, subjectPrefix } = this.options;
    const runner = await this.acquire();
    try {
      await runner.startTransaction();
      const rows: OutboxRow[] = await runner.query(
        `SELECT id, type, envelope FROM ${this.table} WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize ?? 200],
      );
      if (rows.length === 0) {
        await runner.commitTransaction();
        this.keep(runner, false);
        return undefined;
      }
      try {
        // Publish the batch concurrently; JetStream acks each after storing it. One connection's
        // messages reach the server in the order sent, so the stream keeps the outbox order.
        await Promise.all(rows.map((row) => this.publish(js, subjectPrefix, row)));
      } catch (error) {
        await runner.query(`UPDATE ${this.table} SET publish_attempts = publish_attempts + 1, last_error = $2 WHERE id = ANY($1)`, [
          rows.map((r) => r.id),
          String((error as Error).message).slice(0, 500),
        ]);
        await runner.commitTransaction();
        throw error;
      }
      await this.options.afterPublish?.(rows.map((r) => r.id));
      return { runner, rows };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      if (!runner.isReleased) await runner.release();
      throw error;
    }
  }

  /** Marks a published batch and commits (only now are its rows published for everyone). */
  private async mark({ runner, rows }: Claimed): Promise<number> {
    try {
      await runner.query(`UPDATE ${this.table} SET published_at = now(), publish_attempts = publish_attempts + 1 WHERE id = ANY($1)`, [
        rows.map((r) => r.id),
      ]);
      await runner.commitTransaction();
      this.options.onPublished?.(rows.map((r) => r.type));
      this.keep(runner, true);
      return rows.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
      throw error;
    }
  }

  /**
   * A connection for the next batch: one kept from the last batch, else one from the pool. While
   * events keep coming the relay keeps its connections (at most two, the batch being marked and
   * the next); taking a new one each batch queued it behind the service's own transactions when
   * the pool was busy, which is when events come fastest, and the relay fell seconds behind.
   */
  private async acquire(): Promise<QueryRunner> {
    const kept = this.kept.pop();
    if (kept && !kept.isReleased) return kept;
    const runner = this.options.dataSource.createQueryRunner();
    await runner.connect();
    return runner;
  }

  /** After a batch (`published`) or an empty select: kept while batches came within the last second. */
  private keep(runner: QueryRunner, published: boolean): void {
    if (this.stopped || this.kept.length >= 2 || (!published && !this.keepTimer)) {
      void runner.release().catch(() => undefined);
      return;
    }
    this.kept.push(runner);
    if (!published) return;
    if (this.keepTimer) clearTimeout(this.keepTimer);
    this.keepTimer = setTimeout(() => void this.releaseKept(), KEEP_CONNECTIONS_MS);
    this.keepTimer.unref();
  }

  private async releaseKept(): Promise<void> {
    if (this.keepTimer) clearTimeout(this.keepTimer);
    this.keepTimer = undefined;
    const kept = this.kept.splice(0);
    await Promise.all(kept.map((runner) => runner.release().catch(() => undefined)));
  }

  private publish(js: JetStreamClient, subjectPrefix: string, row: OutboxRow): Promise<void> {
    const subject = subjectFor(subjectPrefix, row.type);
    const traceparent = (row.envelope as { traceparent?: string }).traceparent;
    // The publish span continues the trace stored with the event; the message carries the
    // publish span's context, so the consumer's span is its child.
    const parent = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
    const span = tracer().startSpan(
      `publish ${row.type}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'service.name': this.options.service ?? this.options.schema,
          'messaging.system': 'nats',
          'messaging.operation.type': 'send',
          'messaging.destination.name': subject,
          'messaging.message.id': row.id,
        },
      },
      parent,
    );
    const h = natsHeaders();
    injectInto(h, trace.setSpan(parent, span));
    // No propagator registered (no tracing in this process): pass the stored context on as it is.
    if (!h.has('traceparent') && traceparent) h.set('traceparent', traceparent);
    return js.publish(subject, JSON.stringify(row.envelope), { msgID: row.id, headers: h }).then(
      (ack) => {
        span.setAttribute('messaging.nats.stream.sequence', ack.seq);
        span.end();
      },
      (error: Error) => {
        span.recordException(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(error.message).slice(0, 200) });
        span.end();
        throw error;
      },
    );
  }

  private async listen(): Promise<void> {
    const opts = this.options.dataSource.options as {
      url?: string;
      host?: string;
      port?: number;
      username?: string;
      password?: string;
      database?: string;
    };
    const client = new Client(
      opts.url
        ? { connectionString: opts.url }
        : { host: opts.host, port: opts.port, user: opts.username, password: opts.password, database: opts.database },
    );
    client.on('error', (error) => {
      this.logger.warn('outbox LISTEN connection lost; polling until it is back', { error: String(error) });
      this.listener = undefined;
      if (!this.stopped) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    });
    client.on('notification', () => this.wake());
    await client.connect();
    await client.query(`LISTEN "${this.options.schema}_outbox"`);
    this.listener = client;
  }
}

const KEEP_CONNECTIONS_MS = 1000;

// Looked up per use: a tracer taken at load time, before the provider is registered (by another copy
// of @opentelemetry/api), would stay a no-op.
const tracer = () => trace.getTracer('@petition/events');

function injectInto(headers: MsgHdrs, from: Context) {
  propagation.inject(from, headers, { set: (carrier, key, value) => carrier.set(key, value) });
}
