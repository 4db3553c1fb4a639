import { randomBytes, randomUUID } from 'crypto';

import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import {
  connectNats,
  createEnvelope,
  ensureStream,
  eventTablesUp,
  InboxConsumer,
  Outbox,
  OutboxRelay,
  quoteIdent,
  silentLogger,
  streamName,
  type NewEvent,
} from '@petition/events';

import { msSince, out, printMachine, printPeakRss, loadAverage } from '../machine';
import { fmt, formatTable, summarize } from '../stats';
import type { Benchmark, BenchOptions } from '../types';

// event-pipeline: the outbox path every service uses, end to end on the real PostgreSQL and
// JetStream: Outbox.append inside transactions → OutboxRelay (NOTIFY-woken, SKIP LOCKED batches,
// publish with msgID, mark) → a durable InboxConsumer (inbox, position, trivial handler). Measured:
// the relay's throughput on N pre-committed events, the consumer's drain rate, and commit-to-handler
// latency at a steady rate; next to a bare JetStream publish/consume loop in the same run.

const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PUBLISHER = 'bench_pub';
const SUBSCRIBER = 'bench_sub';
const ROWS_PER_TX = 100;
const LOAD_CONCURRENCY = 4;
/** The relay's default batch (relay.ts), also the bare loop's publish concurrency. */
const BATCH = 200;
const RELAY_GOAL = 10_000;
const LATENCY_GOAL_MS = 1000;
const TYPE = 'intake.petition.linkedAsRepeat' as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function newEvent(): NewEvent<typeof TYPE> {
  const petitionId = randomUUID();
  const now = new Date();
  return {
    type: TYPE,
    aggregateId: petitionId,
    aggregateVersion: 1,
    occurredAt: now,
    data: { petitionId, originalPetitionId: randomUUID(), level: 'COUNTY', linkedAt: now.toISOString() },
  };
}

