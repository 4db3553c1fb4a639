import { randomBytes } from 'crypto';

import { connect, type JetStreamClient, type NatsConnection } from 'nats';
import { Client } from 'pg';

import { createEnvelope, ensureStream, streamName } from '@petition/events';
import { parseHotspotEnvironment, startHotspotService } from '@petition/hotspot-screening';
import { extractMatter, matterKeys } from '@petition/text';

import { msSince, out, printMachine, printPeakRss } from '../machine';
import { fmt, formatTable, summarize } from '../stats';
import type { Benchmark, BenchOptions } from '../types';
import type { CorpusPetition } from './corpus';
import { bcubed, generateCorpus, pairwiseScores } from './corpus';

// The hotspot service end to end: the labelled corpus goes in as the `intake.petition.registered`
// events intake would publish (same contract, keyed matter keys), through JetStream into the real
// service on PostgreSQL. Measured: consumer throughput, clustering precision and recall against the
// labels, and event-to-alert latency at a steady rate, next to a bare JetStream round trip measured
// in the same run. Loopback only.

const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const SIGNATURE_KEY = 'bench-hotspot-service-signature-key';

function registeredEvent(p: CorpusPetition, seq: number) {
  const keys = p.nature === 'ACCUSATION' ? null : matterKeys(extractMatter(p.text), SIGNATURE_KEY);
  return createEnvelope('intake', {
    type: 'intake.petition.registered',
    aggregateId: p.petitionId,
    aggregateVersion: 1,
    occurredAt: new Date(p.registeredAt),
    data: {
      petitionId: p.petitionId,
      trackingNumber: `BENCH${String(seq).padStart(10, '0')}`,
      channel: p.channel,
      visitKind: p.visitKind,
      headcount: p.headcount,
      nature: p.nature,
      categoryCode: p.categoryCode,
      level: p.level,
      skipLevel: p.skipLevel,
      regionCode: p.regionCode,
      involvedOrganization: p.nature === 'ACCUSATION' ? null : p.involvedOrganization,
      registeredAt: p.registeredAt,
      repeatOfPetitionId: null,
      matterKeys: keys?.length ? keys : null,
      contentSignature: null,
    },
  });
}

async function publishAll(js: JetStreamClient, prefix: string, envelopes: Array<ReturnType<typeof registeredEvent>>) {
  for (let i = 0; i < envelopes.length; i += 500) {
    await Promise.all(envelopes.slice(i, i + 500).map((e) => js.publish(`${prefix}${e.type}`, JSON.stringify(e), { msgID: e.id })));
  }
}

/** Bare JetStream: publish → durable consumer → receive, one message at a time, same rate. */
async function bareRoundTrip(nc: NatsConnection, prefix: string, count: number, ratePerSecond: number): Promise<number[]> {
  const jsm = await nc.jetstreamManager();
  const js = nc.jetstream();
  const stream = await ensureStream(jsm, prefix, 'benchbare');
  await jsm.consumers.add(stream, { durable_name: 'bare', ack_policy: 'explicit' as never });
  const consumer = await js.consumers.get(stream, 'bare');
  const sent = new Map<string, bigint>();
  const latencies: number[] = [];
  const messages = await consumer.consume({ max_messages: 100 });
  const done = (async () => {
    for await (const m of messages) {
      const id = m.string();
      const t = sent.get(id);
      if (t !== undefined) latencies.push(msSince(t));
      m.ack();
      if (latencies.length >= count) break;
    }
  })();
  for (let i = 0; i < count; i++) {
    const id = `m${i}`;
    sent.set(id, process.hrtime.bigint());
    await js.publish(`${prefix}benchbare.ping`, id);
    await new Promise((r) => setTimeout(r, 1000 / ratePerSecond));
  }
  // A pending timer would keep the process alive after the run: clear it.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([done, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
  clearTimeout(timer);
  void messages.close(); // the loop above has already left the iterator
  await jsm.streams.delete(stream).catch(() => undefined);
  return latencies;
}

