import { randomBytes, randomUUID } from 'crypto';

import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { connect } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';

import type { ConsumerOptions } from './consumer';
import { InboxConsumer, replayDeadLetter } from './consumer';
import type { Envelope } from './envelope';
import { createEnvelope } from './envelope';
import { ensureStream, streamName } from './streams';
import { createEventTestDatabase, type EventTestDatabase } from './test-tables';

// InboxConsumer's batch path on the real PostgreSQL and NATS JetStream. Each test holds the
// consumer on a "gate" event until the scenario's messages are delivered, so they arrive together
// and are applied as one batch; then it checks that every delivery ends as it would have alone.

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const TYPE = 'intake.petition.linkedAsRepeat' as const;
const SCHEMA = 'ev';

type Event = Envelope<typeof TYPE>;
type Outcome = Parameters<NonNullable<ConsumerOptions['onHandled']>>[0];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | null | false | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function event(aggregateId: string, aggregateVersion: number): Event {
  return createEnvelope('intake', {
    type: TYPE,
    aggregateId,
    aggregateVersion,
    occurredAt: new Date('2025-09-22T02:00:00Z'),
    data: { petitionId: aggregateId, originalPetitionId: randomUUID(), level: 'COUNTY', linkedAt: '2025-09-22T02:00:00.000Z' },
  });
}

let dataSource: DataSource;
let db: EventTestDatabase;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;

beforeAll(async () => {
  db = await createEventTestDatabase('petition_events', SCHEMA);
  dataSource = db.dataSource;
  // The handlers' effect: one row per call that committed, with its transaction.
  await dataSource.query(
    `CREATE TABLE ${SCHEMA}.effect (seq bigserial, event_id uuid NOT NULL, aggregate_id text NOT NULL, version int NOT NULL, txid bigint NOT NULL)`,
  );
  await dataSource.query(`CREATE TABLE ${SCHEMA}.parent (id int PRIMARY KEY)`);
  await dataSource.query(`CREATE TABLE ${SCHEMA}.child (id int NOT NULL REFERENCES ${SCHEMA}.parent (id) DEFERRABLE INITIALLY DEFERRED)`);
  nc = await connect({ servers: NATS_URL });
  js = nc.jetstream();
  jsm = await nc.jetstreamManager();
});

afterAll(async () => {
  await nc?.close();
  await db?.drop();
});

/** One consumer on a stream of its own, with a gate event that holds it until a scenario is delivered. */
class Probe {
  readonly prefix = `ev${randomBytes(4).toString('hex')}.`;
  readonly outcomes: Outcome[] = [];
  readonly calls = new Map<string, number>();
  readonly gate = event(randomUUID(), 1);
  private release!: () => void;
  private readonly released = new Promise<void>((r) => (this.release = r));
  private entered!: () => void;
  private readonly gateEntered = new Promise<void>((r) => (this.entered = r));
  consumer!: InboxConsumer;

  constructor(
    /** By aggregate id: runs before the effect is written; 'skip' writes none. */
    private readonly behaviour: Record<string, (e: Event, tx: EntityManager) => Promise<void | 'skip'>> = {},
    private readonly options: Partial<ConsumerOptions> = {},
  ) {}

  async start(): Promise<void> {
    await ensureStream(jsm, this.prefix, 'intake');
    this.consumer = new InboxConsumer({
      dataSource,
      schema: SCHEMA,
      durable: 'batch-probe',
      source: 'intake',
      js,
      jsm,
      subjectPrefix: this.prefix,
      maxDeliver: 5,
      retryDelaysMs: [50],
      onHandled: (outcome) => this.outcomes.push(outcome),
      handlers: {
        [TYPE]: async (e, tx) => {
          this.calls.set(e.id, (this.calls.get(e.id) ?? 0) + 1);
          if (e.id === this.gate.id) {
            this.entered();
            await this.released;
          }
          if ((await this.behaviour[e.aggregateId]?.(e, tx)) === 'skip') return;
          await tx.query(`INSERT INTO ${SCHEMA}.effect (event_id, aggregate_id, version, txid) VALUES ($1, $2, $3, txid_current())`, [
            e.id,
            e.aggregateId,
            e.aggregateVersion,
          ]);
        },
      },
      ...this.options,
    });
    await this.publish([this.gate]);
    await this.consumer.start();
    await this.gateEntered;
  }