/** Calls `fire(i)` for i < count at `rate` per second (open loop: a slow call does not delay the next). */
async function paced(count: number, rate: number, fire: (i: number) => Promise<void>): Promise<void> {
  const pending = new Set<Promise<void>>();
  let failure: unknown;
  const start = process.hrtime.bigint();
  let i = 0;
  while (i < count && failure === undefined) {
    const due = Math.min(count, Math.floor((msSince(start) * rate) / 1000) + 1);
    while (i < due) {
      const p = fire(i++).catch((error) => {
        failure ??= error;
      });
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    await sleep(1);
  }
  await Promise.all(pending);
  if (failure !== undefined) throw failure;
}

async function waitFor(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

function dataSource(url: string, max: number): DataSource {
  return new DataSource({ type: 'postgres', url, extra: { max }, logging: false });
}

// ---- bare JetStream ----------------------------------------------------------------------------

/** Bare loop, throughput: publish `count` messages with msgID (BATCH at a time, acked), then pull-consume and ack them all. */
async function bareThroughput(nc: NatsConnection, jsm: JetStreamManager, prefix: string, payloads: string[]) {
  const js = nc.jetstream();
  const stream = await ensureStream(jsm, prefix, 'bare');
  try {
    let t = process.hrtime.bigint();
    for (let i = 0; i < payloads.length; i += BATCH) {
      await Promise.all(payloads.slice(i, i + BATCH).map((p, k) => js.publish(`${prefix}bare.ping`, p, { msgID: `bare-${i + k}` })));
    }
    const publishMs = msSince(t);
    await jsm.consumers.add(stream, { durable_name: 'bare', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
    const consumer = await js.consumers.get(stream, 'bare');
    t = process.hrtime.bigint();
    let received = 0;
    const messages = await consumer.consume({ max_messages: 100 });
    for await (const m of messages) {
      JSON.parse(m.string());
      m.ack();
      if (++received >= payloads.length) break;
    }
    const consumeMs = msSince(t);
    void messages.close();
    return { publishMs, consumeMs };
  } finally {
    await jsm.streams.delete(stream).catch(() => undefined);
  }
}

/** Bare loop, latency: publish with msgID at `rate`, a pull consumer receives; publish call → receipt. */
async function bareLatency(nc: NatsConnection, jsm: JetStreamManager, prefix: string, payload: string, count: number, rate: number) {
  const js = nc.jetstream();
  const stream = await ensureStream(jsm, prefix, 'barelat');
  try {
    await jsm.consumers.add(stream, { durable_name: 'bare', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
    const consumer = await js.consumers.get(stream, 'bare');
    const sentAt: bigint[] = new Array(count);
    const latencies: number[] = [];
    const messages = await consumer.consume({ max_messages: 100 });
    const receiving = (async () => {
      for await (const m of messages) {
        // One connection sends in order, so stream sequence − 1 is the publish index.
        const i = m.info.streamSequence - 1;
        latencies.push(msSince(sentAt[i]));
        m.ack();
        if (latencies.length >= count) break;
      }
    })();
    await paced(count, rate, async (i) => {
      sentAt[i] = process.hrtime.bigint();
      await js.publish(`${prefix}barelat.ping`, payload, { msgID: `lat-${i}` });
    });
    // A pending timer would keep the process alive after the run: clear it.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([receiving, new Promise((r) => (timer = setTimeout(r, 30_000)))]);
    clearTimeout(timer);
    void messages.close();
    return latencies;
  } finally {
    await jsm.streams.delete(stream).catch(() => undefined);
  }
}

// ---- the pipeline ------------------------------------------------------------------------------

async function appendCommitted(writer: DataSource, outbox: Outbox, count: number): Promise<number> {
  const t = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = Math.min(ROWS_PER_TX, count - next);
      next += n;
      await writer.transaction(async (tx) => {
        for (let k = 0; k < n; k++) await outbox.append(tx, newEvent());
      });
    }
  };
  await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, worker));
  return msSince(t);
}

function relayFor(ds: DataSource, js: JetStreamClient, prefix: string, onPublished: (types: string[]) => void): OutboxRelay {
  return new OutboxRelay({ dataSource: ds, schema: PUBLISHER, js, subjectPrefix: prefix, onPublished });
}

function consumerFor(
  ds: DataSource,
  nc: NatsConnection,
  jsm: JetStreamManager,
  prefix: string,
  onEvent: (id: string) => void,
): InboxConsumer {
  return new InboxConsumer({
    dataSource: ds,
    schema: SUBSCRIBER,
    durable: 'bench-pipeline',
    source: 'intake',
    js: nc.jetstream(),
    jsm,
    subjectPrefix: prefix,
    handlers: {
      [TYPE]: async (event) => onEvent(event.id),
    },
  });
}

async function run(options: BenchOptions) {
  const size = options.size ?? (options.quick ? 5_000 : 200_000);
  const rate = 1_000;
  const seconds = options.quick ? 1 : 30;
  const latencyCount = rate * seconds;
  const consumerCap = Math.min(size, options.quick ? 500 : 10_000);
  printMachine();
  const id = randomBytes(4).toString('hex');
  const database = `petition_bench_${id}`;
  const prefix = `bench${id}.`;
  out(`events: ${TYPE}; throughput N = ${size}; latency ${rate}/s for ${seconds} s; database ${database}; subject prefix ${prefix}`);
  out(`load average at start ${loadAverage()} (the machine is shared: other runs disturb these figures)`);

  const admin = new Client({ connectionString: `${PG_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = `${PG_URL}/${database}`;
  // The publishing service's pool (its writers and its relay) and the consuming service's pool.
  const publisher = dataSource(url, 10);
  const subscriber = dataSource(url, 4);
  // The services' own connection settings, for the pipeline and the bare loop alike.
  const nc = await connectNats(NATS_URL, 'bench-event-pipeline', silentLogger);
  const jsm = await nc.jetstreamManager();
  const js = nc.jetstream();
  const streams: Array<[string, string]> = [];
  try {
    await publisher.initialize();
    await subscriber.initialize();
    for (const schema of [PUBLISHER, SUBSCRIBER]) {
      await publisher.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
      for (const sql of eventTablesUp(schema)) await publisher.query(sql);
    }
    const outbox = new Outbox(PUBLISHER, 'intake');
    const payload = JSON.stringify(createEnvelope('intake', newEvent()));
    out(`envelope: ${Buffer.byteLength(payload)} bytes of JSON`);

    // ---- throughput: bare loop, then the relay on N pre-committed rows, then the consumer -------
    const bare = await bareThroughput(
      nc,
      jsm,
      `${prefix}b.`,
      Array.from({ length: size }, () => payload),
    );
    out(`bare JetStream: ${size} published in ${fmt(bare.publishMs / 1000, 2)} s, consumed in ${fmt(bare.consumeMs / 1000, 2)} s`);

    const tPrefix = `${prefix}t.`;
    streams.push([tPrefix, 'intake']);
    await ensureStream(jsm, tPrefix, 'intake');
    const appendMs = await appendCommitted(publisher, outbox, size);
    out(
      `outbox: ${size} events appended and committed in ${fmt(appendMs / 1000, 2)} s (${ROWS_PER_TX} a transaction, ${LOAD_CONCURRENCY} at once)`,
    );
    let published = 0;
    let relayMs = NaN;
    const relayStart = process.hrtime.bigint();
    const relay = relayFor(publisher, js, tPrefix, (types) => {
      published += types.length;
      if (published >= size && Number.isNaN(relayMs)) relayMs = msSince(relayStart);
    });
    await relay.start();
    try {
      await waitFor('the relay to publish every row', () => published >= size, 10 * 60_000);
    } finally {
      await relay.stop();
    }
    const [{ unpublished }] = await publisher.query(
      `SELECT count(*)::int AS unpublished FROM ${PUBLISHER}.outbox WHERE published_at IS NULL`,
    );
    if (unpublished !== 0) throw new Error(`${unpublished} outbox rows left unpublished`);
    out(`relay: ${size} rows published and marked in ${fmt(relayMs / 1000, 2)} s (load average ${loadAverage()})`);

    let handled = 0;
    let consumerMs = NaN;
    const consumerStart = process.hrtime.bigint();
    const drain = consumerFor(subscriber, nc, jsm, tPrefix, () => {
      if (++handled === consumerCap) consumerMs = msSince(consumerStart);
    });
    await drain.start();
    try {
      await waitFor('the consumer to handle its share', () => handled >= consumerCap, 10 * 60_000);
    } finally {
      await drain.stop();
    }
    out(`consumer: ${consumerCap} of them handled in ${fmt(consumerMs / 1000, 2)} s (load average ${loadAverage()})`);

    // ---- latency at a steady rate: bare loop, then commit → handler -----------------------------
    const bareLat = await bareLatency(nc, jsm, `${prefix}bl.`, payload, latencyCount, rate);
    out(`bare JetStream at ${rate}/s: ${bareLat.length} of ${latencyCount} received`);

    const lPrefix = `${prefix}l.`;
    streams.push([lPrefix, 'intake']);
    await ensureStream(jsm, lPrefix, 'intake');
    const committedAt = new Map<string, bigint>();
    const latencies: number[] = [];
    const relay2 = relayFor(publisher, js, lPrefix, () => undefined);
    const consumer = consumerFor(subscriber, nc, jsm, lPrefix, (eventId) => {
      const at = committedAt.get(eventId);
      if (at !== undefined) latencies.push(msSince(at));
    });
    await consumer.start();
    await relay2.start();
    try {
      await paced(latencyCount, rate, async () => {
        await publisher.transaction(async (tx) => {
          const e = await outbox.append(tx, newEvent());
          // Timed from here, as COMMIT is sent: the commit's own time is inside the figure.
          committedAt.set(e.id, process.hrtime.bigint());
        });
      });
      await waitFor('the consumer to see every event', () => latencies.length >= latencyCount, options.quick ? 60_000 : 300_000).catch(
        (error) => out(`  ${(error as Error).message}: ${latencies.length} of ${latencyCount}`),
      );
    } finally {
      await relay2.stop();
      await consumer.stop();
    }
    out(`pipeline at ${rate}/s: ${latencies.length} of ${latencyCount} handled (load average ${loadAverage()})`);

    // ---- report -------------------------------------------------------------------------------
    const perS = (n: number, ms: number) => n / (ms / 1000);
    const relayRate = perS(size, relayMs);
    const consumerRate = perS(consumerCap, consumerMs);
    const barePub = perS(size, bare.publishMs);
    const bareCon = perS(size, bare.consumeMs);
    out('');
    out(
      formatTable(
        ['throughput', 'events', 'events/s', 'bare JetStream events/s', 'pipeline / bare'],
        [
          [
            'relay: pre-committed outbox rows → published and marked',
            size,
            fmt(relayRate, 0),
            fmt(barePub, 0),
            fmt(relayRate / barePub, 2),
          ],
          [
            'InboxConsumer: stream → inbox + handler, committed',
            consumerCap,
            fmt(consumerRate, 0),
            fmt(bareCon, 0),
            fmt(consumerRate / bareCon, 2),
          ],
          ['Outbox.append: committed, 100 a transaction (load)', size, fmt(perS(size, appendMs), 0), '', ''],
        ],
      ),
    );
    const a = summarize(latencies);
    const b = summarize(bareLat);
    out('');
    out(`latency at ${rate} events/s for ${seconds} s:`);
    out(
      formatTable(
        ['', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
        [
          ['commit → InboxConsumer handler', a.n, fmt(a.p50, 1), fmt(a.p95, 1), fmt(a.p99, 1), fmt(a.max, 1)],
          ['bare JetStream publish → consume', b.n, fmt(b.p50, 1), fmt(b.p95, 1), fmt(b.p99, 1), fmt(b.max, 1)],
          ['ratio (pipeline / bare)', '', fmt(a.p50 / b.p50, 1), fmt(a.p95 / b.p95, 1), fmt(a.p99 / b.p99, 1), fmt(a.max / b.max, 1)],
        ],
      ),
    );
    const relayPass = relayRate >= RELAY_GOAL;
    const latencyPass = a.n === latencyCount && a.p99 <= LATENCY_GOAL_MS;
    out(
      `goals: relay ≥ ${RELAY_GOAL} events/s: ${relayPass ? 'PASS' : 'MISS'} (${fmt(relayRate, 0)}/s); ` +
        `commit-to-consumer p99 ≤ ${LATENCY_GOAL_MS} ms: ${latencyPass ? 'PASS' : 'MISS'} (${fmt(a.p99, 1)} ms, ${a.n} of ${latencyCount} seen)`,
    );
    out(`load average at end ${loadAverage()}`);
    printPeakRss();
  } finally {
    for (const [p, source] of streams) await jsm.streams.delete(streamName(p, source)).catch(() => undefined);
    await nc.close();
    if (publisher.isInitialized) await publisher.destroy();
    if (subscriber.isInitialized) await subscriber.destroy();
    if (!options.keep) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    else out(`kept database ${database}`);
    await admin.end();
  }
}

export const eventPipeline: Benchmark = {
  name: 'event-pipeline',
  description:
    'Outbox → OutboxRelay → JetStream → InboxConsumer on PostgreSQL: relay events/s and commit-to-consumer latency vs bare JetStream',
  run,
};