async function run(options: BenchOptions) {
  const size = options.size ?? (options.quick ? 1_000 : 100_000);
  const latencyGroups = options.quick ? 40 : 300;
  const rate = 50;
  printMachine();
  const id = randomBytes(4).toString('hex');
  const database = `petition_bench_${id}`;
  const prefix = `bench${id}.`;
  out(`corpus: ${size} petitions (seed 7, 365 days); database ${database}; subject prefix ${prefix}`);

  let t = process.hrtime.bigint();
  const corpus = generateCorpus({ size, seed: 7, start: new Date('2025-01-01T00:00:00Z'), days: 365 });
  const envelopes = corpus.map((p, i) => registeredEvent(p, i));
  out(`generated and keyed in ${fmt(msSince(t) / 1000, 1)} s`);

  const hotspot = await startHotspotService({
    env: parseHotspotEnvironment({
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      DATABASE_URL: `${PG_URL}/${database}`,
      NATS_URL,
      NATS_SUBJECT_PREFIX: prefix,
      PORT: '0',
      SCREENING_SCAN_INTERVAL_MS: '0',
      DB_POOL_SIZE: '4',
      HOTSPOT_CONFIG: process.env.HOTSPOT_CONFIG ?? '{}',
    }),
  });
  const nc = await connect({ servers: NATS_URL });
  try {
    const js = nc.jetstream();
    await ensureStream(await nc.jetstreamManager(), prefix, 'intake');

    // ---- throughput and clustering quality ---------------------------------------------------
    t = process.hrtime.bigint();
    await publishAll(js, prefix, envelopes);
    const publishMs = msSince(t);
    let last = -1;
    for (;;) {
      const [{ n }] = await hotspot.dataSource.query(`SELECT count(*)::int AS n FROM hotspot.member`);
      if (n >= size) break;
      if (n !== last && Math.floor(n / 10_000) !== Math.floor(last / 10_000)) out(`  … ${n} of ${size} projected`);
      last = n;
      await new Promise((r) => setTimeout(r, 500));
    }
    const projectMs = msSince(t);
    const rows: Array<{ petition_id: string; hotspot_id: string }> = await hotspot.dataSource.query(
      `SELECT petition_id, hotspot_id FROM hotspot.member`,
    );
    const predicted = new Map(rows.map((r) => [r.petition_id, r.hotspot_id]));
    const truth = corpus.map((p) => p.label);
    const labels = corpus.map((p) => predicted.get(p.petitionId)!);
    const pair = pairwiseScores(truth, labels);
    const b3 = bcubed(truth, labels);
    const [{ hotspots, largest }] = await hotspot.dataSource.query(
      `SELECT count(*)::int AS hotspots, max(petitions)::int AS largest FROM hotspot.hotspot`,
    );
    const [{ alerts }] = await hotspot.dataSource.query(`SELECT count(*)::int AS alerts FROM hotspot.alert`);
    out('');
    out(
      formatTable(
        ['measure', 'value'],
        [
          ['events published (JetStream acked)', `${size} in ${fmt(publishMs / 1000, 1)} s (${fmt(size / (publishMs / 1000), 0)}/s)`],
          ['events projected (consumer → PostgreSQL)', `${size} in ${fmt(projectMs / 1000, 1)} s (${fmt(size / (projectMs / 1000), 0)}/s)`],
          ['hotspots (true clusters)', `${hotspots} (${new Set(truth).size}), largest ${largest}`],
          ['alerts raised', alerts],
          ['pair precision / recall / F1', `${fmt(pair.precision)} / ${fmt(pair.recall)} / ${fmt(pair.f1)}`],
          ['B-cubed precision / recall / F1', `${fmt(b3.precision)} / ${fmt(b3.recall)} / ${fmt(b3.f1)}`],
        ],
      ),
    );

    // ---- event-to-alert latency at a steady rate ----------------------------------------------
    // Fresh groups of three collective visits about a new organisation each, each group in a
    // township and with words of its own: the third visit raises COLLECTIVE_VISITS.
    // Latency = alert event received − publish of the third event.
    const word = (g: number) =>
      Array.from({ length: 6 }, (_, i) => String.fromCharCode(0x4e00 + ((g * 7919 + i * 104729) % 20000))).join('');
    const sentAt = new Map<string, bigint>();
    const latencies: number[] = [];
    const sub = nc.subscribe(`${prefix}hotspot.alert.raised`);
    const listening = (async () => {
      for await (const m of sub) {
        const e = m.json<{ data: { triggerPetitionId: string } }>();
        const at = sentAt.get(e.data.triggerPetitionId);
        if (at !== undefined) latencies.push(msSince(at));
      }
    })();
    const start = Date.parse(corpus[corpus.length - 1]?.registeredAt ?? '2026-01-01T00:00:00Z') + 86_400_000;
    let seq = size;
    for (let g = 0; g < latencyGroups; g++) {
      for (let k = 0; k < 3; k++) {
        const p: CorpusPetition = {
          ...corpus[0],
          petitionId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
          label: `latency-${g}`,
          text: `${word(g)}工地拖欠农民工工资，第${k}批工人讨薪无果。`,
          involvedOrganization: `${word(g)}建筑劳务有限公司`,
          regionCode: `44${String(10 + (g % 90)).padStart(2, '0')}${String(g).padStart(5, '0')}`,
          nature: 'GRIEVANCE',
          visitKind: 'COLLECTIVE',
          headcount: 6,
          level: 'COUNTY',
          skipLevel: false,
          registeredAt: new Date(start + (g * 3 + k) * 60_000).toISOString(),
        };
        const e = registeredEvent(p, seq++);
        if (k === 2) sentAt.set(p.petitionId, process.hrtime.bigint());
        await js.publish(`${prefix}${e.type}`, JSON.stringify(e), { msgID: e.id });
        await new Promise((r) => setTimeout(r, 1000 / rate));
      }
    }
    out(`latency phase: ${latencyGroups * 3} events published at ${rate}/s; waiting for alerts`);
    const deadline = Date.now() + 15_000;
    while (latencies.length < latencyGroups && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    sub.unsubscribe();
    await listening;
    out(`${latencies.length} alerts received; measuring a bare JetStream round trip`);
    const bare = await bareRoundTrip(nc, prefix, Math.min(latencyGroups * 3, 600), rate);
    const a = summarize(latencies);
    const b = summarize(bare);
    out('');
    out(`event → alert latency at ${rate} events/s (${latencies.length} of ${latencyGroups} alerts received):`);
    out(
      formatTable(
        ['', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
        [
          ['event → hotspot.alert.raised', a.n, fmt(a.p50, 1), fmt(a.p95, 1), fmt(a.p99, 1), fmt(a.max, 1)],
          ['bare JetStream publish → consume', b.n, fmt(b.p50, 1), fmt(b.p95, 1), fmt(b.p99, 1), fmt(b.max, 1)],
          ['ratio (service / bare)', '', fmt(a.p50 / b.p50, 1), fmt(a.p95 / b.p95, 1), fmt(a.p99 / b.p99, 1), ''],
        ],
      ),
    );
    out(`goals: precision and recall ≥ 0.95; event-to-alert p99 ≤ 2000 ms`);
    printPeakRss();
  } finally {
    await hotspot.stop();
    const jsm = await nc.jetstreamManager();
    for (const source of ['intake', 'hotspot']) await jsm.streams.delete(streamName(prefix, source)).catch(() => undefined);
    await nc.close();
    const admin = new Client({ connectionString: `${PG_URL}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}

export const hotspotService: Benchmark = {
  name: 'hotspot',
  description: 'the hotspot service end to end: labelled corpus through JetStream and PostgreSQL, clustering P/R, event-to-alert latency',
  run,
};
