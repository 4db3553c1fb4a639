import type { Attributes, Context, Span, SpanOptions, TextMapGetter } from '@opentelemetry/api';
import { context, isSpanContextValid, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, Sampler, SamplingResult, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BatchSpanProcessor, InMemorySpanExporter, SamplingDecision, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

// One tracer provider per process. Tests run every service and the gateway in one process, so the
// provider is shared and each span names its service in a `service.name` attribute (the resource
// names the first service started, which in production is the only one).
export const SERVICE_NAME = 'service.name';

export interface TelemetryOptions {
  /** Names the process in the resource; spans name their own service. */
  service: string;
  /** OTLP/HTTP base endpoint (e.g. http://otel-collector:4318); empty: spans are made, never exported. */
  otlpEndpoint?: string;
}

/** Forwards to a list of processors that may grow after start (a test attaches an in-memory one). */
class ProcessorList implements SpanProcessor {
  readonly processors: SpanProcessor[] = [];

  onStart(span: Parameters<SpanProcessor['onStart']>[0], parent: Context): void {
    // Spans made by libraries (the gateway's `gateway.*`) inherit the service of their local parent.
    if (span.attributes[SERVICE_NAME] === undefined) {
      const parentSpan = trace.getSpan(parent) as (Span & { attributes?: Attributes }) | undefined;
      const inherited = parentSpan?.attributes?.[SERVICE_NAME];
      if (inherited !== undefined) span.setAttribute(SERVICE_NAME, inherited);
    }
    for (const p of this.processors) p.onStart(span, parent);
  }
  onEnd(span: ReadableSpan): void {
    for (const p of this.processors) p.onEnd(span);
  }
  async forceFlush(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.forceFlush()));
  }
  async shutdown(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.shutdown()));
  }
}

/**
 * Records spans only while something collects them (an OTLP endpoint, a test's exporter). Otherwise
 * spans are non-recording: they still get ids, so trace and span ids reach the logs, the event
 * envelopes and the `traceparent` of every fetch, but no attributes, events or processor calls
 * are paid for on every request and event (docs/performance.md, "Gateway overhead").
 */
class CollectedOnlySampler implements Sampler {
  constructor(private readonly processors: ProcessorList) {}
  shouldSample(): SamplingResult {
    return { decision: this.processors.processors.length > 0 ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD };
  }
  toString(): string {
    return 'CollectedOnlySampler';
  }
}

let installed: { provider: NodeTracerProvider; processors: ProcessorList; endpoints: Set<string> } | undefined;

/**
 * Registers the process's tracer provider (W3C trace context, async-local context) on the first call;
 * later calls add their OTLP endpoint if it is new. Without an endpoint spans still exist, unrecorded,
 * so their ids reach the logs and the event envelopes.
 */
export function initTelemetry(options: TelemetryOptions): void {
  if (!installed) {
    const processors = new ProcessorList();
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ [SERVICE_NAME]: process.env.OTEL_SERVICE_NAME || options.service }),
      spanProcessors: [processors],
      sampler: new CollectedOnlySampler(processors),
    });
    provider.register({ propagator: new W3CTraceContextPropagator() });
    installed = { provider, processors, endpoints: new Set() };
  }
  const endpoint = options.otlpEndpoint?.trim().replace(/\/+$/, '');
  if (endpoint && !installed.endpoints.has(endpoint)) {
    installed.endpoints.add(endpoint);
    installed.processors.processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` })));
  }
}

/** Sends every span ended from now on to `exporter` as it ends (tests: an InMemorySpanExporter). */
export function attachSpanExporter(exporter: SpanExporter): () => void {
  initTelemetry({ service: 'test' });
  const processor = new SimpleSpanProcessor(exporter);
  installed!.processors.processors.push(processor);
  return () => {
    const list = installed!.processors.processors;
    const at = list.indexOf(processor);
    if (at >= 0) list.splice(at, 1);
  };
}

/** An in-memory exporter attached to the process's provider, for tests. */
export function recordSpansInMemory(): { exporter: InMemorySpanExporter; spans: () => ReadableSpan[]; detach: () => void } {
  const exporter = new InMemorySpanExporter();
  const detach = attachSpanExporter(exporter);
  return { exporter, spans: () => exporter.getFinishedSpans(), detach };
}

/** Flushes the exporters (graceful shutdown of a process that exports). */
export async function flushTelemetry(): Promise<void> {
  await installed?.processors.forceFlush().catch(() => undefined);
}

export function tracerFor(service: string) {
  return trace.getTracer(`@petition/${service}`);
}

/** Starts a span of `service`, a child of `parent` (default: the active context). */
export function startSpan(service: string, name: string, options: SpanOptions = {}, parent: Context = context.active()): Span {
  return tracerFor(service).startSpan(name, { ...options, attributes: { [SERVICE_NAME]: service, ...options.attributes } }, parent);
}

const headerGetter: TextMapGetter<Record<string, string | string[] | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key.toLowerCase()],
};

/** The trace context an incoming request carries (`traceparent`), or the root context. */
export function contextFromHeaders(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, headers, headerGetter);
}

/** Adds the active trace context's headers (`traceparent`) to an outgoing request. */
export function injectTraceHeaders(set: (name: string, value: string) => void, from: Context = context.active()): void {
  propagation.inject(from, undefined, { set: (_carrier, key, value) => set(key, value) });
}

/** The active span's ids, for log lines. */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const ctx = span.spanContext();
  return isSpanContextValid(ctx) ? { traceId: ctx.traceId, spanId: ctx.spanId } : undefined;
}

/** Ends a span with an error status when `error` is given. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: String((error as Error)?.message ?? error).slice(0, 200) });
  }
  span.end();
}

export { SpanKind, SpanStatusCode, context as otelContext, trace as otelTrace };
