import { randomBytes } from 'crypto';

import { generateCorpus } from '../hotspot/corpus';
import { Rng } from '../hotspot/rng';
import { msSince, out, printMachine, printPeakRss, loadAverage } from '../machine';
import { errorCode, GraphqlClient, openLoop, type OpenLoopResult } from '../platform/load';
import { DEPARTMENTS, departmentOf, registerInput, UPSERT_DEPARTMENT } from '../platform/petitions';
import { BenchPlatform, readRss, RssSampler, token } from '../platform/platform';
import { fmt, formatTable, summarize } from '../stats';
import type { Benchmark, BenchOptions } from '../types';

// intake-e2e: a petition registered and routed through the gateway until its case is open.
// Per petition (open loop, at the target rate): registerPetition, then routePetition (only a
// routing opens a case: intake publishes intake.petition.routed through its outbox to JetStream,
// the case service's durable consumer opens the case and publishes case.case.opened). Timed: each
// mutation's answer, and due time → case.case.opened seen on NATS. At the end every acknowledged
// petition is reconciled against the intake and case tables: lost = acknowledged without its row
// or its case, doubled = a request stored twice or a petition with two cases. The baseline, in the
// same run and on the same platform, sends the same mutations straight to the intake subgraph
// (it runs first, so the gateway phase meets the larger tables). Loopback only.

const GOAL_RATE = 500;
const GOAL_SECONDS = 120;
const GOAL_P99_MS = 250;
const GOAL_RSS_MIB = 200;

const REGISTER = `mutation Register($input: RegisterPetitionInput!) { registerPetition(input: $input) { trackingNumber petition { id } } }`;
const ROUTE = `mutation Route($input: RoutePetitionInput!) { routePetition(input: $input) { id status } }`;
interface Phase {
  label: string;
  loop: OpenLoopResult;
  /** Answer times (send → answer), ms. */
  register: number[];
  route: number[];
  /** registerPetition from the time it was due (includes any wait for a free slot). */
  registerDue: number[];
  /** Due → case.case.opened seen; route acknowledged → case.case.opened seen. */
  e2e: number[];
  pipeline: number[];
  registered: number;
  routed: string[];
  errors: Map<string, number>;
  /** Route acknowledged last → every routed petition has its case row (NaN: not within the wait). */
  drainMs: number;
  casesFound: number;
  lost: number;
  doubled: number;
  committedWithoutAnswer: number;
  outboxMax: number;
  rate: number;
}

