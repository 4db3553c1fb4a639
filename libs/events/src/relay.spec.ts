import { randomBytes, randomUUID } from 'crypto';

import type { JetStreamManager, NatsConnection } from 'nats';
import { connect } from 'nats';
import type { DataSource } from 'typeorm';

import { Outbox } from './outbox';
import { OutboxRelay } from './relay';
import { ensureStream, streamName } from './streams';
import { createEventTestDatabase, type EventTestDatabase } from './test-tables';

// OutboxRelay on the real PostgreSQL and NATS JetStream: batches overlap (one is marked while the
// next is published), and still the stream holds the outbox in order, each event once, and a row
// is marked only after JetStream acknowledged it.

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const SCHEMA = 'rl';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dataSource: DataSource;
let db: EventTestDatabase;
let nc: NatsConnection;
let jsm: JetStreamManager;
const outbox = new Outbox(SCHEMA, 'intake');

beforeAll(async () => {
  db = await createEventTestDatabase('petition_relay', SCHEMA);
  dataSource = db.dataSource;
  nc = await connect({ servers: NATS_URL });
  jsm = await nc.jetstreamManager();
});

afterAll(async () => {
  await nc?.close();
  await db?.drop();
});

async function append(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 100) {
    await dataSource.transaction(async (tx) => {
      for (let k = i; k < Math.min(count, i + 100); k++) {
        const petitionId = randomUUID();
        const e = await outbox.append(tx, {
          type: 'intake.petition.linkedAsRepeat',
          aggregateId: petitionId,
          aggregateVersion: 1,
          occurredAt: new Date(),
          data: { petitionId, originalPetitionId: randomUUID(), level: 'COUNTY', linkedAt: new Date().toISOString() },
        });
        ids.push(e.id);
      }
    });
  }
  return ids;
}

/** Event ids in the stream, by stream sequence. */
async function streamIds(prefix: string): Promise<string[]> {
  const name = streamName(prefix, 'intake');
  const info = await jsm.streams.info(name);
  const ids: string[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(name, { seq });
    ids.push((JSON.parse(new TextDecoder().decode(m.data)) as { id: string }).id);
  }
  return ids;
}

async function drained(relay: OutboxRelay): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await relay.backlog()) > 0) {
    if (Date.now() > deadline) throw new Error('the outbox did not drain');
    await sleep(25);
  }
}

describe('OutboxRelay', () => {
  const prefixes: string[] = [];
  afterEach(async () => {
    await dataSource.query(`DELETE FROM ${SCHEMA}.outbox`);
    for (const p of prefixes.splice(0)) await jsm.streams.delete(streamName(p, 'intake')).catch(() => undefined);
  });

  it('publishes batch after batch in outbox order, each event once, every row marked once', async () => {
    const prefix = `rl${randomBytes(4).toString('hex')}.`;
    prefixes.push(prefix);
    await ensureStream(jsm, prefix, 'intake');
    const ids = await append(1000);
    const published: number[] = [];
    const relay = new OutboxRelay({
      dataSource,
      schema: SCHEMA,
      js: nc.jetstream(),
      subjectPrefix: prefix,
      batchSize: 100,
      onPublished: (types) => published.push(types.length),
    });
    await relay.start();
    try {
      await drained(relay);
    } finally {
      await relay.stop();
    }
    expect(await streamIds(prefix)).toEqual(ids);
    expect(published.reduce((a, b) => a + b, 0)).toBe(1000);
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS n, min(publish_attempts) AS lo, max(publish_attempts) AS hi, count(published_at)::int AS marked FROM ${SCHEMA}.outbox`,
    );
    expect(row).toEqual({ n: 1000, lo: 1, hi: 1, marked: 1000 });
  });

  it('a failure after JetStream acknowledged a batch leaves it unmarked; the retry stores nothing twice', async () => {
    const prefix = `rl${randomBytes(4).toString('hex')}.`;
    prefixes.push(prefix);
    await ensureStream(jsm, prefix, 'intake');
    const ids = await append(500);
    const batches: string[][] = [];
    let failed: string[] | undefined;
    const relay = new OutboxRelay({
      dataSource,
      schema: SCHEMA,
      js: nc.jetstream(),
      subjectPrefix: prefix,
      batchSize: 100,
      pollIntervalMs: 100,
      afterPublish: async (batch) => {
        batches.push(batch);
        if (batches.length === 3) {
          // Published and acknowledged, not yet marked: nothing of this batch may be marked.
          const [{ marked }] = await dataSource.query(
            `SELECT count(published_at)::int AS marked FROM ${SCHEMA}.outbox WHERE id = ANY($1)`,
            [batch],
          );
          expect(marked).toBe(0);
          failed = batch;
          throw new Error('simulated crash after publish, before mark');
        }
      },
    });
    await relay.start();
    try {
      await drained(relay);
    } finally {
      await relay.stop();
    }
    expect(failed).toHaveLength(100);
    // The failed batch was published again under the same message ids: JetStream dropped the copies.
    expect(batches.flat().filter((id) => failed!.includes(id))).toHaveLength(200);
    expect(await streamIds(prefix)).toEqual(ids);
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS n, max(publish_attempts) AS hi, count(published_at)::int AS marked FROM ${SCHEMA}.outbox`,
    );
    // The crashed attempt left no trace in the rows (its transaction rolled back).
    expect(row).toEqual({ n: 500, hi: 1, marked: 500 });
  });
});
