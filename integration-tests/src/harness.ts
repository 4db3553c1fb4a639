import 'reflect-metadata';

import { randomBytes } from 'crypto';

import { connect } from 'nats';
import { Client } from 'pg';

import { DEV_JWT_SECRET, signDevToken, type DevTokenInput } from '@petition/auth';
import { SettableClock } from '@petition/clock';
import type { RelayOptions } from '@petition/events';
import { streamName } from '@petition/events';
import { buildCaseSchema, parseCaseEnvironment, startCaseService, type CaseServiceOptions } from '@petition/case';
import { composeSupergraph, parseGatewayEnvironment, startGateway } from '@petition/gateway';
import { buildHotspotSchema, parseHotspotEnvironment, startHotspotService } from '@petition/hotspot-screening';
import { buildIntakeSchema, parseIntakeEnvironment, startIntakeService } from '@petition/intake';
import { buildReceptionSchema, parseReceptionEnvironment, startReceptionService } from '@petition/joint-reception';
import { buildAssessmentSchema, parseAssessmentEnvironment, startAssessmentService } from '@petition/assessment';
import { printSubgraphSdl } from '@petition/subgraph';
import { createLogger } from '@petition/service-kit';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export interface PlatformOptions {
  clock?: SettableClock;
  intakeRelay?: Pick<RelayOptions, 'afterPublish' | 'pollIntervalMs'>;
  caseConsumer?: CaseServiceOptions['consumer'];
  logLines?: string[];
  /** Level of the collected log lines (default info; the personal-data scan reads debug too). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** HOTSPOT_CONFIG for this platform (JSON). */
  hotspotConfig?: string;
  /** RECEPTION_CONFIG for this platform (JSON). */
  receptionConfig?: string;
}

export type Platform = Awaited<ReturnType<typeof startPlatform>>;

let supergraph: string | undefined;
/** The supergraph of the current code's subgraphs, composed once per test file. */
export async function composedSupergraph() {
  supergraph ??= composeSupergraph({
    intake: printSubgraphSdl(await buildIntakeSchema()),
    case: printSubgraphSdl(await buildCaseSchema()),
    hotspot: printSubgraphSdl(await buildHotspotSchema()),
    reception: printSubgraphSdl(await buildReceptionSchema()),
    assessment: printSubgraphSdl(await buildAssessmentSchema()),
  });
  return supergraph;
}

/**
 * The services and the gateway in this process, on the real PostgreSQL and NATS, in a database
 * and a subject prefix of their own so test files never see each other's data or events.
 */
export async function startPlatform(options: PlatformOptions = {}) {
  const id = randomBytes(4).toString('hex');
  const database = `petition_test_${id}`;
  const prefix = `t${id}.`;
  const clock = options.clock ?? new SettableClock('2025-09-20T02:00:00Z');
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: `${PG_URL}/${database}`,
    NATS_URL,
    NATS_SUBJECT_PREFIX: prefix,
    PORT: '0',
    OVERDUE_SCAN_INTERVAL_MS: '0',
    SCREENING_SCAN_INTERVAL_MS: '0',
    DUTY_SCAN_INTERVAL_MS: '0',
    DB_POOL_SIZE: '4',
  };
  const lines = options.logLines ?? [];
  const logger = (name: string) => createLogger(name, options.logLevel ?? 'info', {}, (line) => lines.push(line));

  const intake = await startIntakeService({
    env: parseIntakeEnvironment(env),
    clock,
    logger: logger('intake'),
    relay: options.intakeRelay,
  });
  const caseService = await startCaseService({
    env: parseCaseEnvironment(env),
    clock,
    logger: logger('case'),
    consumer: options.caseConsumer,
  });
  const hotspot = await startHotspotService({
    env: parseHotspotEnvironment({ ...env, HOTSPOT_CONFIG: options.hotspotConfig ?? '{}' }),
    clock,
    logger: logger('hotspot'),
  });
  const reception = await startReceptionService({
    env: parseReceptionEnvironment({ ...env, RECEPTION_CONFIG: options.receptionConfig ?? '{}' }),
    clock,
    logger: logger('reception'),
  });
  const assessment = await startAssessmentService({ env: parseAssessmentEnvironment(env), clock, logger: logger('assessment') });
  const gateway = await startGateway({
    env: parseGatewayEnvironment({
      ...env,
      INTAKE_URL: intake.url,
      CASE_URL: caseService.url,
      HOTSPOT_URL: hotspot.url,
      RECEPTION_URL: reception.url,
      ASSESSMENT_URL: assessment.url,
      // Tests call far faster than a person; security-gateway.int.spec.ts tests the limit on a gateway of its own.
      RATE_LIMIT_PER_MINUTE: '0',
    }),
    logger: logger('gateway'),
    supergraphSdl: await composedSupergraph(),
  });

  const platform = {
    id,
    database,
    prefix,
    clock,
    intake,
    case: caseService,
    hotspot,
    reception,
    assessment,
    gateway,
    logLines: lines,
    /** POST a GraphQL operation through the gateway (or straight to a subgraph URL). */
    async gql<T = any>(token: string | null, query: string, variables: Record<string, unknown> = {}, url = gateway.url) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as {
        data?: T;
        errors?: Array<{ message: string; extensions?: { code?: string; [k: string]: unknown } }>;
      };
      return { status: res.status, data: body.data as T, errors: body.errors };
    },
    /** The events a service has published to its stream, oldest first (optionally of one type). */
    async streamEvents(source: string, type?: string): Promise<Array<{ id: string; aggregateId: string; data: Record<string, any> }>> {
      const nc = await connect({ servers: NATS_URL });
      try {
        const jsm = await nc.jetstreamManager();
        const stream = streamName(prefix, source);
        const info = await jsm.streams.info(stream).catch(() => null);
        const found = [];
        for (let seq = info?.state.first_seq ?? 1; info && seq <= info.state.last_seq; seq++) {
          const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
          if (m && (!type || m.subject === `${prefix}${type}`))
            found.push(m.json<{ id: string; aggregateId: string; data: Record<string, any> }>());
        }
        return found;
      } finally {
        await nc.close();
      }
    },
    async stop() {
      await gateway.stop();
      await assessment.stop();
      await reception.stop();
      await hotspot.stop();
      await caseService.stop();
      await intake.stop();
      const nc = await connect({ servers: NATS_URL });
      const jsm = await nc.jetstreamManager();
      for (const source of ['intake', 'case', 'hotspot', 'reception', 'assessment'])
        await jsm.streams.delete(streamName(prefix, source)).catch(() => undefined);
      await nc.close();
      const admin = new Client({ connectionString: `${PG_URL}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    },
  };
  return platform;
}

export function token(input: Partial<DevTokenInput> & { roles: string[] }) {
  return signDevToken(DEV_JWT_SECRET, {
    subject: input.subject ?? `user-${input.roles.join('-').toLowerCase()}`,
    jurisdiction: '3301',
    ...input,
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Asserts a GraphQL response failed with the given code and a Chinese message ending in it. */
export function expectCode(result: { errors?: Array<{ message: string; extensions?: { code?: string } }> }, code: string) {
  expect(result.errors?.[0]?.extensions?.code).toBe(code);
  expect(result.errors?.[0]?.message).toMatch(new RegExp(`[\\u4e00-\\u9fa5].*\\(${code}\\)$`));
}
