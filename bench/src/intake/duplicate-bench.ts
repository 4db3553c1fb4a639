import { randomBytes, randomUUID } from 'crypto';

import { bigramKeys } from '@petition/text';

import { type CorpusPetition, generateCorpus } from '../hotspot/corpus';
import { msSince, out, printMachine, printPeakRss, loadAverage } from '../machine';
import { errorCode, GraphqlClient } from '../platform/load';
import { registerInput } from '../platform/petitions';
import { BenchPlatform, readRss, token } from '../platform/platform';
import { fmt, formatTable, summarize } from '../stats';
import type { Benchmark, BenchOptions } from '../types';

// duplicate-check: intake's `checkDuplicates` over N stored petitions (default 1,000,000) against
// PostgreSQL's pg_trgm GIN `%` search on the same rows, in the same run.
//
// The labelled paraphrase set is the hotspot corpus (bench/src/hotspot/corpus.ts): petitions of one
// ORG or TEXT cluster are paraphrases of one matter (same issue); every other pair is a different
// matter, many of them the same template with other names ("X小学强制学生购买兴趣班…"). Held out
// from the stored rows: `queries` repeat petitions (members of a matter that has a stored petition
// in the same city) and half as many new matters (singletons, township clusters). Each is checked
// with its text and region, as a clerk checks a new letter before registering it.
//   recall  = repeat queries whose answer flags (SIMILAR_TEXT) at least one stored petition of the
//             same matter: the clerk is shown the earlier matter;
//   false positives = flagged candidates of another matter / all flagged candidates.
// The stored rows are loaded with SQL (the service's own bigramKeys for text_bigrams, its
// migration's index definitions, the counts as the migration computes them), then intake is
// restarted to read the counts. Latency: one check at a time, send → answer over HTTP (the
// service's full GraphQL path). The baseline runs the SQL directly on a sample of the queries,
// each with the same city condition, default pg_trgm threshold 0.3, top 10 by similarity.

const GOAL_SIZE = 1_000_000;
const GOAL_P99_MS = 50;
const GOAL_RECALL = 0.98;
const GOAL_FP = 0.02;

const CHECK = `query Check($input: CheckDuplicatesInput!) {
  checkDuplicates(input: $input) { petition { id } reasons textSimilarity }
}`;

interface Quality {
  repeatQueries: number;
  hits: number;
  flagged: number;
  wrong: number;
  newMatterQueries: number;
  newMatterFlagged: number;
}

const matter = (p: CorpusPetition) => (p.truth.kind === 'ORG' || p.truth.kind === 'TEXT' ? p.label : null);
const city = (p: CorpusPetition) => p.regionCode.slice(0, 4);

// One corpus holds a year of five cities with names unique per city; past ~200,000 petitions its name
// pools run out. A larger store is made of parts of PART petitions, each its own year of five cities
// under city codes of its own (part k, city c → 33{5k+c+1}): names recur across parts as they do
// across real cities, and never within a city, where the check looks.
const PART = 100_000;
const CITY_CODES = ['3301', '3302', '3303', '3306', '3307'];

function labelledStore(total: number): CorpusPetition[] {
  const all: CorpusPetition[] = [];
  for (let k = 0; all.length < total; k++) {
    const n = Math.min(PART, total - all.length);
    for (const p of generateCorpus({ size: n, seed: 17 + k, start: new Date('2025-01-01T00:00:00Z'), days: 365 })) {
      const c = CITY_CODES.indexOf(p.regionCode.slice(0, 4));
      if (c < 0) throw new Error(`unexpected city ${p.regionCode}`);
      const cityCode = `33${String(5 * k + c + 1).padStart(2, '0')}`;
      all.push({ ...p, regionCode: cityCode + p.regionCode.slice(4), label: `${k}:${p.label}` });
    }
  }
  return all;
}

function quality(): Quality {
  return { repeatQueries: 0, hits: 0, flagged: 0, wrong: 0, newMatterQueries: 0, newMatterFlagged: 0 };
}

