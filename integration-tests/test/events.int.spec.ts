import { randomUUID } from 'crypto';

import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { connect } from 'nats';
import { Client } from 'pg';

import type { AnyEnvelope, Envelope, EventData } from '@petition/events';
import { createEnvelope, InboxConsumer, replayDeadLetter, streamName } from '@petition/events';

import { letter, REGION, REGISTER, seedDepartments } from '../src/fixtures';
import type { Platform } from '../src/harness';
import { NATS_URL, PG_URL, startPlatform, token, waitFor } from '../src/harness';

// The promises of ARCHITECTURE.md's events section, on the real PostgreSQL and NATS JetStream:
// at-least-once on the wire, exactly-once in effect, aggregate order, poison → dead letters, replay.

const ROUTED = 'intake.petition.routed';
const REGISTERED = 'intake.petition.registered';
const CASE_DURABLE = 'case-from-intake';

interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

async function openBus(): Promise<Bus> {
  const nc = await connect({ servers: NATS_URL });
  return { nc, js: nc.jetstream(), jsm: await nc.jetstreamManager() };
}

/** Publishes straight to JetStream, always under a fresh Nats-Msg-Id: only the inbox can drop it. */
async function publishRaw(bus: Bus, p: Platform, type: string, payload: unknown): Promise<number> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const ack = await bus.js.publish(`${p.prefix}${type}`, body, { msgID: randomUUID() });
  expect(ack.duplicate).toBe(false);
  return ack.seq;
}

/** Resolves once the durable has acknowledged (or terminated) everything up to stream sequence `seq`. */
async function consumed(bus: Bus, p: Platform, seq: number, durable = CASE_DURABLE) {
  return waitFor(`${durable} past stream seq ${seq}`, async () => {
    const info = await bus.jsm.consumers.info(streamName(p.prefix, 'intake'), durable);
    return info.ack_floor.stream_seq >= seq && info.num_pending === 0 && info.num_ack_pending === 0 ? info : null;
  });
}

async function casesFor(p: Platform, petitionId: string): Promise<number> {
  const [row] = await p.case.dataSource.query(`SELECT count(*)::int AS n FROM cases."case" WHERE petition_id = $1`, [petitionId]);
  return row.n;
}

async function inboxHas(p: Platform, eventId: string): Promise<boolean> {
  const rows = await p.case.dataSource.query(`SELECT 1 FROM cases.inbox WHERE event_id = $1`, [eventId]);
  return rows.length === 1;
}

async function outboxEnvelope<T extends AnyEnvelope['type']>(
  p: Platform,
  type: T,
  petitionId: string,
): Promise<Envelope<T> & { outboxId: string }> {
  const [row] = await p.intake.dataSource.query(`SELECT id, envelope FROM intake.outbox WHERE type = $1 AND aggregate_id = $2`, [
    type,
    petitionId,
  ]);
  expect(row).toBeDefined();
  return { ...(row.envelope as Envelope<T>), outboxId: row.id as string };
}

async function register(p: Platform, clerk: string): Promise<string> {
  const r = await p.gql(clerk, REGISTER, { input: letter() });
  expect(r.errors).toBeUndefined();
  return r.data.registerPetition.petition.id as string;
}

async function route(p: Platform, clerk: string, petitionId: string) {
  const r = await p.gql(clerk, `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { status } }`, {
    i: { petitionId, mode: 'FORWARD', departmentCode: 'D-HOUSING' },
  });
  expect(r.errors).toBeUndefined();
  expect(r.data.routePetition.status).toBe('ROUTED');
}

const caseOpened = (p: Platform, petitionId: string, timeoutMs?: number) =>
  waitFor(`case for ${petitionId}`, async () => (await casesFor(p, petitionId)) > 0, timeoutMs);

