import { randomBytes } from 'crypto';

import { recordSpansInMemory, SERVICE_NAME } from '@petition/service-kit';

import { letter, REGISTER, seedDepartments } from '../src/fixtures';
import type { Platform } from '../src/harness';
import { startPlatform, token, waitFor } from '../src/harness';

// The "done when": one registerPetition (and its routing) is one trace from the gateway
// through intake, its outbox and JetStream to the case service's consumer; logs carry the trace id;
// every service and the gateway answer /metrics with the operational metrics.

type FinishedSpan = ReturnType<ReturnType<typeof recordSpansInMemory>['spans']>[number];

const ROUTE = `mutation Route($i: RoutePetitionInput!) { routePetition(input: $i) { status } }`;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const base = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '');
const serviceOf = (s: FinishedSpan) => String(s.attributes[SERVICE_NAME] ?? '?');
const parentOf = (s: FinishedSpan) => s.parentSpanContext?.spanId;

/** Sum of the samples of `name` whose labels include `labels` (undefined: no such sample). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let found: number | undefined;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const given = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => given[k] === v)) found = (found ?? 0) + Number(m[3]);
  }
  return found;
}

/** The trace as an indented tree: service, span name. */
function traceTree(spans: FinishedSpan[]): string {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const children = new Map<string | undefined, FinishedSpan[]>();
  for (const s of spans) {
    const parent = parentOf(s) && ids.has(parentOf(s)!) ? parentOf(s) : undefined;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    for (const s of list) {
      lines.push(`${'  '.repeat(depth)}[${serviceOf(s)}] ${s.name}`);
      walk(s.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}

describe('observability: one trace from the gateway to the case consumer, metrics, log ids', () => {
  const recorder = recordSpansInMemory();
  let p: Platform;
  let clerk: string;
  const traceId = hex(16);
  const callerSpanId = hex(8);
  const requestId = `obs-${hex(6)}`;
  let petitionId: string;

  async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const res = await fetch(p.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clerk}`, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  const inTrace = () => recorder.spans().filter((s) => s.spanContext().traceId === traceId);

  beforeAll(async () => {
    p = await startPlatform({ logLevel: 'debug' });
    clerk = await token({ roles: ['CLERK'], department: 'D-BUREAU', subject: 'clerk-observability' });
    await seedDepartments(p, await token({ roles: ['ADMIN'], jurisdiction: '33' }));

    const traceparent = `00-${traceId}-${callerSpanId}-01`;
    const registered = await post(REGISTER, { input: letter() }, { traceparent, 'x-request-id': requestId });
    petitionId = registered.registerPetition.petition.id;
    await post(ROUTE, { i: { petitionId, mode: 'FORWARD', departmentCode: 'D-HOUSING' } }, { traceparent });
    await waitFor('the case to open', async () => {
      const [row] = await p.case.dataSource.query(`SELECT count(*)::int AS n FROM cases."case" WHERE petition_id = $1`, [petitionId]);
      return row.n > 0;
    });
    // Spans end as the work ends: the consumers of case.case.opened are the last of this trace.
    await waitFor(
      'the case consumer spans and the publish of case.case.opened',
      async () =>
        inTrace().some((s) => s.name === 'case-from-intake process intake.petition.routed') &&
        inTrace().some((s) => s.name === 'case-from-intake process intake.petition.registered') &&
        inTrace().some((s) => s.name === 'publish case.case.opened'),
    );
  });
  afterAll(async () => {
    recorder.detach();
    await p?.stop();
  });

  it('registerPetition and its routing are one trace: gateway → intake → outbox → JetStream → case', async () => {
    const spans = inTrace();
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const parent = (s: FinishedSpan) => byId.get(parentOf(s) ?? '');
    /** The span's ancestors, nearest first. */
    const ancestors = (s: FinishedSpan) => {
      const list: FinishedSpan[] = [];
      for (let at = parent(s); at; at = parent(at)) list.push(at);
      return list;
    };
    console.log(`trace ${traceId}\n${traceTree(spans)}`);

    // The gateway's server spans continue the caller's span; Apollo's gateway.* spans sit under them.
    const gatewayRequests = spans.filter((s) => serviceOf(s) === 'gateway' && s.name === 'POST /graphql');
    expect(gatewayRequests.map((s) => s.attributes['graphql.operation.name']).sort()).toEqual(['Register', 'Route']);
    for (const s of gatewayRequests) {
      expect(parentOf(s)).toBe(callerSpanId);
      expect(s.attributes['petition.outcome']).toBe('OK');
      expect(s.attributes['graphql.operation.type']).toBe('mutation');
    }
    const register = gatewayRequests.find((s) => s.attributes['graphql.operation.name'] === 'Register')!;
    expect(register.attributes['petition.request_id']).toBe(requestId);
    expect(spans.some((s) => s.name === 'gateway.fetch' && serviceOf(s) === 'gateway' && ancestors(s).includes(register))).toBe(true);

    // The intake subgraph's request is a child of the gateway's fetch.
    const intakeRequests = spans.filter((s) => serviceOf(s) === 'intake' && s.name === 'POST /graphql');
    expect(intakeRequests.length).toBeGreaterThanOrEqual(2);
    for (const s of intakeRequests) {
      expect(parent(s)?.name).toBe('gateway.fetch');
      expect(ancestors(s).some((a) => gatewayRequests.includes(a))).toBe(true);
    }
    const intakeRegister = intakeRequests.find((s) => ancestors(s).includes(register))!;
    expect(intakeRegister.attributes['petition.request_id']).toBe(requestId);

    // The relay's publish continues the context the outbox stored with the event.
    for (const type of ['intake.petition.registered', 'intake.petition.routed']) {
      const publish = spans.find((s) => s.name === `publish ${type}`)!;
      expect(publish).toBeDefined();
      expect(serviceOf(publish)).toBe('intake');
      expect(publish.attributes['messaging.system']).toBe('nats');
      expect(intakeRequests).toContain(parent(publish));
      // The case consumer's handling is a child of the publish (the NATS header carries it).
      const handled = spans.find((s) => s.name === `case-from-intake process ${type}`)!;
      expect(handled).toBeDefined();
      expect(serviceOf(handled)).toBe('case');
      expect(parent(handled)).toBe(publish);
      expect(handled.attributes['petition.event.outcome']).toBe('applied');
    }
    expect(parent(spans.find((s) => s.name === `publish intake.petition.registered`)!)).toBe(intakeRegister);

    // The case it opened reports in the same trace: its publish is a child of the consumer's span.
    const opened = spans.find((s) => s.name === 'publish case.case.opened')!;
    expect(serviceOf(opened)).toBe('case');
    expect(parent(opened)?.name).toBe('case-from-intake process intake.petition.routed');
  });

  it('log lines of the intake request carry its request id and the trace and span ids', () => {
    const intakeLines = p.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l.service === 'intake' && l.requestId === requestId);
    expect(intakeLines.length).toBeGreaterThan(0);
    for (const l of intakeLines) {
      expect(l.traceId).toBe(traceId);
      expect(l.spanId).toMatch(/^[0-9a-f]{16}$/);
    }
    // The consumer's log lines, if any, are in the trace too; lines outside any request carry none.
    expect(p.logLines.some((line) => line.includes('subgraph ready') && line.includes('traceId'))).toBe(false);
  });

  it('every service and the gateway answer /metrics with the operational metrics', async () => {
    const services = { intake: p.intake, case: p.case, hotspot: p.hotspot, reception: p.reception, assessment: p.assessment };
    const scrape = async (url: string) => {
      const res = await fetch(`${base(url)}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      return res.text();
    };
    // Every relay drained and every consumer caught up (hotspot and assessment consume case's events too).
    await waitFor(
      'outboxes drained and consumers caught up',
      async () => {
        for (const [name, s] of Object.entries(services)) {
          const text = await scrape(s.url);
          if (sample(text, 'outbox_backlog', { service: name }) !== 0) return false;
          if ((sample(text, 'consumer_lag') ?? 0) !== 0) return false;
        }
        return true;
      },
      15_000,
    );

    for (const [name, s] of Object.entries(services)) {
      const text = await scrape(s.url);
      expect([name, sample(text, 'service_ready')]).toEqual([name, 1]);
      expect([name, sample(text, 'outbox_backlog')]).toEqual([name, 0]);
      expect([name, sample(text, 'dead_letters')]).toEqual([name, 0]);
      expect([name, sample(text, 'metrics_scrape_errors_total') ?? 0]).toEqual([name, 0]);
      expect([name, text.includes('petition_process_cpu_user_seconds_total')]).toEqual([name, true]);
      expect([name, text.includes('audit_write_failures_total')]).toEqual([name, true]);
    }
    const intake = await scrape(p.intake.url);
    expect(sample(intake, 'graphql_request_duration_seconds_count', { operation: 'mutation', outcome: 'OK' })).toBeGreaterThanOrEqual(2);
    expect(sample(intake, 'events_published_total', { type: 'intake.petition.registered' })).toBeGreaterThanOrEqual(1);
    expect(sample(intake, 'events_published_total', { type: 'intake.petition.routed' })).toBeGreaterThanOrEqual(1);

    const caseText = await scrape(p.case.url);
    expect(sample(caseText, 'consumer_lag', { durable: 'case-from-intake' })).toBe(0);
    expect(sample(caseText, 'consumer_lag', { durable: 'case-from-reception' })).toBe(0);
    expect(sample(caseText, 'events_handled_total', { durable: 'case-from-intake', outcome: 'applied' })).toBeGreaterThanOrEqual(2);
    expect(sample(caseText, 'events_published_total', { type: 'case.case.opened' })).toBeGreaterThanOrEqual(1);
    expect(sample(caseText, 'cases_overdue')).toBe(0);

    const gateway = await scrape(p.gateway.url);
    expect(sample(gateway, 'graphql_request_duration_seconds_count', { service: 'gateway', operation: 'mutation' })).toBeGreaterThanOrEqual(
      2,
    );
    expect(sample(gateway, 'service_ready')).toBe(1);
    // The latency histogram has its buckets, so p99 can be computed with histogram_quantile.
    expect(gateway).toMatch(/graphql_request_duration_seconds_bucket\{le="0.5",service="gateway",operation="mutation",outcome="OK"\} \d+/);
  });

  it('cases_overdue counts an open case once its decision deadline has passed', async () => {
    p.clock.advanceDays(120);
    const text = await (await fetch(`${base(p.case.url)}/metrics`)).text();
    expect(sample(text, 'cases_overdue')).toBeGreaterThanOrEqual(1);
  });
});
