import { letter } from './fixtures';
import type { FaultPlatform } from './fault-harness';
import { SUBJECT_PREFIX, until } from './fault-harness';

// The steady stream of registrations the faults happen under, and the reconciliation that proves,
// after each fault, every registered petition is in every read model exactly once.

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
  ms: number;
}

/** POST through the gateway with a time limit: a hang is a failure, never a stuck test. */
export async function gql<T = any>(url: string, token: string, query: string, variables: Record<string, unknown> = {}, timeoutMs = 10_000) {
  const started = Date.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as Omit<GqlResult<T>, 'status' | 'ms'>;
    return { status: res.status, data: body.data, errors: body.errors, ms: Date.now() - started } as GqlResult<T>;
  } catch (error) {
    return { status: 0, errors: [{ message: String(error), extensions: { code: 'NO_ANSWER' } }], ms: Date.now() - started } as GqlResult<T>;
  }
}

const REGISTER = `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { petition { id } } }`;
const ROUTE = `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { status } }`;

export const route = (url: string, token: string, petitionId: string) =>
  gql(url, token, ROUTE, { i: { petitionId, mode: 'FORWARD', departmentCode: 'D-HOUSING' } });

/** Registers (and routes) petitions one after another through the gateway until stopped. */
export class RegistrationStream {
  sent = 0;
  readonly acknowledged: string[] = [];
  readonly errors = new Map<string, number>();
  private running?: Promise<void>;
  private stopped = false;
  private mark = { sent: 0, acknowledged: 0 };

  constructor(
    private readonly url: () => string,
    private readonly token: string,
    private readonly pauseMs = 120,
  ) {}