  /** Publishes under fresh message ids (JetStream keeps copies; only the inbox can drop them). */
  async publish(messages: Array<Event | string>): Promise<void> {
    for (const m of messages) {
      const body = typeof m === 'string' ? m : JSON.stringify(m);
      await js.publish(`${this.prefix}${TYPE}`, body, { msgID: randomUUID() });
    }
  }

  async info() {
    return jsm.consumers.info(streamName(this.prefix, 'intake'), 'batch-probe');
  }

  /** Publishes the scenario while the gate holds, waits until it is in the consumer's hands, opens the gate. */
  async batch(messages: Array<Event | string>): Promise<void> {
    await this.publish(messages);
    await waitFor('the scenario delivered', async () => (await this.info()).num_ack_pending >= 1 + messages.length);
    await nc.flush();
    this.open();
  }

  open(): void {
    this.release();
  }

  async settled(): Promise<void> {
    await waitFor('the consumer settled', async () => {
      const info = await this.info();
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
  }

  async stop(): Promise<void> {
    this.release();
    await this.consumer?.stop();
    await jsm.streams.delete(streamName(this.prefix, 'intake')).catch(() => undefined);
  }

  count(outcome: Outcome): number {
    return this.outcomes.filter((o) => o === outcome).length;
  }
}

async function effects(...events: Event[]): Promise<Array<{ event_id: string; version: number; txid: string }>> {
  return dataSource.query(`SELECT event_id, version, txid FROM ${SCHEMA}.effect WHERE event_id = ANY($1) ORDER BY seq`, [
    events.map((e) => e.id),
  ]);
}

async function inInbox(e: Event): Promise<boolean> {
  return (await dataSource.query(`SELECT 1 FROM ${SCHEMA}.inbox WHERE event_id = $1`, [e.id])).length === 1;
}

async function position(aggregateId: string): Promise<number | undefined> {
  const [row] = await dataSource.query(`SELECT version FROM ${SCHEMA}.inbox_position WHERE source = 'intake' AND aggregate_id = $1`, [
    aggregateId,
  ]);
  return row?.version;
}

async function deadLetters(e: Event): Promise<Array<{ error: string; deliveries: number }>> {
  return dataSource.query(`SELECT error, deliveries FROM ${SCHEMA}.dead_letter WHERE event_id = $1`, [e.id]);
}

describe('InboxConsumer, many events per transaction', () => {
  let probe: Probe;
  afterEach(async () => probe?.stop());

  it('applies a batch in one transaction; duplicates in it (already applied, or twice in the batch) and garbage change nothing', async () => {
    probe = new Probe();
    const done = event(randomUUID(), 1);
    const x1 = event(randomUUID(), 1);
    const y1 = event(randomUUID(), 1);
    await probe.start();
    // Applied before, through apply (the replay path): its redelivery is a duplicate.
    expect(await probe.consumer.apply(done)).toBe('applied');
    const garbage = `{"id": "${randomUUID()}", broken`;
    await probe.batch([x1, done, garbage, y1, x1]);
    await probe.settled();

    const rows = await effects(done, x1, y1);
    expect(rows.map((r) => r.event_id).sort()).toEqual([done.id, x1.id, y1.id].sort());
    const [ofX, ofY] = [rows.find((r) => r.event_id === x1.id)!, rows.find((r) => r.event_id === y1.id)!];
    expect(ofX.txid).toBe(ofY.txid);
    expect(probe.calls.get(x1.id)).toBe(1);
    expect(probe.calls.get(done.id)).toBe(1);
    expect(await inInbox(x1)).toBe(true);
    expect(await inInbox(y1)).toBe(true);
    const [dead] = await dataSource.query(`SELECT error, deliveries FROM ${SCHEMA}.dead_letter WHERE raw = $1`, [garbage]);
    expect(dead).toEqual({ error: 'invalid: payload is not JSON', deliveries: 1 });
    // Once per delivery: the gate, x1 and y1 applied; done and the second x1 duplicates; garbage dead.
    expect(probe.outcomes.sort()).toEqual(['applied', 'applied', 'applied', 'dead', 'duplicate', 'duplicate']);
  });

  it('applies events of one aggregate in order within a batch; a version before its predecessor waits for it', async () => {
    probe = new Probe();
    const s = randomUUID();
    const [s1, s2, s3] = [event(s, 1), event(s, 2), event(s, 3)];
    const t = randomUUID();
    const [t1, t2] = [event(t, 1), event(t, 2)];
    await probe.start();
    await probe.batch([s1, s2, s3, t2, t1]);
    await probe.settled();

    const ofS = await effects(s1, s2, s3);
    expect(ofS.map((r) => r.version)).toEqual([1, 2, 3]);
    expect(new Set(ofS.map((r) => r.txid)).size).toBe(1);
    expect(await position(s)).toBe(3);
    // t2 came first: it waited (nak), t1 applied, t2 applied on its redelivery.
    expect((await effects(t1, t2)).map((r) => r.version)).toEqual([1, 2]);
    expect(await position(t)).toBe(2);
    expect(probe.calls.get(t2.id)).toBe(1);
    expect(probe.count('wait')).toBe(1);
    expect(probe.count('applied')).toBe(6);
  });

  it('an order gap in the middle of a batch: the others apply, the gap waits and applies once its predecessor came', async () => {
    probe = new Probe({}, { retryDelaysMs: [400] });
    const [p1, r1] = [event(randomUUID(), 1), event(randomUUID(), 1)];
    const q = randomUUID();
    const [q1, q2] = [event(q, 1), event(q, 2)];
    await probe.start();
    await probe.batch([p1, q2, r1]);
    await waitFor('p1 and r1 applied', async () => (await effects(p1, r1)).length === 2);
    const [ofP, ofR] = await effects(p1, r1);
    expect(ofP.txid).toBe(ofR.txid);
    // q2 left no trace: not in the inbox, the position untouched.
    expect(await inInbox(q2)).toBe(false);
    expect(await position(q)).toBeUndefined();
    expect(await effects(q2)).toEqual([]);

    await probe.publish([q1]);
    await probe.settled();
    expect((await effects(q1, q2)).map((r) => r.version)).toEqual([1, 2]);
    expect(await position(q)).toBe(2);
    expect(probe.count('wait')).toBeGreaterThanOrEqual(1);
    expect(await deadLetters(q2)).toEqual([]);
  });

  it('a gap still open on the last delivery goes to dead letters ("order gap") and the aggregate moves on', async () => {
    // max_deliver 2: the first delivery's wait reaches past ack_wait + 5 s, the second is the last.
    probe = new Probe({}, { maxDeliver: 2, ackWaitMs: 1000 });
    const w = randomUUID();
    const [w2, w3] = [event(w, 2), event(w, 3)];
    const other = event(randomUUID(), 1);
    await probe.start();
    const started = Date.now();
    await probe.batch([w2, other]);
    await waitFor('w2 in dead letters', async () => (await deadLetters(w2)).length > 0, 20_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5500);
    expect(await deadLetters(w2)).toEqual([{ error: 'order gap: waited for version 1', deliveries: 2 }]);
    expect(await inInbox(w2)).toBe(false);
    expect(await position(w)).toBe(2);
    await probe.publish([w3]);
    await probe.settled();
    expect((await effects(w2, w3)).map((r) => r.version)).toEqual([3]);
    expect(await effects(other)).toHaveLength(1);
  }, 30_000);

  it('a handler that throws in a batch: the others apply exactly once, it is retried then dead-lettered, and replays once', async () => {
    const b = randomUUID();
    probe = new Probe(
      {
        [b]: async (e) => {
          throw new Error(`county system down (${e.id})`);
        },
      },
      { maxDeliver: 3 },
    );
    const a1 = event(randomUUID(), 1);
    const b1 = event(b, 1);
    const c1 = event(randomUUID(), 1);
    await probe.start();
    await probe.batch([a1, b1, c1]);
    await waitFor('b1 in dead letters', async () => (await deadLetters(b1)).length > 0);
    await probe.settled();

    // a1 and c1 took effect once each. b1's handler ran once per delivery, never twice in one; a1
    // ran again (its first run was rolled back with b1's failure), c1 once (after b1).
    expect((await effects(a1, c1)).map((r) => r.event_id).sort()).toEqual([a1.id, c1.id].sort());
    expect(probe.calls.get(b1.id)).toBe(3);
    expect(probe.calls.get(a1.id)).toBe(2);
    expect(probe.calls.get(c1.id)).toBe(1);
    expect(await deadLetters(b1)).toEqual([{ error: `county system down (${b1.id})`, deliveries: 3 }]);
    expect(await inInbox(b1)).toBe(false);
    expect(await effects(b1)).toEqual([]);
    expect(await position(b)).toBe(1);
    // One outcome per delivery: the gate, a1, c1 applied; b1 retried twice, then dead.
    expect(probe.outcomes.sort()).toEqual(['applied', 'applied', 'applied', 'dead', 'wait', 'wait']);

    // The cause is fixed: the replay through apply() applies b1 once.
    const fixed = new InboxConsumer({
      dataSource,
      schema: SCHEMA,
      durable: 'batch-probe',
      source: 'intake',
      js,
      jsm,
      subjectPrefix: probe.prefix,
      handlers: {
        [TYPE]: async (e, tx) => {
          await tx.query(`INSERT INTO ${SCHEMA}.effect (event_id, aggregate_id, version, txid) VALUES ($1, $2, $3, txid_current())`, [
            e.id,
            e.aggregateId,
            e.aggregateVersion,
          ]);
        },
      },
    });
    const [{ id }] = await dataSource.query(`SELECT id FROM ${SCHEMA}.dead_letter WHERE event_id = $1`, [b1.id]);
    expect(await replayDeadLetter(fixed, dataSource, SCHEMA, id)).toEqual({ found: true, outcome: 'applied' });
    expect(await replayDeadLetter(fixed, dataSource, SCHEMA, id)).toEqual({ found: true, outcome: 'duplicate' });
    expect(await effects(b1)).toHaveLength(1);
  });

  it('a commit that fails (a deferred constraint) sends the batch one event per transaction: only the culprit fails', async () => {
    const bad = randomUUID();
    probe = new Probe(
      {
        [bad]: async (_e, tx) => {
          await tx.query(`INSERT INTO ${SCHEMA}.child (id) VALUES (404)`);
        },
      },
      { maxDeliver: 2 },
    );
    const a1 = event(randomUUID(), 1);
    const bad1 = event(bad, 1);
    const c1 = event(randomUUID(), 1);
    await probe.start();
    await probe.batch([a1, bad1, c1]);
    await waitFor('bad1 in dead letters', async () => (await deadLetters(bad1)).length > 0);
    await probe.settled();
    expect((await effects(a1, bad1, c1)).map((r) => r.event_id).sort()).toEqual([a1.id, c1.id].sort());
    const [dead] = await deadLetters(bad1);
    expect(dead.deliveries).toBe(2);
    expect(dead.error).toMatch(/foreign key/);
    expect(await inInbox(bad1)).toBe(false);
  });

  it('a handler that swallows its database error cannot have the batch acknowledged unapplied', async () => {
    const swallow = randomUUID();
    probe = new Probe(
      {
        [swallow]: async (_e, tx) => {
          await tx.query('SELECT 1 / 0').catch(() => undefined);
          return 'skip';
        },
      },
      { maxDeliver: 2 },
    );
    const a1 = event(randomUUID(), 1);
    const sw1 = event(swallow, 1);
    const c1 = event(randomUUID(), 1);
    await probe.start();
    await probe.batch([a1, sw1, c1]);
    await waitFor('sw1 in dead letters', async () => (await deadLetters(sw1)).length > 0);
    await probe.settled();
    expect((await effects(a1, c1)).map((r) => r.event_id).sort()).toEqual([a1.id, c1.id].sort());
    expect(await inInbox(a1)).toBe(true);
    expect(await inInbox(sw1)).toBe(false);
    expect((await deadLetters(sw1))[0].error).toMatch(/current transaction is aborted/);
  });

  it('stop() finishes the messages in hand', async () => {
    probe = new Probe();
    const scenario = Array.from({ length: 20 }, () => event(randomUUID(), 1));
    await probe.start();
    await probe.publish(scenario);
    await waitFor('the scenario delivered', async () => (await probe.info()).num_ack_pending >= 21);
    await nc.flush();
    // Stopped while the gate holds the consumer and the scenario waits behind it.
    const stopping = probe.consumer.stop();
    probe.open();
    await stopping;
    expect(await effects(...scenario)).toHaveLength(20);
    expect(probe.count('applied')).toBe(21);
    await nc.flush();
    await waitFor('every message acknowledged', async () => (await probe.info()).num_ack_pending === 0);
    expect((await probe.info()).num_pending).toBe(0);
  });
});
