import { deepStrictEqual } from 'assert';
import { randomBytes } from 'crypto';

import { generateCorpus } from '../hotspot/corpus';
import { msSince, out, printMachine, printPeakRss, loadAverage } from '../machine';
import { errorCode, GraphqlClient, openLoop } from '../platform/load';
import { DEPARTMENTS, registerInput, UPSERT_DEPARTMENT } from '../platform/petitions';
import { BenchPlatform, RssSampler, token } from '../platform/platform';
import { fmt, formatTable, summarize } from '../stats';
import type { Benchmark, BenchOptions } from '../types';

// gateway-overhead: what the gateway adds to a query that needs two subgraphs. The query through
// the gateway: a petition with its routings (intake) and its case (case, by the Petition entity).
// The baseline, in the same run: the same data fetched straight from the subgraphs the way the
// gateway's query plan does it, one after the other: intake's `petition`, then the case
// subgraph's `_entities` for that Petition. Open loop at the same rate for both, in alternating
// slices so both see the same machine load. Overhead = gateway − direct at p50 and at p99.
// BENCH_CPU_PROF=1 (or a list of processes) runs them under `node --cpu-prof` (platform/profile.ts).

const GOAL_RATE = 200;
const GOAL_P50_MS = 5;
const GOAL_P99_MS = 15;

const GATEWAY_QUERY = `query PetitionWithCase($id: ID!) {
  petition(id: $id) { id summary status case { id state } routings { departmentCode } }
}`;
// What the gateway's plan sends: the keys and __typename first, then the entity fetch.
const INTAKE_QUERY = `query PetitionWithCase__intake__0($id: ID!) {
  petition(id: $id) { __typename id summary status routings { departmentCode } }
}`;
const CASE_QUERY = `query PetitionWithCase__case__1($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Petition { case { id state } } }
}`;
const REGISTER = `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { petition { id } } }`;
const ROUTE = `mutation($input: RoutePetitionInput!) { routePetition(input: $input) { id } }`;

interface PetitionData {
  id: string;
  summary: string;
  status: string;
  case: { id: string; state: string } | null;
  routings: Array<{ departmentCode: string }>;
}