  start(): void {
    this.stopped = false;
    this.running = (async () => {
      while (!this.stopped) {
        this.sent += 1;
        const r = await gql(this.url(), this.token, REGISTER, { input: letter() });
        const id = r.data?.registerPetition?.petition?.id as string | undefined;
        if (id && !r.errors) {
          this.acknowledged.push(id);
          // Routed at once when it can be; the reconciliation routes what an outage left unrouted.
          const routed = await route(this.url(), this.token, id);
          if (routed.errors) this.count(`route:${routed.errors[0]?.extensions?.code}`);
        } else {
          this.count(`register:${r.errors?.[0]?.extensions?.code ?? r.status}`);
          await new Promise((res) => setTimeout(res, 250));
        }
        await new Promise((res) => setTimeout(res, this.pauseMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Waits until at least n more registrations are acknowledged (the stream is flowing). */
  async flowing(n: number, timeoutMs = 30_000): Promise<void> {
    const target = this.acknowledged.length + n;
    await until(`${n} more acknowledged registrations`, async () => this.acknowledged.length >= target, timeoutMs);
  }

  /** Counts since the previous window: what one fault saw. */
  window(): { sent: number; acknowledged: string[] } {
    const w = { sent: this.sent - this.mark.sent, acknowledged: this.acknowledged.slice(this.mark.acknowledged) };
    this.mark = { sent: this.sent, acknowledged: this.acknowledged.length };
    return w;
  }

  private count(key: string) {
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }
}

const SCHEMAS = ['intake', 'cases', 'hotspot', 'reception', 'assessment'];

/** Every outbox empty and every durable consumer of every stream caught up, twice in a row. */
export async function settle(p: FaultPlatform, timeoutMs = 90_000): Promise<void> {
  let calm = 0;
  await until(
    'outboxes drained and consumers caught up',
    async () => {
      const [{ n }] = await p.pg.query<{ n: number }>(
        SCHEMAS.map((s) => `SELECT count(*)::int AS n FROM ${s}.outbox WHERE published_at IS NULL`).join(' UNION ALL ') +
          ' ORDER BY n DESC LIMIT 1',
      );
      let busy = n > 0;
      const jsm = await p.jsm();
      for await (const stream of jsm.streams.list()) {
        if (!stream.config.name.startsWith(SUBJECT_PREFIX.replace('.', '').toUpperCase())) continue;
        for await (const c of jsm.consumers.list(stream.config.name)) {
          if (c.num_pending > 0 || c.num_ack_pending > 0) busy = true;
        }
      }
      calm = busy ? 0 : calm + 1;
      return calm >= 2;
    },
    timeoutMs,
    500,
  );
}

/** Routes every registered petition that has no routing yet (an outage interrupted it). */
export async function routeTheRest(p: FaultPlatform, token: string): Promise<number> {
  const rows = await p.pg.query<{ id: string }>(
    `SELECT id FROM intake.petition p WHERE NOT EXISTS (SELECT 1 FROM intake.routing r WHERE r.petition_id = p.id)`,
  );
  for (const { id } of rows) {
    await until(
      `routing of ${id}`,
      async () => {
        const r = await route(p.gateway.url, token, id);
        if (!r.errors) return true;
        // Committed by an earlier attempt whose answer was lost: the routing row says so.
        const [found] = await p.pg.query(`SELECT 1 FROM intake.routing WHERE petition_id = $1`, [id]);
        return !!found;
      },
      20_000,
      300,
    );
  }
  return rows.length;
}

export interface Reconciliation {
  sent: number;
  acknowledged: number;
  found: number;
  lost: number;
  duplicated: number;
  /** Committed petitions whose registration the client never heard answered (also checked). */
  unacknowledgedCommitted: number;
  problems: string[];
  deadLetters: Record<string, Array<{ id: string; event_id: string | null; raw: string; error: string }>>;
}

async function countsBy(p: FaultPlatform, sql: string): Promise<Map<string, number>> {
  const rows = await p.pg.query<{ id: string; n: number }>(sql);
  return new Map(rows.map((r) => [r.id, r.n]));
}

/**
 * Every petition intake holds, and every one acknowledged to the client, is in intake, in case
 * (one case: each is routed once), in hotspot's members and in assessment's facts exactly once;
 * the counters built from those events (hotspot sizes, assessment's daily batches) match the rows,
 * so no event was applied twice; nothing else is in any read model.
 */
export async function reconcile(
  p: FaultPlatform,
  window: { sent: number; acknowledged: string[] },
  all: string[],
): Promise<Reconciliation> {
  const problems: string[] = [];
  const intake = await countsBy(p, `SELECT id::text AS id, 1 AS n FROM intake.petition`);
  const routings = await countsBy(p, `SELECT petition_id::text AS id, count(*)::int AS n FROM intake.routing GROUP BY 1`);
  const cases = await countsBy(p, `SELECT petition_id::text AS id, count(*)::int AS n FROM cases."case" GROUP BY 1`);
  const members = await countsBy(p, `SELECT petition_id::text AS id, count(*)::int AS n FROM hotspot.member GROUP BY 1`);
  const facts = await countsBy(p, `SELECT petition_id::text AS id, count(*)::int AS n FROM assessment.petition_fact GROUP BY 1`);
  const caseFacts = await countsBy(p, `SELECT petition_id::text AS id, count(*)::int AS n FROM assessment.case_fact GROUP BY 1`);
  const models = {
    routing: routings,
    case: cases,
    'hotspot.member': members,
    'assessment.petition_fact': facts,
    'assessment.case_fact': caseFacts,
  };

  let duplicated = 0;
  const lostIds = new Set<string>();
  for (const id of new Set([...all, ...intake.keys()])) {
    if (!intake.has(id)) lostIds.add(id);
    for (const [name, model] of Object.entries(models)) {
      const n = model.get(id) ?? 0;
      if (n === 0) lostIds.add(id);
      if (n > 1) {
        duplicated += n - 1;
        problems.push(`${id} is ${n} times in ${name}`);
      }
    }
  }
  for (const id of lostIds)
    problems.push(
      `${id} missing from ${['intake', ...Object.keys(models)].filter((m) => !(m === 'intake' ? intake : models[m as keyof typeof models]).has(id)).join(', ')}`,
    );
  for (const [name, model] of Object.entries(models)) {
    for (const id of model.keys()) if (!intake.has(id)) problems.push(`${name} holds ${id}, which intake never registered`);
  }
  // Counters are effects that are not idempotent by key: an event applied twice shows here.
  const [{ sized, rows }] = await p.pg.query<{ sized: number; rows: number }>(
    `SELECT (SELECT coalesce(sum(petitions), 0)::int FROM hotspot.hotspot) AS sized, (SELECT count(*)::int FROM hotspot.member) AS rows`,
  );
  if (sized !== rows) {
    duplicated += Math.abs(sized - rows);
    problems.push(`hotspot sizes add up to ${sized} for ${rows} members`);
  }
  const [{ batches, factRows }] = await p.pg.query<{ batches: number; factRows: number }>(
    `SELECT (SELECT coalesce(sum(batches), 0)::int FROM assessment.daily_rollup) AS batches, (SELECT count(*)::int FROM assessment.petition_fact) AS "factRows"`,
  );
  if (batches !== factRows) {
    duplicated += Math.abs(batches - factRows);
    problems.push(`assessment daily batches add up to ${batches} for ${factRows} petitions`);
  }

  const deadLetters: Reconciliation['deadLetters'] = {};
  for (const schema of SCHEMAS) {
    deadLetters[schema] = await p.pg.query(`SELECT id::text, event_id::text, raw, error FROM ${schema}.dead_letter ORDER BY created_at`);
  }
  const acknowledged = new Set(all);
  const lostAcknowledged = window.acknowledged.filter((id) => lostIds.has(id)).length;
  return {
    sent: window.sent,
    acknowledged: window.acknowledged.length,
    found: window.acknowledged.filter((id) => !lostIds.has(id)).length,
    lost: lostAcknowledged + [...lostIds].filter((id) => !window.acknowledged.includes(id)).length,
    duplicated,
    unacknowledgedCommitted: [...intake.keys()].filter((id) => !acknowledged.has(id)).length,
    problems,
    deadLetters,
  };
}

export function figures(name: string, r: Reconciliation): string {
  return (
    `fault ${name}: sent ${r.sent}, acknowledged ${r.acknowledged}, found ${r.found}, lost ${r.lost}, duplicated ${r.duplicated}` +
    (r.unacknowledgedCommitted ? ` (committed but unanswered: ${r.unacknowledgedCommitted}, also found once each)` : '')
  );
}
