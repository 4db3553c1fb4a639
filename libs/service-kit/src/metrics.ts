import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import type { Logger } from './logger';

// One registry per service instance: tests run every service and the gateway in one process, and
// prom-client's global registry would mix (and reject) their metrics. Values that need a query are
// read at scrape time only, each with a short time limit: no request pays for a metric.
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;
const SCRAPE_TIMEOUT_MS = 2_000;

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<'operation' | 'outcome'>;
  readonly eventsPublished: Counter<'type'>;
  readonly eventsHandled: Counter<'durable' | 'outcome'>;
  readonly auditWriteFailures: Counter;
  private readonly scrapeErrors: Counter<'metric'>;

  constructor(
    readonly service: string,
    private readonly logger?: Logger,
  ) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'petition_' });
    const registers = [this.registry];
    this.requestDuration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL requests on /graphql by operation type and outcome (OK or the first error code), in seconds',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.eventsPublished = new Counter({
      name: 'events_published_total',
      help: 'Events the outbox relay published to JetStream (acknowledged), by type',
      labelNames: ['type'],
      registers,
    });
    this.eventsHandled = new Counter({
      name: 'events_handled_total',
      help: 'Deliveries handled by the inbox consumers: applied, duplicate, wait (nak: order gap or retry), dead, error',
      labelNames: ['durable', 'outcome'],
      registers,
    });
    this.auditWriteFailures = new Counter({
      name: 'audit_write_failures_total',
      help: 'Mutations whose audit record could not be written (log line "audit record not written")',
      registers,
    });
    this.scrapeErrors = new Counter({
      name: 'metrics_scrape_errors_total',
      help: 'Scrape-time metric reads that failed or timed out, by metric',
      labelNames: ['metric'],
      registers,
    });
  }

  /**
   * A gauge read when scraped: `read` returns one value, or values per label set. A read that fails
   * or times out leaves the gauge empty for that scrape (no stale value) and counts the failure.
   */
  scrapeGauge<L extends string = never>(
    name: string,
    help: string,
    read: () => Promise<number | Array<{ labels: Record<L, string>; value: number }>>,
    labelNames: L[] = [],
  ): Gauge<L> {
    const { scrapeErrors, logger } = this;
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          const value = await withTimeout(read(), SCRAPE_TIMEOUT_MS);
          if (typeof value === 'number') (this as Gauge).set(value);
          else for (const v of value) this.set(v.labels as never, v.value);
        } catch (error) {
          scrapeErrors.inc({ metric: name });
          logger?.warn('metric not collected', { metric: name, error: String((error as Error)?.message ?? error) });
        }
      },
    });
  }

  /** The text exposition format. */
  async render(): Promise<string> {
    return this.registry.metrics();
  }
}

export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