function score(q: Quality, query: CorpusPetition, flaggedIds: string[], byId: Map<string, CorpusPetition>): void {
  const m = matter(query);
  const same = flaggedIds.filter((id) => m !== null && matter(byId.get(id)!) === m);
  q.flagged += flaggedIds.length;
  q.wrong += flaggedIds.length - same.length;
  if (m !== null) {
    q.repeatQueries++;
    if (same.length > 0) q.hits++;
  } else {
    q.newMatterQueries++;
    if (flaggedIds.length > 0) q.newMatterFlagged++;
  }
}

async function run(options: BenchOptions) {
  const size = options.size ?? (options.quick ? 20_000 : GOAL_SIZE);
  const queries = options.quick ? 200 : 1000;
  const baselineQueries = options.quick ? 60 : 200;
  printMachine();
  out(
    `duplicate check over ${size} stored petitions: ${queries} repeat queries and ${queries / 2} new matters; baseline on ${baselineQueries + baselineQueries / 2}`,
  );

  // ---- the labelled set ----------------------------------------------------------------------------
  let t = process.hrtime.bigint();
  const corpus = labelledStore(size + queries + queries / 2);
  const members = new Map<string, number[]>();
  corpus.forEach((p, i) => {
    const m = matter(p);
    if (m) members.set(m, [...(members.get(m) ?? []), i]);
  });
  // Queries spread over the store (each a new letter, about an earlier matter or a new one), stored
  // rows: all the others.
  const held = new Uint8Array(corpus.length);
  const repeatQ: number[] = [];
  const newQ: number[] = [];
  const stride = Math.max(1, Math.floor(corpus.length / (4 * queries)));
  for (let i = corpus.length - 1; i >= 0 && (repeatQ.length < queries || newQ.length < queries / 2); i -= stride) {
    const p = corpus[i];
    const m = matter(p);
    if (m && repeatQ.length < queries) {
      const earlier = members.get(m)!.some((j) => j !== i && !held[j] && city(corpus[j]) === city(p));
      if (earlier) {
        held[i] = 1;
        repeatQ.push(i);
      }
    } else if (!m && newQ.length < queries / 2) {
      held[i] = 1;
      newQ.push(i);
    }
  }
  const stored: number[] = [];
  for (let i = 0; i < corpus.length; i++) if (!held[i]) stored.push(i);
  const repeats = repeatQ;
  out(
    `corpus: ${corpus.length} generated in ${fmt(msSince(t) / 1000, 1)} s; stored ${stored.length}, repeat queries ${repeats.length}, new-matter queries ${newQ.length}`,
  );

  const id = randomBytes(4).toString('hex');
  const platform = await BenchPlatform.start({ id, keep: !!options.keep, only: ['intake'] });
  const client = new GraphqlClient(4);
  try {
    // ---- load ----------------------------------------------------------------------------------------
    t = process.hrtime.bigint();
    const indexes = await platform.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'intake' AND tablename = 'petition' AND indexdef NOT LIKE '%UNIQUE%'`,
    );
    for (const ix of indexes) await platform.query(`DROP INDEX intake.${ix.indexname}`);
    const byId = new Map<string, CorpusPetition>();
    const BATCH = 5000;
    for (let b = 0; b < stored.length; b += BATCH) {
      const rows = stored.slice(b, b + BATCH).map((i) => {
        const p = corpus[i];
        const form = registerInput(p, i);
        const pid = randomUUID();
        byId.set(pid, p);
        return { pid, p, form, keys: `{${bigramKeys(`${form.summary} ${form.demands}`).join(',')}}`, n: i };
      });
      await platform.query(
        `INSERT INTO intake.petition (id, tracking_number, access_code_hash, channel, visit_kind, headcount, nature, category_code, level,
           skip_level, region_code, involved_organization, summary, demands, status, received_at, registered_at, registered_by,
           routing_due_on, routing_due_rule, text_bigrams)
         SELECT id, 'B' || lpad(n::text, 9, '0'), 'bench', channel, visit_kind, headcount, nature, category_code, level, skip_level,
                region_code, organization, summary, demands, 'REGISTERED', at, at, 'bench', (at + interval '15 days')::date, 'bench', keys::int4[]
           FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::boolean[],
                       $10::text[], $11::text[], $12::text[], $13::text[], $14::timestamptz[], $15::text[])
             AS r(id, n, channel, visit_kind, headcount, nature, category_code, level, skip_level, region_code, organization, summary,
                  demands, at, keys)`,
        [
          rows.map((r) => r.pid),
          rows.map((r) => r.n),
          rows.map((r) => r.form.channel),
          rows.map((r) => r.form.visitKind),
          rows.map((r) => r.form.headcount),
          rows.map((r) => r.form.nature),
          rows.map((r) => r.form.categoryCode),
          rows.map((r) => r.form.level),
          rows.map((r) => r.form.skipLevel),
          rows.map((r) => r.form.regionCode),
          rows.map((r) => r.form.involvedOrganization),
          rows.map((r) => r.form.summary),
          rows.map((r) => r.form.demands),
          rows.map((r) => r.p.registeredAt),
          rows.map((r) => r.keys),
        ],
      );
      if (b > 0 && (b / BATCH) % 40 === 0) out(`  loaded ${b} rows (${fmt(msSince(t) / 1000, 0)} s)`);
    }
    const loadS = msSince(t) / 1000;
    t = process.hrtime.bigint();
    await platform.query(`SET maintenance_work_mem = '1GB'`);
    for (const ix of indexes) await platform.query(ix.indexdef);
    await platform.query(`TRUNCATE intake.bigram_df`);
    await platform.query(
      `INSERT INTO intake.bigram_df (bigram, n) SELECT b, count(*) FROM intake.petition, unnest(text_bigrams) b GROUP BY b`,
    );
    await platform.query(`VACUUM ANALYZE intake.petition`);
    const indexS = msSince(t) / 1000;
    const [sizes] = await platform.query<{ table: string; gin: string; df: number }>(
      `SELECT pg_size_pretty(pg_table_size('intake.petition')) AS table, pg_size_pretty(pg_relation_size('intake.petition_text_bigrams')) AS gin,
              (SELECT count(*)::int FROM intake.bigram_df) AS df`,
    );
    out(
      `loaded ${stored.length} petitions in ${fmt(loadS, 1)} s; indexes and counts in ${fmt(indexS, 1)} s; ` +
        `table ${sizes.table}, text_bigrams GIN ${sizes.gin}, ${sizes.df} distinct bigrams`,
    );
    // Intake reads the counts when it starts.
    await platform.services.intake.stop();
    await platform.services.intake.start();
    const idle = readRss(platform.services.intake.pid!);

    // ---- the service ---------------------------------------------------------------------------------
    const clerk = await token(['CLERK'], { department: 'D-BUREAU' });
    const all = [...repeats, ...newQ];
    const check = async (i: number) => {
      const form = registerInput(corpus[i], i);
      return client.post<{ checkDuplicates: Array<{ petition: { id: string }; reasons: string[]; textSimilarity: number }> }>(
        platform.services.intake.url,
        clerk,
        CHECK,
        { input: { summary: form.summary, demands: form.demands, regionCode: form.regionCode, limit: 10 } },
      );
    };
    for (const i of all.slice(0, 20)) await check(i); // warm-up (JIT, plans, cache), not measured
    const ours = quality();
    const oursMs: number[] = [];
    for (const i of all) {
      const r = await check(i);
      if (errorCode(r)) throw new Error(`checkDuplicates: ${JSON.stringify(r.errors ?? r.status)}`);
      oursMs.push(r.ms);
      const flagged = r.data!.checkDuplicates.filter((c) => c.reasons.includes('SIMILAR_TEXT')).map((c) => c.petition.id);
      score(ours, corpus[i], flagged, byId);
    }
    const busy = readRss(platform.services.intake.pid!);

    // ---- the baseline: pg_trgm GIN % on the same rows ------------------------------------------------
    t = process.hrtime.bigint();
    await platform.query(`CREATE INDEX bench_text_trgm ON intake.petition USING gin ((summary || ' ' || demands) gin_trgm_ops)`);
    const trgmBuildS = msSince(t) / 1000;
    const [trgmSize] = await platform.query<{ size: string }>(`SELECT pg_size_pretty(pg_relation_size('intake.bench_text_trgm')) AS size`);
    const sample = [...repeats.slice(0, baselineQueries), ...newQ.slice(0, baselineQueries / 2)];
    const base = quality();
    const baseMs: number[] = [];
    const baselineSql = `SELECT id FROM intake.petition WHERE (summary || ' ' || demands) % $1 AND region_code LIKE $2 || '%'
      ORDER BY similarity(summary || ' ' || demands, $1) DESC LIMIT 10`;
    for (const i of sample.slice(0, 5)) {
      const form = registerInput(corpus[i], i);
      await platform.query(baselineSql, [`${form.summary} ${form.demands}`, city(corpus[i])]);
    }
    for (const i of sample) {
      const form = registerInput(corpus[i], i);
      const started = process.hrtime.bigint();
      const rows = await platform.query<{ id: string }>(baselineSql, [`${form.summary} ${form.demands}`, city(corpus[i])]);
      baseMs.push(msSince(started));
      score(
        base,
        corpus[i],
        rows.map((r) => r.id),
        byId,
      );
    }
    out(`baseline index (pg_trgm GIN on summary || ' ' || demands): built in ${fmt(trgmBuildS, 1)} s, ${trgmSize.size}`);

    // ---- report --------------------------------------------------------------------------------------
    const o = summarize(oursMs);
    const b = summarize(baseMs);
    out('');
    out(`latency, ms (one check at a time; ${size} stored):`);
    out(
      formatTable(
        ['method', 'n', 'p50', 'p95', 'p99', 'max'],
        [
          [
            'checkDuplicates (GraphQL over HTTP, rarest-bigram GIN + rarity score)',
            o.n,
            fmt(o.p50, 1),
            fmt(o.p95, 1),
            fmt(o.p99, 1),
            fmt(o.max, 1),
          ],
          ['baseline: pg_trgm GIN %, same city, top 10 (SQL only)', b.n, fmt(b.p50, 1), fmt(b.p95, 1), fmt(b.p99, 1), fmt(b.max, 1)],
        ],
      ),
    );
    out(`ratio baseline / ours: p50 ${fmt(b.p50 / o.p50, 1)}, p99 ${fmt(b.p99 / o.p99, 1)}`);
    const row = (label: string, q: Quality) => [
      label,
      q.repeatQueries,
      fmt(q.hits / q.repeatQueries, 3),
      q.flagged,
      fmt(q.wrong / Math.max(1, q.flagged), 3),
      `${q.newMatterFlagged} of ${q.newMatterQueries}`,
    ];
    out('');
    out('quality (recall: repeat queries shown an earlier petition of the same matter; FP: flagged of another matter / flagged):');
    out(
      formatTable(
        ['method', 'repeat queries', 'recall', 'flagged', 'false positives', 'new matters with a flag'],
        [row('checkDuplicates (SIMILAR_TEXT)', ours), row('baseline: pg_trgm % (every row returned)', base)],
      ),
    );
    out(`intake resident memory: ${fmt(idle?.rss, 0)} MiB after start with the counts, ${fmt(busy?.rss, 0)} MiB after the checks`);
    out('');
    const recall = ours.hits / ours.repeatQueries;
    const fp = ours.wrong / Math.max(1, ours.flagged);
    const judged = size >= GOAL_SIZE;
    const verdict = (ok: boolean) => (judged ? (ok ? 'PASS' : 'MISS') : 'not judged (smaller store)');
    out(
      formatTable(
        ['goal', 'measured', 'verdict'],
        [
          [`p99 ≤ ${GOAL_P99_MS} ms at ${GOAL_SIZE} petitions`, `${fmt(o.p99, 1)} ms at ${size}`, verdict(o.p99 <= GOAL_P99_MS)],
          [`recall ≥ ${GOAL_RECALL}`, fmt(recall, 3), verdict(recall >= GOAL_RECALL)],
          [`false positives ≤ ${GOAL_FP * 100} %`, `${fmt(fp * 100, 2)} %`, verdict(fp <= GOAL_FP)],
        ],
      ),
    );
    out(`load average ${loadAverage()}`);
    printPeakRss();
  } finally {
    client.close();
    await platform.stop();
  }
}

export const duplicateCheck: Benchmark = {
  name: 'duplicate-check',
  description: "intake's checkDuplicates over 1,000,000 stored petitions (latency, recall, false positives) vs pg_trgm GIN %",
  run,
};