async function run(options: BenchOptions) {
  const seeded = options.size ?? (options.quick ? 40 : 500);
  const seconds = Number(process.env.BENCH_SECONDS ?? (options.quick ? 3 : 60));
  // BENCH_RATE: a lower rate, to see the overhead on a machine the goal's rate saturates.
  const rate = Number(process.env.BENCH_RATE ?? GOAL_RATE);
  const slices = options.quick ? 2 : 12;
  const concurrency = 64;
  printMachine();
  out(
    `load: ${rate} queries/s (open loop, at most ${concurrency} in flight), ${seconds} s through the gateway and ${seconds} s direct, ` +
      `in ${slices} alternating slices; ${seeded} routed petitions with cases; load average ${loadAverage()}`,
  );
  const id = randomBytes(4).toString('hex');
  const platform = await BenchPlatform.start({
    id,
    keep: !!options.keep,
  });
  const rss = new RssSampler(platform.processes).start();
  const client = new GraphqlClient(concurrency);
  try {
    const clerk = await token(['CLERK', 'SUPERVISOR'], { department: 'D-BUREAU' });
    const admin = await token(['ADMIN']);
    const department = DEPARTMENTS[0].code;
    const d = await client.post(platform.gateway.url, admin, UPSERT_DEPARTMENT, { i: DEPARTMENTS[0] });
    if (errorCode(d)) throw new Error(`upsertDepartment: ${JSON.stringify(d.errors ?? d.status)}`);

    // ---- seed: registered and routed straight to intake; wait for every case ---------------------
    const t = process.hrtime.bigint();
    const corpus = generateCorpus({ size: seeded, seed: 13, start: new Date('2025-01-01T00:00:00Z'), days: 365 });
    const ids: string[] = [];
    for (const [i, p] of corpus.entries()) {
      const r = await client.post<{ registerPetition: { petition: { id: string } } }>(platform.services.intake.url, clerk, REGISTER, {
        input: registerInput(p, i),
      });
      if (errorCode(r)) throw new Error(`registerPetition: ${JSON.stringify(r.errors ?? r.status)}`);
      const petitionId = r.data!.registerPetition.petition.id;
      const routed = await client.post(platform.services.intake.url, clerk, ROUTE, {
        input: { petitionId, mode: 'FORWARD', departmentCode: department },
      });
      if (errorCode(routed)) throw new Error(`routePetition: ${JSON.stringify(routed.errors ?? routed.status)}`);
      ids.push(petitionId);
    }
    const deadline = Date.now() + 120_000;
    for (;;) {
      const [{ n }] = await platform.query<{ n: number }>(`SELECT count(DISTINCT petition_id)::int AS n FROM cases."case"`);
      if (n >= ids.length) break;
      if (Date.now() > deadline) throw new Error(`only ${n} of ${ids.length} cases opened within 120 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    out(`seeded ${ids.length} petitions, routed, every case open, in ${fmt(msSince(t) / 1000, 1)} s`);

    // ---- the two ways to the same data ---------------------------------------------------------------
    const viaGateway = async (petitionId: string) => {
      const r = await client.post<{ petition: PetitionData }>(platform.gateway.url, clerk, GATEWAY_QUERY, { id: petitionId });
      return { ms: r.ms, error: errorCode(r), data: r.data?.petition };
    };
    const direct = async (petitionId: string) => {
      const started = process.hrtime.bigint();
      const a = await client.post<{ petition: Omit<PetitionData, 'case'> & { __typename: string } }>(
        platform.services.intake.url,
        clerk,
        INTAKE_QUERY,
        { id: petitionId },
      );
      const aError = errorCode(a);
      if (aError || !a.data?.petition) return { ms: msSince(started), intakeMs: a.ms, caseMs: NaN, error: aError ?? 'NO_PETITION' };
      const { __typename, ...petition } = a.data.petition;
      const b = await client.post<{ _entities: Array<{ case: PetitionData['case'] }> }>(platform.services.case.url, clerk, CASE_QUERY, {
        representations: [{ __typename, id: petition.id }],
      });
      const data: PetitionData = {
        id: petition.id,
        summary: petition.summary,
        status: petition.status,
        case: b.data?._entities?.[0]?.case ?? null,
        routings: petition.routings,
      };
      return { ms: msSince(started), intakeMs: a.ms, caseMs: b.ms, error: errorCode(b), data: { ...data } };
    };

    // Same answers both ways (field order aside), and warm-up (JIT, query-plan cache, pools).
    for (const petitionId of ids.slice(0, 20)) {
      const g = await viaGateway(petitionId);
      const dd = await direct(petitionId);
      if (g.error || dd.error) throw new Error(`warm-up query failed: gateway ${g.error}, direct ${dd.error}`);
      const order = (p: PetitionData | undefined) =>
        p && { id: p.id, summary: p.summary, status: p.status, case: p.case, routings: p.routings };
      deepStrictEqual(order(g.data), order(dd.data), 'the gateway and the direct fetches must give the same data');
      if (!g.data?.case) throw new Error(`petition ${petitionId} has no case`);
    }
    const warmUpMs = options.quick ? 1000 : 5000;
    for (const fn of [viaGateway, direct]) {
      let k = 0;
      await openLoop({ rate, durationMs: warmUpMs, concurrency, task: async () => void (await fn(ids[k++ % ids.length])) });
    }
    out(`same data both ways (20 petitions checked); warmed up ${warmUpMs / 1000} s each way; load average ${loadAverage()}`);

    // ---- measured: alternating slices ---------------------------------------------------------------
    const gatewayMs: number[] = [];
    const directMs: number[] = [];
    const intakeMs: number[] = [];
    const caseMs: number[] = [];
    const errors = new Map<string, number>();
    const notStarted = { gateway: 0, direct: 0 };
    let pick = 0;
    rss.phase('measured');
    const measureStart = process.hrtime.bigint();
    for (let s = 0; s < slices; s++) {
      for (const way of ['gateway', 'direct'] as const) {
        const result = await openLoop({
          rate,
          durationMs: (seconds * 1000) / slices,
          concurrency,
          task: async (_, dueAt) => {
            const petitionId = ids[pick++ % ids.length];
            const r = way === 'gateway' ? await viaGateway(petitionId) : await direct(petitionId);
            if (r.error) {
              errors.set(`${way}: ${r.error}`, (errors.get(`${way}: ${r.error}`) ?? 0) + 1);
              return;
            }
            // From the due time: a wait for a free slot counts.
            const ms = msSince(dueAt);
            if (way === 'gateway') gatewayMs.push(ms);
            else {
              directMs.push(ms);
              if ('intakeMs' in r) {
                intakeMs.push(r.intakeMs);
                caseMs.push(r.caseMs);
              }
            }
          },
        });
        notStarted[way] += result.notStarted;
      }
    }
    const measuredS = msSince(measureStart) / 1000;
    rss.stop();

    const g = summarize(gatewayMs);
    const dr = summarize(directMs);
    const row = (label: string, s: ReturnType<typeof summarize>) => [
      label,
      s.n,
      fmt(s.p50, 2),
      fmt(s.p95, 2),
      fmt(s.p99, 2),
      fmt(s.max, 2),
    ];
    out('');
    out(`latency at ${rate}/s, ms (from the due time; ${fmt(measuredS, 0)} s measured; load average ${loadAverage()}):`);
    out(
      formatTable(
        ['', 'n', 'p50', 'p95', 'p99', 'max'],
        [
          row('through the gateway (one query, 2 subgraph fetches)', g),
          row('direct: intake petition, then case _entities', dr),
          row('  of which intake petition (send → answer)', summarize(intakeMs)),
          row('  of which case _entities (send → answer)', summarize(caseMs)),
          ['gateway − direct', '', fmt(g.p50 - dr.p50, 2), fmt(g.p95 - dr.p95, 2), fmt(g.p99 - dr.p99, 2), ''],
          ['ratio gateway / direct', '', fmt(g.p50 / dr.p50, 2), fmt(g.p95 / dr.p95, 2), fmt(g.p99 / dr.p99, 2), ''],
        ],
      ),
    );
    if (errors.size) out(`errors: ${[...errors].map(([k, v]) => `${k} ×${v}`).join('; ')}`);
    if (notStarted.gateway + notStarted.direct)
      out(`not started (generator backlog at the end of a slice): gateway ${notStarted.gateway}, direct ${notStarted.direct}`);
    out('');
    out(
      `resident memory under this load, MiB: ${platform.processes.map((s) => `${s.name} ${fmt(rss.peak(s.name, ['measured']), 0)}`).join(', ')}`,
    );
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    out('');
    out('summary:');
    out(
      formatTable(
        ['goal', 'measured', 'verdict'],
        [
          [
            `added ≤ ${GOAL_P50_MS} ms at p50 (${rate}/s)`,
            `${fmt(g.p50 - dr.p50, 2)} ms (${fmt(g.p50, 2)} − ${fmt(dr.p50, 2)})`,
            verdict(g.p50 - dr.p50 <= GOAL_P50_MS),
          ],
          [
            `added ≤ ${GOAL_P99_MS} ms at p99 (${rate}/s)`,
            `${fmt(g.p99 - dr.p99, 2)} ms (${fmt(g.p99, 2)} − ${fmt(dr.p99, 2)})`,
            verdict(g.p99 - dr.p99 <= GOAL_P99_MS),
          ],
          ['no errors', `${[...errors.values()].reduce((a, b) => a + b, 0)}`, verdict(errors.size === 0)],
        ],
      ),
    );
    printPeakRss();
  } finally {
    rss.stop();
    client.close();
    await platform.stop();
  }
}

export const gatewayOverhead: Benchmark = {
  name: 'gateway-overhead',
  description:
    'a petition with its case through the gateway (2 subgraph fetches) vs the same fetches straight to intake and case, at 200/s',
  run,
};