async function run(options: BenchOptions) {
  const rate = options.size ?? (options.quick ? 20 : GOAL_RATE);
  const seconds = Number(process.env.BENCH_SECONDS ?? (options.quick ? 5 : GOAL_SECONDS));
  const concurrency = options.quick ? 16 : 256;
  printMachine();
  const id = randomBytes(4).toString('hex');
  const perPhase = Math.floor(rate * seconds);
  out(
    `load: ${rate} petitions/s for ${seconds} s per phase (open loop, at most ${concurrency} in flight), register + route each; ` +
      `load average ${loadAverage()}`,
  );
  const t = process.hrtime.bigint();
  const warmUp = Math.min(50, Math.ceil(rate));
  const corpus = generateCorpus({ size: perPhase * 2 + warmUp * 2 + 10, seed: 11, start: new Date('2025-01-01T00:00:00Z'), days: 365 });
  out(`corpus: ${corpus.length} petitions generated in ${fmt(msSince(t) / 1000, 1)} s (hotspot corpus, seed 11)`);

  const platform = await BenchPlatform.start({ id, keep: !!options.keep });
  const rss = new RssSampler(platform.processes).start();
  const client = new GraphqlClient(concurrency);
  const sub = (await platform.nats()).subscribe(`${platform.prefix}case.case.opened`);
  const openedAt = new Map<string, bigint>();
  let openedEvents = 0;
  const listening = (async () => {
    for await (const m of sub) {
      openedEvents++;
      const petitionId = m.json<{ data?: { petitionId?: string } }>().data?.petitionId;
      if (petitionId && !openedAt.has(petitionId)) openedAt.set(petitionId, process.hrtime.bigint());
    }
  })();
  try {
    const clerk = await token(['CLERK', 'SUPERVISOR'], { department: 'D-BUREAU' });
    const admin = await token(['ADMIN']);
    for (const d of DEPARTMENTS) {
      const r = await client.post(platform.gateway.url, admin, UPSERT_DEPARTMENT, { i: d });
      if (errorCode(r)) throw new Error(`upsertDepartment ${d.code}: ${JSON.stringify(r.errors ?? r.status)}`);
    }
    // One short warm-up through each path (JIT, connection pools, query plans), not measured.
    const rng = new Rng(23);
    const base = Math.floor(Date.now() / 1000) * 1000 - 3 * 86_400_000;
    let seq = 0;
    let person = 0;
    const nextPerson = () => (person > 0 && rng.chance(0.1) ? rng.int(0, person - 1) : person++);

    async function phase(label: string, url: string, count: number): Promise<Phase> {
      const first = seq;
      const marks = { from: new Date(base + first), to: new Date(base + first + count) };
      const inputs = Array.from({ length: count }, (_, i) => registerInput(corpus[first + i], nextPerson(), new Date(base + first + i)));
      seq += count;
      const p: Phase = {
        label,
        loop: undefined as never,
        register: [],
        route: [],
        registerDue: [],
        e2e: [],
        pipeline: [],
        registered: 0,
        routed: [],
        errors: new Map(),
        drainMs: NaN,
        casesFound: 0,
        lost: 0,
        doubled: 0,
        committedWithoutAnswer: 0,
        outboxMax: 0,
        rate: NaN,
      };
      const due = new Map<string, bigint>();
      const routeAck = new Map<string, bigint>();
      const count1 = (key: string) => p.errors.set(key, (p.errors.get(key) ?? 0) + 1);
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const [{ n }] = await platform.query<{ n: number }>(`SELECT count(*)::int AS n FROM intake.outbox WHERE published_at IS NULL`);
          p.outboxMax = Math.max(p.outboxMax, n);
          await new Promise((r) => setTimeout(r, 1000));
        }
      })();
      rss.phase(label);
      const started = process.hrtime.bigint();
      p.loop = await openLoop({
        rate,
        durationMs: (count / rate) * 1000,
        concurrency,
        task: async (i, dueAt) => {
          const r = await client.post<{ registerPetition: { petition: { id: string } } }>(url, clerk, REGISTER, { input: inputs[i] });
          const code = errorCode(r);
          if (code) return void count1(`registerPetition: ${code}`);
          p.register.push(r.ms);
          p.registerDue.push(msSince(dueAt));
          p.registered++;
          const petitionId = r.data!.registerPetition.petition.id;
          due.set(petitionId, dueAt);
          const category = inputs[i].categoryCode;
          const routed = await client.post(url, clerk, ROUTE, {
            input: { petitionId, mode: 'FORWARD', departmentCode: departmentOf(category) },
          });
          const routeCode = errorCode(routed);
          if (routeCode) return void count1(`routePetition: ${routeCode}`);
          p.route.push(routed.ms);
          routeAck.set(petitionId, process.hrtime.bigint());
          p.routed.push(petitionId);
        },
      });
      const loadEnd = process.hrtime.bigint();
      p.rate = p.routed.length / (Number(loadEnd - started) / 1e9);
      out(
        `  ${label}: ${p.loop.started} of ${p.loop.due} started, ${p.routed.length} registered and routed in ${fmt(p.loop.elapsedMs / 1000, 1)} s ` +
          `(${fmt(p.rate, 1)}/s); waiting for their cases; load average ${loadAverage()}`,
      );

      // Every routed petition's case row, then the reconciliation.
      const lastAck = [...routeAck.values()].reduce((a, b) => (b > a ? b : a), loadEnd);
      const stallMs = options.quick ? 20_000 : 60_000;
      let seen = -1;
      let progressAt = Date.now();
      for (;;) {
        const [{ n }] = await platform.query<{ n: number }>(
          `SELECT count(DISTINCT petition_id)::int AS n FROM cases."case" WHERE petition_id = ANY($1::uuid[])`,
          [p.routed],
        );
        p.casesFound = n;
        if (n >= p.routed.length) {
          p.drainMs = Number(process.hrtime.bigint() - lastAck) / 1e6;
          break;
        }
        if (n !== seen) {
          seen = n;
          progressAt = Date.now();
        } else if (Date.now() - progressAt > stallMs) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      sampling = false;
      await sampler;
      // The last events may still be on their way to this subscriber.
      const until = Date.now() + 5000;
      while (p.routed.some((pid) => !openedAt.has(pid)) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      for (const pid of p.routed) {
        const seenAt = openedAt.get(pid);
        if (seenAt === undefined) continue;
        p.e2e.push(Number(seenAt - due.get(pid)!) / 1e6);
        p.pipeline.push(Math.max(0, Number(seenAt - routeAck.get(pid)!) / 1e6));
      }
      const [r] = await platform.query<Record<string, number>>(
        `SELECT
           (SELECT count(*)::int FROM unnest($1::uuid[]) a(id) WHERE NOT EXISTS (SELECT 1 FROM intake.petition p WHERE p.id = a.id)) AS missing,
           (SELECT count(*)::int FROM unnest($2::uuid[]) a(id) WHERE NOT EXISTS (SELECT 1 FROM cases."case" c WHERE c.petition_id = a.id)) AS without_case,
           (SELECT count(*)::int FROM (SELECT petition_id FROM cases."case" WHERE petition_id = ANY($1::uuid[])
              GROUP BY petition_id HAVING count(*) > 1) d) AS doubled_cases,
           (SELECT count(*)::int FROM (SELECT received_at FROM intake.petition WHERE received_at >= $3 AND received_at < $4
              GROUP BY received_at HAVING count(*) > 1) d) AS doubled_petitions,
           (SELECT count(*)::int FROM intake.petition WHERE received_at >= $3 AND received_at < $4) AS stored`,
        [[...due.keys()], p.routed, marks.from, marks.to],
      );
      p.lost = r.missing + r.without_case;
      p.doubled = r.doubled_cases + r.doubled_petitions;
      // Stored but never answered (an error or a time-out after the commit): not lost, but the clerk would not know.
      p.committedWithoutAnswer = Math.max(0, r.stored - r.doubled_petitions - p.registered);
      return p;
    }

    out(`warm-up: ${warmUp} petitions through each path`);
    for (const url of [platform.services.intake.url, platform.gateway.url]) await phase('warm-up', url, warmUp);
    out('measured phases (direct first, then the gateway):');
    const direct = await phase('direct to intake', platform.services.intake.url, perPhase);
    const gateway = await phase('through the gateway', platform.gateway.url, perPhase);
    rss.stop();
    const hwm = new Map(platform.processes.map((s) => [s.name, s.pid !== undefined ? (readRss(s.pid)?.hwm ?? NaN) : NaN]));

    // ---- report ---------------------------------------------------------------------------------
    const phases = [direct, gateway];
    out('');
    out(`throughput and bookkeeping (${perPhase} petitions due per phase at ${rate}/s):`);
    out(
      formatTable(
        [
          'phase',
          'due',
          'not started',
          'registered',
          'routed',
          'routed/s',
          'errors',
          'outbox max',
          'cases',
          'last case after',
          'lost',
          'doubled',
        ],
        phases.map((p) => [
          p.label,
          p.loop.due,
          p.loop.notStarted,
          p.registered,
          p.routed.length,
          fmt(p.rate, 1),
          [...p.errors].map(([k, v]) => `${k} ×${v}`).join('; ') || '0',
          p.outboxMax,
          p.casesFound,
          Number.isNaN(p.drainMs) ? 'incomplete' : `${fmt(p.drainMs / 1000, 2)} s`,
          p.lost,
          p.doubled,
        ]),
      ),
    );
    for (const p of phases)
      if (p.committedWithoutAnswer) out(`  ${p.label}: ${p.committedWithoutAnswer} petitions stored whose answer failed`);
    out('');
    out('latency, ms:');
    const rows: Array<Array<string | number>> = [];
    const line = (label: string, values: number[]) => {
      const s = summarize(values);
      rows.push([label, s.n, fmt(s.p50, 1), fmt(s.p95, 1), fmt(s.p99, 1), fmt(s.max, 1)]);
      return s;
    };
    const measures: Array<[string, (p: Phase) => number[]]> = [
      ['registerPetition (send → answer)', (p) => p.register],
      ['registerPetition (due → answer)', (p) => p.registerDue],
      ['routePetition (send → answer)', (p) => p.route],
      ['route answered → case.case.opened seen', (p) => p.pipeline],
      ['due → case.case.opened seen (end to end)', (p) => p.e2e],
    ];
    const stats = new Map<string, ReturnType<typeof summarize>>();
    for (const [name, pick] of measures) {
      for (const p of phases) stats.set(`${p.label}|${name}`, line(`${name}, ${p.label === direct.label ? 'direct' : 'gateway'}`, pick(p)));
    }
    out(formatTable(['measure', 'n', 'p50', 'p95', 'p99', 'max'], rows));
    const ratio = (name: string, key: 'p50' | 'p99') =>
      fmt(stats.get(`${gateway.label}|${name}`)![key] / stats.get(`${direct.label}|${name}`)![key], 2);
    out(
      `ratio gateway / direct: registerPetition p50 ${ratio(measures[0][0], 'p50')}, p99 ${ratio(measures[0][0], 'p99')}; ` +
        `routePetition p50 ${ratio(measures[2][0], 'p50')}, p99 ${ratio(measures[2][0], 'p99')}; ` +
        `end to end p99 ${ratio(measures[4][0], 'p99')}; throughput ${fmt(gateway.rate / direct.rate, 2)}`,
    );

    out('');
    out(`resident memory, MiB (sampled every 250 ms; VmHWM = the kernel's peak since start), goal ≤ ${GOAL_RSS_MIB} MB each:`);
    const loadPhases = [direct.label, gateway.label];
    const rssRows = platform.processes.map((s) => {
      const peak = rss.peak(s.name, loadPhases);
      return [
        s.name,
        fmt(rss.peak(s.name, ['start']), 0),
        fmt(rss.peak(s.name, [direct.label]), 0),
        fmt(rss.peak(s.name, [gateway.label]), 0),
        fmt(hwm.get(s.name), 0),
        peak <= GOAL_RSS_MIB ? 'PASS' : 'MISS',
      ];
    });
    out(formatTable(['process', 'idle', 'peak, direct', 'peak, gateway', 'VmHWM', `≤ ${GOAL_RSS_MIB}`], rssRows));

    const g = (name: string) => stats.get(`${gateway.label}|${name}`)!;
    const fullLength = rate >= GOAL_RATE && seconds >= GOAL_SECONDS;
    const rssWorst = Math.max(...platform.processes.map((s) => rss.peak(s.name, loadPhases)));
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    out('');
    out('summary (the gateway phase against the issue goals):');
    out(
      formatTable(
        ['goal', 'measured', 'verdict'],
        [
          [
            `≥ ${GOAL_RATE} registrations/s sustained for ${GOAL_SECONDS} s`,
            `${fmt(gateway.rate, 1)}/s for ${seconds} s at a target of ${rate}/s`,
            fullLength ? verdict(gateway.rate >= GOAL_RATE * 0.99 && gateway.loop.notStarted === 0) : 'not judged (shorter or slower run)',
          ],
          [
            `registerPetition p99 ≤ ${GOAL_P99_MS} ms (from due time)`,
            `${fmt(g(measures[1][0]).p99, 1)} ms`,
            verdict(g(measures[1][0]).p99 <= GOAL_P99_MS),
          ],
          [
            `end to end p99 ≤ ${GOAL_P99_MS} ms (due → case opened; stricter reading)`,
            `${fmt(g(measures[4][0]).p99, 1)} ms`,
            verdict(g(measures[4][0]).p99 <= GOAL_P99_MS),
          ],
          [
            'zero lost, zero doubled (both phases)',
            `lost ${direct.lost + gateway.lost}, doubled ${direct.doubled + gateway.doubled}`,
            verdict(direct.lost + gateway.lost + direct.doubled + gateway.doubled === 0 && !Number.isNaN(gateway.drainMs)),
          ],
          [`each process ≤ ${GOAL_RSS_MIB} MB RSS under load`, `highest ${fmt(rssWorst, 0)} MiB`, verdict(rssWorst <= GOAL_RSS_MIB)],
        ],
      ),
    );
    out(`case.case.opened events seen: ${openedEvents} (for ${openedAt.size} petitions); load average ${loadAverage()}`);
    printPeakRss();
  } finally {
    rss.stop();
    sub.unsubscribe();
    await listening.catch(() => undefined);
    client.close();
    await platform.stop();
  }
}

export const intakeE2e: Benchmark = {
  name: 'intake-e2e',
  description:
    'registerPetition + routePetition through the gateway until case.case.opened (5 services + gateway as processes), vs straight to intake; --size = petitions/s',
  run,
};
