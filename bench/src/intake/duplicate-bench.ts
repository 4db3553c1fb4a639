import { randomBytes, randomUUID } from 'crypto';
import { existsSync, readdirSync, rmSync } from 'fs';
import { join } from 'path';

import { type CorpusText, loadCorpus, MATCH_TUNING } from '@petition/text';

import { type CorpusPetition, generateCorpus } from '../hotspot/corpus';
import { loadAverage, msSince, out, printMachine, printPeakRss } from '../machine';
import { errorCode, type GqlResult, GraphqlClient } from '../platform/load';
import { registerInput } from '../platform/petitions';
import { BenchPlatform, readRss, token } from '../platform/platform';
import { profiledProcesses } from '../platform/profile';
import { fmt, formatTable, summarize } from '../stats';
import type { Benchmark, BenchOptions } from '../types';

import { keyBatch, MatterKeyPool } from './matter-keys';
import {
  type CorpusQuality,
  corpusFalsePositives,
  corpusQuality,
  corpusRecall,
  everyNth,
  plantCorpus,
  type PlantedText,
  scoreCorpusCheck,
} from './planted-corpus';

// duplicate-check: intake's `checkDuplicates` over N stored petitions (default 1,000,000) against
// PostgreSQL's pg_trgm GIN `%` search on the same rows, in the same run.
//
// The check is the matter matcher of @petition/text (issue 15): each petition's `matter_keys`
// (matterKeys(extractMatter(summary + ' ' + demands)), unkeyed) in a GIN index led by the city,
// the counts of each key in intake.matter_df, candidates by `candidateKeys`, scored by `matchMatter`,
// SIMILAR_TEXT at MATCH_TUNING.threshold. The stored rows are loaded with SQL, their keys computed
// with those same functions (in worker threads: MatterKeyPool), the migration's index definitions
// (dropped during the load, recreated from pg_indexes) and its count of matter_df; then intake is
// restarted so it reads the counts. Latency: one check at a time, send → answer over HTTP (the
// service's full GraphQL path). The baseline runs pg_trgm's SQL directly, with the same city condition,
// default threshold 0.3, top 10 by similarity.
//
// Two labelled sets:
// - generated (bench/src/hotspot/corpus.ts): petitions of one ORG or TEXT cluster are paraphrases of
//   one matter; every other pair is a different matter, many the same template with other names.
//   Held out of the store: `queries` repeat petitions (a matter with a stored petition in the same
//   city) and half as many new matters, each checked with its text and region as a clerk checks a
//   letter before registering it. recall = repeat queries flagging (SIMILAR_TEXT) a stored petition
//   of their matter; false positives = flagged candidates of another matter / all flagged.
// - hand-written (libs/text/test/corpus, loadCorpus(): 675 texts of 260 matters, written by people,
//   never generated from these templates): stored among the generated petitions in city CORPUS_CITY,
//   which generated petitions share, each then checked by its petition id (limit 10), scored as
//   integration-tests/test/duplicate-corpus.int.spec.ts scores it on an empty database
//   (planted-corpus.ts).

const GOAL_SIZE = 1_000_000;
const GOAL_P99_MS = 50;
// The performance issue's goals on the generated set, and issue 15's on the hand-written corpus.
const GOAL_RECALL = 0.98;
const GOAL_FP = 0.02;
const GOAL_CORPUS_RECALL = 0.9;
const GOAL_CORPUS_FP = 0.05;
/** City of the hand-written corpus: the first city of the first generated part, ~1/50 of the million. */
const CORPUS_CITY = '3301';
const START = new Date('2025-01-01T00:00:00Z');

const CHECK_TEXT = `query Check($input: CheckDuplicatesInput!) {
  checkDuplicates(input: $input) { petition { id } reasons textSimilarity }
}`;
const CHECK_ID = `query CheckId($id: ID!) {
  checkDuplicates(input: { petitionId: $id, limit: 10 }) { petition { id } reasons textSimilarity }
}`;
type CheckAnswer = { checkDuplicates: Array<{ petition: { id: string }; reasons: string[]; textSimilarity: number }> };