function facts(petitionId: string) {
  return {
    petitionId,
    trackingNumber: `XF20250920${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    channel: 'LETTER' as const,
    visitKind: 'INDIVIDUAL' as const,
    headcount: 1,
    nature: 'GRIEVANCE' as const,
    categoryCode: 'HOUSING_EXPROPRIATION',
    level: 'COUNTY' as const,
    skipLevel: false,
    regionCode: REGION,
    involvedOrganization: '城东片区旧城改造指挥部',
    registeredAt: '2025-09-20T02:00:00.000Z',
  };
}

function routedData(petitionId: string): EventData<'intake.petition.routed'> {
  return {
    ...facts(petitionId),
    routingId: randomUUID(),
    mode: 'FORWARD',
    departmentCode: 'D-HOUSING',
    leadDepartmentCode: null,
    cooperatingDepartmentCodes: [],
    accusedDepartmentCode: null,
    resultDueOn: null,
    routedAt: '2025-09-22T02:00:00.000Z',
    routedWithinDeadline: true,
  };
}

describe('case consumer on one platform: duplicates, poison, order', () => {
  let p: Platform;
  let bus: Bus;
  let clerk: string;

  beforeAll(async () => {
    p = await startPlatform();
    bus = await openBus();
    clerk = await token({ roles: ['CLERK'], department: 'D-BUREAU', subject: 'clerk-events' });
    await seedDepartments(p, await token({ roles: ['ADMIN'], jurisdiction: '33' }));
  });
  afterAll(async () => {
    await bus?.nc.close();
    await p?.stop();
  });

  it('the same event delivered twice opens one case; a new event id for the same routing does not either', async () => {
    const petitionId = await register(p, clerk);
    await route(p, clerk, petitionId);
    await caseOpened(p, petitionId);
    const { outboxId, ...envelope } = await outboxEnvelope(p, ROUTED, petitionId);
    expect(outboxId).toBe(envelope.id);
    expect(await inboxHas(p, envelope.id)).toBe(true);

    // Redelivery of the very same event (same id), twice, past JetStream's duplicate window.
    await publishRaw(bus, p, ROUTED, envelope);
    const seq = await publishRaw(bus, p, ROUTED, envelope);
    await consumed(bus, p, seq);
    expect(await casesFor(p, petitionId)).toBe(1);
    const [{ n: inboxRows }] = await p.case.dataSource.query(`SELECT count(*)::int AS n FROM cases.inbox WHERE event_id = $1`, [
      envelope.id,
    ]);
    expect(inboxRows).toBe(1);

    // A copy under a new event id (same routing, same aggregate version): the aggregate position drops it.
    const copy = { ...envelope, id: randomUUID() };
    await consumed(bus, p, await publishRaw(bus, p, ROUTED, copy));
    expect(await casesFor(p, petitionId)).toBe(1);

    // A copy under a new event id and a later version gets past inbox and position, reaches the
    // handler (it is recorded in the inbox), and the routing id, the natural key, still opens nothing.
    const later = { ...envelope, id: randomUUID(), aggregateVersion: envelope.aggregateVersion + 1 };
    await consumed(bus, p, await publishRaw(bus, p, ROUTED, later));
    expect(await inboxHas(p, later.id)).toBe(true);
    const [position] = await p.case.dataSource.query(
      `SELECT version FROM cases.inbox_position WHERE source = 'intake' AND aggregate_id = $1`,
      [petitionId],
    );
    expect(position.version).toBe(later.aggregateVersion);
    expect(await casesFor(p, petitionId)).toBe(1);
  });

  it('a poison message goes to dead letters and the case consumer keeps working', async () => {
    const notJson = `{"id": "${randomUUID()}", broken`;
    const invalid = createEnvelope('intake', {
      type: ROUTED,
      aggregateId: randomUUID(),
      aggregateVersion: 2,
      occurredAt: new Date('2025-09-22T02:00:00Z'),
      data: routedData(randomUUID()),
    });
    const { petitionId: _dropped, ...dataWithoutPetition } = invalid.data;
    const invalidRaw = JSON.stringify({ ...invalid, data: dataWithoutPetition });

    await publishRaw(bus, p, ROUTED, notJson);
    await consumed(bus, p, await publishRaw(bus, p, ROUTED, invalidRaw));

    const rows: Array<{
      event_id: string | null;
      subject: string;
      type: string | null;
      raw: string;
      error: string;
      deliveries: number;
      replayed_at: Date | null;
    }> = await p.case.dataSource.query(
      `SELECT event_id, subject, type, raw, error, deliveries, replayed_at FROM cases.dead_letter WHERE raw = ANY($1)`,
      [[notJson, invalidRaw]],
    );
    expect(rows).toHaveLength(2);
    const garbage = rows.find((r) => r.raw === notJson)!;
    expect(garbage).toMatchObject({ event_id: null, type: null, subject: `${p.prefix}${ROUTED}`, deliveries: 1, replayed_at: null });
    expect(garbage.error).toBe('invalid: payload is not JSON');
    const schemaFail = rows.find((r) => r.raw === invalidRaw)!;
    // Poison goes straight to dead letters (no retries), and the reason names the field, never a value.
    expect(schemaFail).toMatchObject({ subject: `${p.prefix}${ROUTED}`, deliveries: 1, replayed_at: null });
    expect(schemaFail.error).toMatch(/^invalid: intake\.petition\.routed: petitionId: invalid_type/);
    expect(schemaFail.error).not.toContain('城东');
    expect(await inboxHas(p, invalid.id)).toBe(false);
    expect(await casesFor(p, invalid.data.petitionId)).toBe(0);

    // Administrators see them through the gateway (no raw payload is exposed); others may not.
    const admin = await token({ roles: ['ADMIN'], jurisdiction: '33' });
    const listed = await p.gql(admin, `{ caseDeadLetters { eventId type error deliveries } }`);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.caseDeadLetters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ eventId: null, type: null, error: 'invalid: payload is not JSON', deliveries: 1 }),
      ]),
    );
    expect(JSON.stringify(listed.data)).not.toContain('broken');
    expect((await p.gql(clerk, `{ caseDeadLetters { id } }`)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [garbageRow] = await p.case.dataSource.query(`SELECT id FROM cases.dead_letter WHERE raw = $1`, [notJson]);
    const replayGarbage = await p.gql(admin, `mutation($id: ID!) { replayCaseDeadLetter(id: $id) { outcome } }`, { id: garbageRow.id });
    expect(replayGarbage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    // The consumer is still alive: the next routing opens its case.
    const petitionId = await register(p, clerk);
    await route(p, clerk, petitionId);
    await caseOpened(p, petitionId);
    expect(await casesFor(p, petitionId)).toBe(1);
  });

  it('events of one aggregate apply in version order: version 2 waits for version 1', async () => {
    const petitionId = randomUUID();
    const registered = createEnvelope('intake', {
      type: REGISTERED,
      aggregateId: petitionId,
      aggregateVersion: 1,
      occurredAt: new Date('2025-09-20T02:00:00Z'),
      data: { ...facts(petitionId), repeatOfPetitionId: null },
    });
    const routed = createEnvelope('intake', {
      type: ROUTED,
      aggregateId: petitionId,
      aggregateVersion: 2,
      occurredAt: new Date('2025-09-22T02:00:00Z'),
      data: { ...routedData(petitionId), trackingNumber: registered.data.trackingNumber },
    });

    // Version 2 first: delivered, handled, nak'd with a delay and redelivered; nothing applied.
    const routedSeq = await publishRaw(bus, p, ROUTED, routed);
    await waitFor('routed v2 handled and redelivered', async () => {
      const info = await bus.jsm.consumers.info(streamName(p.prefix, 'intake'), CASE_DURABLE);
      return info.delivered.stream_seq >= routedSeq && info.num_redelivered >= 1 && info.ack_floor.stream_seq < routedSeq;
    });
    expect(await casesFor(p, petitionId)).toBe(0);
    expect(await inboxHas(p, routed.id)).toBe(false);
    const [{ n: deadBefore }] = await p.case.dataSource.query(`SELECT count(*)::int AS n FROM cases.dead_letter WHERE event_id = $1`, [
      routed.id,
    ]);
    expect(deadBefore).toBe(0);

    // Version 1 arrives: it applies, then the waiting version 2 applies on its next delivery.
    const registeredSeq = await publishRaw(bus, p, REGISTERED, registered);
    await caseOpened(p, petitionId);
    await consumed(bus, p, Math.max(routedSeq, registeredSeq));
    expect(await casesFor(p, petitionId)).toBe(1);
    const inbox: Array<{ event_id: string; aggregate_version: number; handled_at: Date }> = await p.case.dataSource.query(
      `SELECT event_id, aggregate_version, handled_at FROM cases.inbox WHERE aggregate_id = $1 ORDER BY handled_at`,
      [petitionId],
    );
    expect(inbox.map((r) => [r.event_id, r.aggregate_version])).toEqual([
      [registered.id, 1],
      [routed.id, 2],
    ]);
    const [position] = await p.case.dataSource.query(
      `SELECT version FROM cases.inbox_position WHERE source = 'intake' AND aggregate_id = $1`,
      [petitionId],
    );
    expect(position.version).toBe(2);
  });
});

describe('a handler that keeps throwing', () => {
  let p: Platform;
  let bus: Bus;
  let clerk: string;

  beforeAll(async () => {
    p = await startPlatform();
    bus = await openBus();
    clerk = await token({ roles: ['CLERK'], department: 'D-BUREAU', subject: 'clerk-dlq' });
    await seedDepartments(p, await token({ roles: ['ADMIN'], jurisdiction: '33' }));
  });
  afterAll(async () => {
    await bus?.nc.close();
    await p?.stop();
  });

  it('is retried up to the limit, lands in dead letters, and replays exactly once', async () => {
    // The inbox and aggregate positions belong to the schema, not to a durable: the platform's own
    // case consumer would record intake.petition.registered first and the probe below would see a
    // duplicate. Pause it while the probe, a second consumer in the same schema, runs.
    await p.case.consumer.stop();

    const calls = new Map<string, number>();
    const failing = new InboxConsumer({
      dataSource: p.case.dataSource,
      schema: 'cases',
      durable: 'dlq-probe',
      source: 'intake',
      js: bus.js,
      jsm: bus.jsm,
      subjectPrefix: p.prefix,
      maxDeliver: 3,
      retryDelaysMs: [50],
      handlers: {
        [REGISTERED]: async (event) => {
          calls.set(event.aggregateId, (calls.get(event.aggregateId) ?? 0) + 1);
          throw new Error(`区县接口不可用 (probe failure ${event.id})`);
        },
      },
    });
    await failing.start();
    let registered!: Envelope<'intake.petition.registered'>;
    let dead!: { id: string; event_id: string; type: string; error: string; deliveries: number; replayed_at: Date | null };
    const petitionId = await register(p, clerk);
    try {
      registered = await outboxEnvelope(p, REGISTERED, petitionId);
      [dead] = await waitFor('dead letter for the registered event', async () => {
        const rows = await p.case.dataSource.query(
          `SELECT id, event_id, type, error, deliveries, replayed_at FROM cases.dead_letter WHERE event_id = $1`,
          [registered.id],
        );
        return rows.length ? rows : null;
      });
      await waitFor('probe settled', async () => {
        const info = await bus.jsm.consumers.info(streamName(p.prefix, 'intake'), 'dlq-probe');
        return info.num_pending === 0 && info.num_ack_pending === 0;
      });
    } finally {
      await failing.stop();
    }

    expect(calls.get(petitionId)).toBe(3);
    expect(dead).toMatchObject({ event_id: registered.id, type: REGISTERED, deliveries: 3, replayed_at: null });
    expect(dead.error).toBe(`区县接口不可用 (probe failure ${registered.id})`);
    expect(await inboxHas(p, registered.id)).toBe(false);

    // Replay after the cause is fixed: a new consumer instance whose handler succeeds, with an
    // effect written in the handler's transaction.
    // DDL as the schema owner: the service runs as the application role, which has data access only
    // (the owner's default privileges let it write the new table).
    const owner = new Client({ connectionString: `${PG_URL}/${p.database}` });
    await owner.connect();
    await owner.query(`CREATE TABLE cases.replay_probe (event_id uuid NOT NULL, petition_id uuid NOT NULL)`);
    await owner.end();
    let replayCalls = 0;
    const fixed = new InboxConsumer({
      dataSource: p.case.dataSource,
      schema: 'cases',
      durable: 'dlq-probe',
      source: 'intake',
      js: bus.js,
      jsm: bus.jsm,
      subjectPrefix: p.prefix,
      handlers: {
        [REGISTERED]: async (event, tx) => {
          replayCalls += 1;
          await tx.query(`INSERT INTO cases.replay_probe (event_id, petition_id) VALUES ($1, $2)`, [event.id, event.data.petitionId]);
        },
      },
    });
    const first = await replayDeadLetter(fixed, p.case.dataSource, 'cases', dead.id);
    expect(first).toEqual({ found: true, outcome: 'applied' });
    // Replaying again (an administrator clicking twice) changes nothing.
    const second = await replayDeadLetter(fixed, p.case.dataSource, 'cases', dead.id);
    expect(second).toEqual({ found: true, outcome: 'duplicate' });
    expect(replayCalls).toBe(1);
    const effects = await p.case.dataSource.query(`SELECT event_id, petition_id FROM cases.replay_probe`);
    expect(effects).toEqual([{ event_id: registered.id, petition_id: petitionId }]);
    const [after] = await p.case.dataSource.query(`SELECT replayed_at FROM cases.dead_letter WHERE id = $1`, [dead.id]);
    expect(after.replayed_at).toBeInstanceOf(Date);
    expect(await inboxHas(p, registered.id)).toBe(true);

    // The aggregate's position survived the replays: the platform's consumer, resumed, applies the
    // petition's next event (version 2) and opens the case.
    const [position] = await p.case.dataSource.query(
      `SELECT version FROM cases.inbox_position WHERE source = 'intake' AND aggregate_id = $1`,
      [petitionId],
    );
    expect(position?.version).toBe(1);
    await p.case.consumer.start();
    await route(p, clerk, petitionId);
    await caseOpened(p, petitionId);
    expect(await casesFor(p, petitionId)).toBe(1);
  });
});

describe('a relay killed between publish and marking published', () => {
  let p: Platform;
  let bus: Bus;
  let clerk: string;
  let crashed = false;
  const routedPublishes: string[] = [];

  beforeAll(async () => {
    p = await startPlatform({
      intakeRelay: {
        // Runs after JetStream acknowledged the batch, before the rows are marked published.
        afterPublish: async (ids) => {
          const routed: Array<{ id: string }> = await p.intake.dataSource.query(
            `SELECT id FROM intake.outbox WHERE id = ANY($1) AND type = $2`,
            [ids, ROUTED],
          );
          if (routed.length === 0) return;
          routedPublishes.push(...routed.map((r) => r.id));
          if (!crashed) {
            crashed = true;
            throw new Error('simulated crash after publish, before mark');
          }
        },
      },
    });
    bus = await openBus();
    clerk = await token({ roles: ['CLERK'], department: 'D-BUREAU', subject: 'clerk-relay' });
    await seedDepartments(p, await token({ roles: ['ADMIN'], jurisdiction: '33' }));
  });
  afterAll(async () => {
    await bus?.nc.close();
    await p?.stop();
  });

  const routedMessagesInStream = async () => {
    const subject = `${p.prefix}${ROUTED}`;
    const info = await bus.jsm.streams.info(streamName(p.prefix, 'intake'), { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  };

  it('does not double the case, even when the event is published again past the duplicate window', async () => {
    const petitionId = await register(p, clerk);
    await route(p, clerk, petitionId);
    const { outboxId, ...envelope } = await outboxEnvelope(p, ROUTED, petitionId);

    const published = await waitFor('routed row marked published after the crash', async () => {
      const [row] = await p.intake.dataSource.query(`SELECT published_at, publish_attempts FROM intake.outbox WHERE id = $1`, [outboxId]);
      return row.published_at ? row : null;
    });
    expect(crashed).toBe(true);
    // Published to JetStream twice under the same Nats-Msg-Id; the crashed attempt left no trace in
    // the row (its transaction rolled back, as a real crash would), and JetStream stored one copy.
    expect(routedPublishes).toEqual([outboxId, outboxId]);
    expect(published.publish_attempts).toBe(1);
    expect(await routedMessagesInStream()).toBe(1);
    await caseOpened(p, petitionId);

    // The relay re-publishes the row again (marked unpublished): still one message in the stream.
    await p.intake.dataSource.query(`UPDATE intake.outbox SET published_at = NULL WHERE id = $1`, [outboxId]);
    await waitFor('routed row re-published', async () => {
      const [row] = await p.intake.dataSource.query(`SELECT published_at FROM intake.outbox WHERE id = $1`, [outboxId]);
      return row.published_at !== null;
    });
    expect(routedPublishes).toEqual([outboxId, outboxId, outboxId]);
    expect(await routedMessagesInStream()).toBe(1);

    // Past the duplicate window (simulated with a fresh Nats-Msg-Id) JetStream stores it again; the inbox drops it.
    const seq = await publishRaw(bus, p, ROUTED, envelope);
    expect(await routedMessagesInStream()).toBe(2);
    await consumed(bus, p, seq);
    expect(await casesFor(p, petitionId)).toBe(1);
  });
});