interface Quality {
  repeatQueries: number;
  hits: number;
  flagged: number;
  wrong: number;
  newMatterQueries: number;
  newMatterFlagged: number;
}

const matter = (p: CorpusPetition | undefined) => (p && (p.truth.kind === 'ORG' || p.truth.kind === 'TEXT') ? p.label : null);
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
    for (const p of generateCorpus({ size: n, seed: 17 + k, start: START, days: 365 })) {
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

/** A generated query's answer; a flagged id the map lacks is a hand-written text: another matter. */
function score(q: Quality, query: CorpusPetition, flaggedIds: string[], corpus: CorpusPetition[], byId: Map<string, number>): void {
  const m = matter(query);
  const same = flaggedIds.filter((id) => {
    const i = byId.get(id);
    return m !== null && i !== undefined && matter(corpus[i]) === m;
  });
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

/** Rows of intake.petition to insert, column by column, with their texts for the keys. */
interface Rows {
  ids: string[];
  tracking: string[];
  channel: string[];
  visitKind: string[];
  headcount: number[];
  nature: string[];
  category: string[];
  level: string[];
  skipLevel: boolean[];
  region: string[];
  organization: Array<string | null>;
  summary: string[];
  demands: string[];
  at: string[];
  texts: string[];
}

function rows(): Rows {
  const r = {} as Rows;
  for (const k of [
    'ids',
    'tracking',
    'channel',
    'visitKind',
    'headcount',
    'nature',
    'category',
    'level',
    'skipLevel',
    'region',
    'organization',
    'summary',
    'demands',
    'at',
    'texts',
  ] as const)
    (r as unknown as Record<string, unknown[]>)[k] = [];
  return r;
}

interface RowFields {
  channel: string;
  visitKind: string;
  headcount: number;
  nature: string;
  categoryCode: string;
  level: string;
  skipLevel: boolean;
  regionCode: string;
  involvedOrganization: string | null;
  summary: string;
  demands: string;
  at: string;
}

function push(r: Rows, id: string, tracking: string, f: RowFields): void {
  r.ids.push(id);
  r.tracking.push(tracking);
  r.channel.push(f.channel);
  r.visitKind.push(f.visitKind);
  r.headcount.push(f.headcount);
  r.nature.push(f.nature);
  r.category.push(f.categoryCode);
  r.level.push(f.level);
  r.skipLevel.push(f.skipLevel);
  r.region.push(f.regionCode);
  r.organization.push(f.involvedOrganization);
  r.summary.push(f.summary);
  r.demands.push(f.demands);
  r.at.push(f.at);
  // As intake computes a petition's keys (registration, migration, check by id).
  r.texts.push(`${f.summary} ${f.demands}`);
}

const INSERT = `INSERT INTO intake.petition (id, tracking_number, access_code_hash, channel, visit_kind, headcount, nature, category_code,
    level, skip_level, region_code, involved_organization, summary, demands, status, received_at, registered_at, registered_by,
    routing_due_on, routing_due_rule, matter_keys)
  SELECT id, tracking, 'bench', channel, visit_kind, headcount, nature, category_code, level, skip_level, region_code, organization,
         summary, demands, 'REGISTERED', at, at, 'bench', (at + interval '15 days')::date, 'bench', keys::int4[]
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::boolean[],
                $10::text[], $11::text[], $12::text[], $13::text[], $14::timestamptz[], $15::text[])
      AS r(id, tracking, channel, visit_kind, headcount, nature, category_code, level, skip_level, region_code, organization,
           summary, demands, at, keys)`;

const insertParams = (r: Rows, keys: string[]) => [
  r.ids,
  r.tracking,
  r.channel,
  r.visitKind,
  r.headcount,
  r.nature,
  r.category,
  r.level,
  r.skipLevel,
  r.region,
  r.organization,
  r.summary,
  r.demands,
  r.at,
  keys,
];

/** Worker threads for the keys: BENCH_KEY_WORKERS, default 1 (measured on 2 cores: docs/performance.md). */
function keyWorkers(): number {
  const v = process.env.BENCH_KEY_WORKERS;
  if (v === undefined || v === '') return 1;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`BENCH_KEY_WORKERS must be a whole number ≥ 0, got ${v}`);
  return n;
}

async function run(options: BenchOptions) {
  const size = options.size ?? (options.quick ? 10_000 : GOAL_SIZE);
  const queries = options.quick ? 100 : 1000;
  const baselineQueries = options.quick ? 30 : 200;
  // Hand-written texts checked by id (every text in a full run) and by the baseline (a sample: pg_trgm
  // on a long letter reads thousands of rows).
  const corpusStep = options.quick ? 3 : 1;
  const baselineCorpusStep = options.quick ? 9 : 4;
  const workers = keyWorkers();
  printMachine();
  out(`load average at start ${loadAverage()}`);
  const handWritten = loadCorpus();
  const corpusChecks = everyNth(handWritten, corpusStep).length;
  const baselineCorpusChecks = everyNth(handWritten, baselineCorpusStep).length;
  out(
    `duplicate check over ${size} generated petitions and ${handWritten.length} hand-written ones: ${queries} repeat queries and ` +
      `${queries / 2} new matters by text, ${corpusChecks} hand-written texts by id; baseline on ${baselineQueries + baselineQueries / 2} ` +
      `generated queries and ${baselineCorpusChecks} hand-written texts`,
  );

  // ---- the labelled sets ---------------------------------------------------------------------------
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
  const repeats: number[] = [];
  const newQ: number[] = [];
  const stride = Math.max(1, Math.floor(corpus.length / (4 * queries)));
  for (let i = corpus.length - 1; i >= 0 && (repeats.length < queries || newQ.length < queries / 2); i -= stride) {
    const p = corpus[i];
    const m = matter(p);
    if (m && repeats.length < queries) {
      const earlier = members.get(m)!.some((j) => j !== i && !held[j] && city(corpus[j]) === city(p));
      if (earlier) {
        held[i] = 1;
        repeats.push(i);
      }
    } else if (!m && newQ.length < queries / 2) {
      held[i] = 1;
      newQ.push(i);
    }
  }
  members.clear();
  const stored: number[] = [];
  for (let i = 0; i < corpus.length; i++) if (!held[i]) stored.push(i);
  const townships = [...new Set(stored.map((i) => corpus[i].regionCode).filter((r) => r.startsWith(CORPUS_CITY)))];
  const planted = plantCorpus(handWritten, townships, START, 365);
  const cityRows = stored.filter((i) => city(corpus[i]) === CORPUS_CITY).length;
  out(
    `corpus: ${corpus.length} generated in ${fmt(msSince(t) / 1000, 1)} s; stored ${stored.length}, repeat queries ${repeats.length}, ` +
      `new-matter queries ${newQ.length}; the ${planted.length} hand-written texts in city ${CORPUS_CITY} ` +
      `(${townships.length} townships) beside ${cityRows} generated petitions of that city`,
  );

  // ---- what a text's keys cost, in one thread -------------------------------------------------------
  const sampleTexts = stored.slice(0, options.quick ? 1000 : 3000).map((i) => {
    const f = registerInput(corpus[i], i);
    return `${f.summary} ${f.demands}`;
  });
  t = process.hrtime.bigint();
  keyBatch(sampleTexts.slice(0, 1));
  const firstMs = msSince(t);
  const sample = keyBatch(sampleTexts);
  const perText = sample.ms / sampleTexts.length;
  out(
    `matter keys in one thread (extractMatter + matterKeys): ${fmt(perText, 3)} ms a text over ${sampleTexts.length} texts, ` +
      `${fmt(sample.keys / sampleTexts.length, 1)} keys a text (first call, loading jieba's dictionary: ${fmt(firstMs, 0)} ms); ` +
      `${stored.length} texts ≈ ${fmt((perText * stored.length) / 1000, 0)} s of CPU`,
  );

  const id = randomBytes(4).toString('hex');
  const platform = await BenchPlatform.start({ id, keep: !!options.keep, only: ['intake'] });
  const client = new GraphqlClient(4);
  const pool = new MatterKeyPool(workers);
  try {
    // ---- load ----------------------------------------------------------------------------------------
    t = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const indexes = await platform.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'intake' AND tablename = 'petition' AND indexdef NOT LIKE '%UNIQUE%'`,
    );
    if (!indexes.some((ix) => ix.indexname === 'petition_matter_keys')) throw new Error('intake has no petition_matter_keys index');
    for (const ix of indexes) await platform.query(`DROP INDEX intake.${ix.indexname}`);
    const byId = new Map<string, number>();
    const plantedById = new Map<string, CorpusText>();
    const plantedIds: string[] = [];
    const BATCH = 5000;
    // Batches of generated rows, then the hand-written texts.
    const batches = Math.ceil(stored.length / BATCH) + 1;
    const batchRows = (b: number): Rows => {
      const r = rows();
      if (b < batches - 1) {
        for (const i of stored.slice(b * BATCH, (b + 1) * BATCH)) {
          const pid = randomUUID();
          byId.set(pid, i);
          push(r, pid, `B${String(i).padStart(9, '0')}`, { ...registerInput(corpus[i], i), at: corpus[i].registeredAt });
        }
      } else {
        planted.forEach((p: PlantedText, i) => {
          const pid = randomUUID();
          plantedById.set(pid, p.text);
          plantedIds.push(pid);
          push(r, pid, `H${String(i).padStart(9, '0')}`, {
            channel: p.channel,
            visitKind: 'INDIVIDUAL',
            headcount: 1,
            nature: 'GRIEVANCE',
            categoryCode: p.text.category,
            level: 'COUNTY',
            skipLevel: false,
            regionCode: p.regionCode,
            involvedOrganization: null,
            summary: p.text.summary,
            demands: p.text.demands,
            at: p.registeredAt,
          });
        });
      }
      return r;
    };
    // Keys of the next batches are computed (in the pool) while the previous batch is inserted.
    const depth = Math.max(2, 2 * pool.workers);
    const inflight: Array<{ r: Rows; keys: Promise<{ literals: string[]; keys: number; ms: number }> }> = [];
    let next = 0;
    let inserting: Promise<unknown> = Promise.resolve();
    let keyMs = 0;
    let keyCount = 0;
    let loaded = 0;
    let waitKeysMs = 0;
    for (;;) {
      while (inflight.length < depth && next < batches) {
        const r = batchRows(next++);
        inflight.push({ r, keys: pool.keys(r.texts) });
      }
      const job = inflight.shift();
      if (!job) break;
      const waited = process.hrtime.bigint();
      const k = await job.keys;
      waitKeysMs += msSince(waited);
      keyMs += k.ms;
      keyCount += k.keys;
      await inserting;
      inserting = platform.query(INSERT, insertParams(job.r, k.literals));
      inserting.catch(() => undefined); // awaited on the next turn
      const before = loaded;
      loaded += job.r.ids.length;
      if (Math.floor(loaded / 100_000) > Math.floor(before / 100_000))
        out(`  loaded ${loaded} rows (${fmt(msSince(t) / 1000, 0)} s, load average ${loadAverage()})`);
    }
    await inserting;
    const loadS = msSince(t) / 1000;
    const loadCpu = process.cpuUsage(cpu0);
    out(
      `loaded ${loaded} petitions in ${fmt(loadS, 1)} s with ${pool.workers} key worker thread(s): matter keys ${fmt(keyMs / 1000, 1)} s ` +
        `of ${pool.workers ? 'worker' : 'main-thread'} time (${fmt(keyMs / loaded, 3)} ms a text, ${fmt(keyCount / loaded, 1)} keys a text), ` +
        `inserts waiting for keys ${fmt(waitKeysMs / 1000, 1)} s; bench process CPU ${fmt((loadCpu.user + loadCpu.system) / 1e6, 1)} s`,
    );
    await pool.close();

    t = process.hrtime.bigint();
    await platform.query(`SET maintenance_work_mem = '1GB'`);
    const built: string[] = [];
    for (const ix of indexes) {
      const started = process.hrtime.bigint();
      await platform.query(ix.indexdef);
      built.push(`${ix.indexname} ${fmt(msSince(started) / 1000, 1)} s`);
    }
    const dfStarted = process.hrtime.bigint();
    // As the migration (MatterKeys1764400000000) counts them.
    await platform.query(`TRUNCATE intake.matter_df`);
    await platform.query(
      `INSERT INTO intake.matter_df (key, n) SELECT b, count(*) FROM (SELECT DISTINCT p.id, k & ~7 AS b FROM intake.petition p, unnest(p.matter_keys) k) t GROUP BY b`,
    );
    const dfS = msSince(dfStarted) / 1000;
    await platform.query(`VACUUM ANALYZE intake.petition`);
    await platform.query(`VACUUM ANALYZE intake.matter_df`);
    const indexS = msSince(t) / 1000;
    const [sizes] = await platform.query<{ table: string; gin: string; df: number; rare: number }>(
      `SELECT pg_size_pretty(pg_table_size('intake.petition')) AS table,
              pg_size_pretty(pg_relation_size('intake.petition_matter_keys')) AS gin,
              (SELECT count(*)::int FROM intake.matter_df) AS df,
              (SELECT count(*)::int FROM intake.matter_df WHERE n = 1) AS rare`,
    );
    out(
      `indexes and counts in ${fmt(indexS, 1)} s (${built.join(', ')}; matter_df ${fmt(dfS, 1)} s); table ${sizes.table}, ` +
        `matter_keys GIN ${sizes.gin}, ${sizes.df} distinct keys (${sizes.rare} held by one petition)`,
    );
    // Intake reads the counts when it starts. A profile covers the restarted process only.
    await platform.services.intake.stop();
    const profDir = join(platform.dir, 'prof-intake');
    if (profiledProcesses().has('intake') && existsSync(profDir))
      for (const f of readdirSync(profDir)) rmSync(join(profDir, f), { force: true });
    t = process.hrtime.bigint();
    await platform.services.intake.start();
    const startS = msSince(t) / 1000;
    const idle = readRss(platform.services.intake.pid!);
    out(`intake restarted in ${fmt(startS, 1)} s (reads ${sizes.df} counts), ${fmt(idle?.rss, 0)} MiB resident`);

    // ---- the service ---------------------------------------------------------------------------------
    const clerk = await token(['CLERK'], { department: 'D-BUREAU' });
    const all = [...repeats, ...newQ];
    const checkText = async (i: number) => {
      const form = registerInput(corpus[i], i);
      return client.post<CheckAnswer>(platform.services.intake.url, clerk, CHECK_TEXT, {
        input: { summary: form.summary, demands: form.demands, regionCode: form.regionCode, limit: 10 },
      });
    };
    const checkId = (pid: string) => client.post<CheckAnswer>(platform.services.intake.url, clerk, CHECK_ID, { id: pid });
    const flaggedOf = (r: GqlResult<CheckAnswer>) => {
      if (errorCode(r)) throw new Error(`checkDuplicates: ${JSON.stringify(r.errors ?? r.status)}`);
      return r.data!.checkDuplicates.filter((c) => c.reasons.includes('SIMILAR_TEXT')).map((c) => c.petition.id);
    };
    const checksStarted = process.hrtime.bigint();
    // Warm-up (JIT, plans, cache), not measured.
    for (const i of all.slice(0, 20)) flaggedOf(await checkText(i));
    for (const pid of plantedIds.slice(0, 20)) flaggedOf(await checkId(pid));
    const ours = quality();
    const textMs: number[] = [];
    for (const i of all) {
      const r = await checkText(i);
      textMs.push(r.ms);
      score(ours, corpus[i], flaggedOf(r), corpus, byId);
    }
    const oursCorpus = corpusQuality(handWritten);
    const idMs: number[] = [];
    for (const pid of everyNth(plantedIds, corpusStep)) {
      const r = await checkId(pid);
      idMs.push(r.ms);
      scoreCorpusCheck(
        oursCorpus,
        plantedById.get(pid)!,
        flaggedOf(r).map((f) => plantedById.get(f) ?? null),
      );
    }
    const busy = readRss(platform.services.intake.pid!);
    const loadDuringChecks = loadAverage();
    out(
      `checks: ${textMs.length + idMs.length} (and 40 to warm up) in ${fmt(msSince(checksStarted) / 1000, 1)} s, load average ${loadDuringChecks}`,
    );

    // ---- the baseline: pg_trgm GIN % on the same rows ------------------------------------------------
    t = process.hrtime.bigint();
    await platform.query(`CREATE INDEX bench_text_trgm ON intake.petition USING gin ((summary || ' ' || demands) gin_trgm_ops)`);
    const trgmBuildS = msSince(t) / 1000;
    const [trgmSize] = await platform.query<{ size: string }>(`SELECT pg_size_pretty(pg_relation_size('intake.bench_text_trgm')) AS size`);
    const sampleQ = [...repeats.slice(0, baselineQueries), ...newQ.slice(0, baselineQueries / 2)];
    const base = quality();
    const baseMs: number[] = [];
    const baselineSql = `SELECT id FROM intake.petition WHERE (summary || ' ' || demands) % $1 AND region_code LIKE $2 || '%'
        AND ($3::uuid IS NULL OR id <> $3)
      ORDER BY similarity(summary || ' ' || demands, $1) DESC LIMIT 10`;
    const trgm = async (text: string, cityCode: string, exclude: string | null) => {
      const started = process.hrtime.bigint();
      const found = await platform.query<{ id: string }>(baselineSql, [text, cityCode, exclude]);
      return { ids: found.map((r) => r.id), ms: msSince(started) };
    };
    const formText = (i: number) => {
      const form = registerInput(corpus[i], i);
      return `${form.summary} ${form.demands}`;
    };
    for (const i of sampleQ.slice(0, 5)) await trgm(formText(i), city(corpus[i]), null);
    for (const i of sampleQ) {
      const r = await trgm(formText(i), city(corpus[i]), null);
      baseMs.push(r.ms);
      score(base, corpus[i], r.ids, corpus, byId);
    }
    const baseCorpus = corpusQuality(handWritten);
    const baseIdMs: number[] = [];
    for (const pid of everyNth(plantedIds, baselineCorpusStep)) {
      const text = plantedById.get(pid)!;
      const r = await trgm(`${text.summary} ${text.demands}`, CORPUS_CITY, pid);
      baseIdMs.push(r.ms);
      scoreCorpusCheck(
        baseCorpus,
        text,
        r.ids.map((f) => plantedById.get(f) ?? null),
      );
    }
    out(
      `baseline index (pg_trgm GIN on summary || ' ' || demands): built in ${fmt(trgmBuildS, 1)} s, ${trgmSize.size}; ` +
        `${baseMs.length + baseIdMs.length} baseline queries in ${fmt(msSince(t) / 1000 - trgmBuildS, 1)} s`,
    );

    // ---- report --------------------------------------------------------------------------------------
    const oText = summarize(textMs);
    const oId = summarize(idMs);
    const oAll = summarize([...textMs, ...idMs]);
    const b = summarize(baseMs);
    const bId = summarize(baseIdMs);
    const lat = (label: string, s: ReturnType<typeof summarize>) => [
      label,
      s.n,
      fmt(s.p50, 1),
      fmt(s.p95, 1),
      fmt(s.p99, 1),
      fmt(s.max, 1),
    ];
    out('');
    out(`latency, ms (one check at a time; ${loaded} stored):`);
    out(
      formatTable(
        ['method', 'n', 'p50', 'p95', 'p99', 'max'],
        [
          lat('checkDuplicates by text, generated queries (GraphQL over HTTP, matter keys GIN + matchMatter)', oText),
          lat('checkDuplicates by petitionId, hand-written texts (GraphQL over HTTP)', oId),
          lat('checkDuplicates, all', oAll),
          lat('baseline: pg_trgm GIN %, same city, top 10, generated queries (SQL only)', b),
          lat('baseline: pg_trgm GIN %, same city, top 10, hand-written texts (SQL only)', bId),
        ],
      ),
    );
    out(
      `ratio baseline / checkDuplicates: generated p50 ${fmt(b.p50 / oText.p50, 1)}, p99 ${fmt(b.p99 / oText.p99, 1)}; ` +
        `hand-written p50 ${fmt(bId.p50 / oId.p50, 1)}, p99 ${fmt(bId.p99 / oId.p99, 1)}`,
    );
    const row = (label: string, q: Quality) => [
      label,
      q.repeatQueries,
      fmt(q.hits / q.repeatQueries, 3),
      q.flagged,
      fmt(q.wrong / Math.max(1, q.flagged), 3),
      `${q.newMatterFlagged} of ${q.newMatterQueries}`,
    ];
    out('');
    out('generated set (recall: repeat queries shown an earlier petition of the same matter; FP: flagged of another matter / flagged):');
    out(
      formatTable(
        ['method', 'repeat queries', 'recall', 'flagged', 'false positives', 'new matters with a flag'],
        [row(`checkDuplicates (SIMILAR_TEXT ≥ ${MATCH_TUNING.threshold})`, ours), row('baseline: pg_trgm % (every row returned)', base)],
      ),
    );
    const crow = (label: string, q: CorpusQuality) => [
      label,
      q.checks,
      `${fmt(corpusRecall(q), 3)} (${q.found}/${q.pairs})`,
      `${q.textsFound}/${q.textsWithPartner}`,
      q.flagged,
      `${fmt(corpusFalsePositives(q), 3)} (${q.flagged - q.found})`,
      `${q.otherGroup} (${q.hardNegative} hard neg.)`,
      q.generated,
    ];
    out('');
    out(
      `hand-written corpus among the ${loaded} (city ${CORPUS_CITY}; recall: same-group petitions flagged / directed same-group pairs; ` +
        `FP: flagged of another group or generated / flagged; on an empty database: integration-tests/test/duplicate-corpus.int.spec.ts):`,
    );
    out(
      formatTable(
        ['method', 'checks', 'recall', 'texts shown a partner', 'flagged', 'false positives', 'of another group', 'generated'],
        [crow('checkDuplicates(petitionId), SIMILAR_TEXT', oursCorpus), crow('baseline: pg_trgm % (every row returned)', baseCorpus)],
      ),
    );
    out(
      `intake resident memory: ${fmt(idle?.rss, 0)} MiB after start with the counts, ${fmt(busy?.rss, 0)} MiB after the checks ` +
        `(peak ${fmt(busy?.hwm, 0)} MiB)`,
    );
    out('');
    const recall = ours.hits / ours.repeatQueries;
    const fp = ours.wrong / Math.max(1, ours.flagged);
    const judged = loaded >= GOAL_SIZE;
    const verdict = (ok: boolean) => (judged ? (ok ? 'PASS' : 'MISS') : 'not judged (smaller store)');
    out(
      formatTable(
        ['goal', 'measured', 'verdict'],
        [
          [
            `p99 ≤ ${GOAL_P99_MS} ms at ${GOAL_SIZE} petitions (all checks)`,
            `${fmt(oAll.p99, 1)} ms at ${loaded}`,
            verdict(oAll.p99 <= GOAL_P99_MS),
          ],
          [`generated: recall ≥ ${GOAL_RECALL}`, fmt(recall, 3), verdict(recall >= GOAL_RECALL)],
          [`generated: false positives ≤ ${GOAL_FP * 100} %`, `${fmt(fp * 100, 2)} %`, verdict(fp <= GOAL_FP)],
          [
            `hand-written: recall ≥ ${GOAL_CORPUS_RECALL} (issue 15)`,
            fmt(corpusRecall(oursCorpus), 3),
            verdict(corpusRecall(oursCorpus) >= GOAL_CORPUS_RECALL),
          ],
          [
            `hand-written: false positives ≤ ${GOAL_CORPUS_FP * 100} % (issue 15)`,
            `${fmt(corpusFalsePositives(oursCorpus) * 100, 1)} %`,
            verdict(corpusFalsePositives(oursCorpus) <= GOAL_CORPUS_FP),
          ],
        ],
      ),
    );
    out(`load average during the checks ${loadDuringChecks}, at the end ${loadAverage()}`);
    printPeakRss();
  } finally {
    await pool.close();
    client.close();
    await platform.stop();
  }
}

export const duplicateCheck: Benchmark = {
  name: 'duplicate-check',
  description:
    "intake's checkDuplicates (matter matcher) over 1,000,000 stored petitions with the hand-written corpus planted (latency, recall, false positives) vs pg_trgm GIN %",
  run,
};
