import { randomUUID } from 'crypto';

import { DEV_JWT_SECRET, signDevToken } from '@petition/auth';
import { streamName } from '@petition/events';

import { DEPARTMENTS, letter } from '../../src/fixtures';
import { figures, gql, reconcile, RegistrationStream, routeTheRest, settle, type Reconciliation } from '../../src/fault-checks';
import { FaultPlatform, readyz, SUBJECT_PREFIX, until, type ServiceName } from '../../src/fault-harness';

// The reliability issue's fault suite: the platform as real processes on a private PostgreSQL and
// a private nats-server (loopback only), a steady stream of registrations through the gateway, and
// one fault after another. After each, every registered petition must be in case, hotspot and
// assessment exactly once, and the dead-letter stores must hold exactly the poison fed in (6).

const token = (roles: string[], extra: Record<string, string> = {}) =>
  signDevToken(DEV_JWT_SECRET, { subject: `fault-${roles.join('-').toLowerCase()}`, jurisdiction: '33', roles, ...extra });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fault suite: a steady stream of registrations through crashes and outages', () => {
  let p: FaultPlatform;
  let stream: RegistrationStream;
  let clerk: string;
  let admin: string;
  const figuresPrinted: string[] = [];
  const startedAt = Date.now();

  beforeAll(async () => {
    p = await FaultPlatform.start();
    clerk = await token(['CLERK', 'SUPERVISOR'], { department: 'D-BUREAU' });
    admin = await token(['ADMIN']);
    for (const d of DEPARTMENTS) {
      const r = await gql(p.gateway.url, admin, `mutation($i: DepartmentInput!) { upsertDepartment(input: $i) { code } }`, { i: d });
      if (r.errors) throw new Error(JSON.stringify(r.errors));
    }
    stream = new RegistrationStream(() => p.gateway.url, clerk);
  }, 180_000);

  afterAll(async () => {
    await stream?.stop();
    if (figuresPrinted.length) {
      console.log(`${figuresPrinted.join('\n')}\nfault suite wall time ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    }
    await p?.stop();
  }, 60_000);

  const serviceNames = () => Object.keys(p.services) as ServiceName[];
  const readiness = async () =>
    Object.fromEntries(await Promise.all(serviceNames().map(async (s) => [s, await readyz(p.services[s].base)])));
  const allReady = (status: number) => async () => Object.values(await readiness()).every((s) => s === status);

  /** Stops the stream, routes what an outage left unrouted, waits for quiet, reconciles, prints. */
  async function check(name: string, expectedDead: Record<string, string[]> = {}): Promise<Reconciliation> {
    await stream.stop();
    await settle(p);
    await routeTheRest(p, clerk);
    await settle(p);
    const r = await reconcile(p, stream.window(), stream.acknowledged);
    const line = figures(name, r);
    figuresPrinted.push(line);
    const dead = Object.entries(r.deadLetters).flatMap(([schema, rows]) => rows.map((d) => `${schema}: ${d.event_id} ${d.error}`));
    console.log(line + (r.problems.length ? `\n${r.problems.slice(0, 20).join('\n')}\ndead letters:\n${dead.join('\n')}` : ''));
    expect(r.problems).toEqual([]);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
    expect(r.found).toBe(r.acknowledged);
    expect(r.acknowledged).toBeGreaterThan(0);
    for (const [schema, rows] of Object.entries(r.deadLetters)) {
      expect({ schema, dead: rows.map((d) => d.raw).sort() }).toEqual({ schema, dead: [...(expectedDead[schema] ?? [])].sort() });
    }
    return r;
  }

  async function intakeBacklog(): Promise<number> {
    const [{ n }] = await p.pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM intake.outbox WHERE published_at IS NULL`);
    return n;
  }

  it('(1) nats-server killed and restarted: /readyz 503 while it is down, the outbox backlog drains after', async () => {
    stream.start();
    await stream.flowing(3);
    await p.nats.kill('SIGKILL');
    await until('every service not ready without NATS', allReady(503), 15_000);
    // Registrations go on: the state change and its event commit together; the event waits.
    await stream.flowing(3, 20_000);
    const backlog = await intakeBacklog();
    expect(backlog).toBeGreaterThan(0);
    await p.nats.start();
    await until('every service ready again', allReady(200), 30_000);
    await until('the outbox backlog drained', async () => (await intakeBacklog()) === 0, 30_000);
    await stream.flowing(3);
    console.log(`fault nats-restart: backlog during the outage ${backlog} events, drained to 0 after`);
    await check('nats-restart');
  }, 120_000);

  it('(2) PostgreSQL stopped and restarted: /readyz 503, SERVICE_UNAVAILABLE at once, service resumes', async () => {
    stream.start();
    await stream.flowing(3);
    await p.pg.stop('fast');
    try {
      await until('every service not ready without PostgreSQL', allReady(503), 15_000);
      const during = await gql(p.gateway.url, clerk, `{ categories { code } }`);
      expect(during.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(during.ms).toBeLessThan(10_000);
      console.log(`fault pg-restart: a query during the outage answered in ${during.ms} ms with ${during.errors?.[0]?.extensions?.code}`);
      await sleep(2000);
      for (const s of serviceNames()) expect(p.services[s].running).toBe(true);
    } finally {
      await p.pg.start();
    }
    await until('every service ready again', allReady(200), 30_000);
    await stream.flowing(3, 30_000);
    await check('pg-restart');
  }, 120_000);

  it('(3) the case service killed -9 while handling events: gateway says SERVICE_UNAVAILABLE, nothing lost on restart', async () => {
    stream.start();
    await stream.flowing(3);
    const jsm = await p.jsm();
    // Kill while the consumer holds delivered, unacknowledged events (mid-handler), or after 10 s.
    const inFlight = await until(
      'case consumer holding unacknowledged events',
      async () => (await jsm.consumers.info(streamName(SUBJECT_PREFIX, 'intake'), 'case-from-intake')).num_ack_pending || false,
      10_000,
      5,
    ).catch(() => 0);
    await p.services.case.kill('SIGKILL');
    const handler = await token(['HANDLER'], { department: 'D-HOUSING' });
    const down = await gql(p.gateway.url, handler, `{ cases(first: 1) { totalCount } }`);
    expect(down.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(down.ms).toBeLessThan(5000);
    await stream.flowing(3);
    await p.services.case.start();
    await stream.flowing(3);
    console.log(
      `fault case-kill: killed with ${inFlight} events delivered and unacknowledged; gateway answered SERVICE_UNAVAILABLE in ${down.ms} ms`,
    );
    await check('case-kill');
  }, 180_000);

  it('(4) the outbox relay killed between publishing and marking published: republished, stored once', async () => {
    stream.start();
    await stream.flowing(3);
    await p.services.intake.kill('SIGTERM');
    // The test-only crash point: SIGKILL after JetStream acknowledged the 3rd batch, before marking.
    await p.services.intake.start({ FAULT_RELAY_EXIT_AFTER_PUBLISH: '3' }, { ready: false });
    await p.services.intake.exited(60_000);
    const unmarked = await p.pg.query<{ id: string }>(`SELECT id::text FROM intake.outbox WHERE published_at IS NULL`);
    const inStream = await eventIds('intake');
    const publishedNotMarked = unmarked.filter((r) => inStream.has(r.id)).length;
    expect(publishedNotMarked).toBeGreaterThan(0);
    await p.services.intake.start();
    await until('the outbox backlog drained', async () => (await intakeBacklog()) === 0, 30_000);
    await stream.flowing(3);
    await stream.stop();
    // JetStream's duplicate window dropped the republished copies: each event is in the stream once.
    const counts = await eventIds('intake');
    const doubled = [...counts.values()].filter((n) => n > 1).length;
    console.log(`fault relay-kill: ${publishedNotMarked} events published but not marked at the crash; stored twice: ${doubled}`);
    expect(doubled).toBe(0);
    await check('relay-kill');
  }, 150_000);

  /** Event id → how many messages of the stream carry it. */
  async function eventIds(source: string): Promise<Map<string, number>> {
    const jsm = await p.jsm();
    const name = streamName(SUBJECT_PREFIX, source);
    const info = await jsm.streams.info(name);
    const ids = new Map<string, number>();
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(name, { seq }).catch(() => null);
      const id = m ? (JSON.parse(new TextDecoder().decode(m.data)) as { id?: string }).id : undefined;
      if (id) ids.set(id, (ids.get(id) ?? 0) + 1);
    }
    return ids;
  }

  it('(5) every event delivered twice, in reverse order, while registrations go on: nothing doubles', async () => {
    const nc = await p.connection();
    const js = nc.jetstream();
    const jsm = await p.jsm();
    stream.start();
    let republished = 0;
    for (const source of ['intake', 'case']) {
      const name = streamName(SUBJECT_PREFIX, source);
      const info = await jsm.streams.info(name);
      const messages = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
        const m = await jsm.streams.getMessage(name, { seq }).catch(() => null);
        if (m) messages.push(m);
      }
      // New message ids: JetStream's own dedupe must not hide the copies; only the inboxes may drop them.
      for (const m of messages.reverse()) {
        const ack = await js.publish(m.subject, m.data, { msgID: randomUUID() });
        expect(ack.duplicate).toBe(false);
        republished += 1;
      }
    }
    await stream.flowing(3);
    console.log(`fault duplicate-reverse: ${republished} events of the INTAKE and CASE streams delivered a second time, newest first`);
    await check('duplicate-reverse');
  }, 150_000);

  it('(6) a poison message: dead letters hold exactly it; a handler failure dead-letters, then an ADMIN replay applies it once', async () => {
    const nc = await p.connection();
    const js = nc.jetstream();
    stream.start();
    await stream.flowing(2);
    // Garbage on an intake subject: every consumer of the INTAKE stream dead-letters it at once.
    const garbage = `{"id": "${randomUUID()}", "type": "intake.petition.routed", broken`;
    await js.publish(`${SUBJECT_PREFIX}intake.petition.routed`, garbage, { msgID: randomUUID() });

    // A well-formed event the case handler cannot apply (its write refused by the database, the
    // cause an administrator fixes): retried to max_deliver, then dead-lettered.
    const r = await gql(
      p.gateway.url,
      clerk,
      `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { petition { id } } }`,
      { input: letter() },
    );
    const victim = r.data.registerPetition.petition.id as string;
    stream.sent += 1;
    stream.acknowledged.push(victim);
    await p.pg.query(`CREATE FUNCTION cases.fault_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.petition_id = '${victim}' THEN RAISE EXCEPTION 'fault injection: case write refused'; END IF; RETURN NEW; END $$`);
    await p.pg.query(`CREATE TRIGGER fault_refuse BEFORE INSERT ON cases."case" FOR EACH ROW EXECUTE FUNCTION cases.fault_refuse()`);
    let dead: { id: string; raw: string };
    try {
      const routed = await gql(p.gateway.url, clerk, `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { status } }`, {
        i: { petitionId: victim, mode: 'FORWARD', departmentCode: 'D-HOUSING' },
      });
      expect(routed.errors).toBeUndefined();
      [dead] = await until(
        'the routed event in case dead letters',
        async () => {
          const rows = await p.pg.query<{ id: string; raw: string }>(
            `SELECT id::text, raw FROM cases.dead_letter WHERE type = 'intake.petition.routed' AND raw LIKE '%' || $1 || '%'`,
            [victim],
          );
          return rows.length ? rows : null;
        },
        60_000,
        500,
      );
    } finally {
      await p.pg.query(`DROP TRIGGER IF EXISTS fault_refuse ON cases."case"`);
      await p.pg.query(`DROP FUNCTION IF EXISTS cases.fault_refuse()`);
    }
    const [{ n: before }] = await p.pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases."case" WHERE petition_id = $1`, [victim]);
    expect(before).toBe(0);
    await stream.flowing(2);
    await stream.stop();

    // The ADMIN sees both and replays: the garbage cannot be (nothing to apply), the event applies once.
    const listed = await gql(p.gateway.url, admin, `{ caseDeadLetters { id eventId error deliveries } }`);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.caseDeadLetters).toHaveLength(2);
    const replay = `mutation($id: ID!) { replayCaseDeadLetter(id: $id) { outcome } }`;
    const first = await gql(p.gateway.url, admin, replay, { id: dead!.id });
    expect(first.data?.replayCaseDeadLetter.outcome).toBe('applied');
    const again = await gql(p.gateway.url, admin, replay, { id: dead!.id });
    expect(again.data?.replayCaseDeadLetter.outcome).toBe('duplicate');
    const garbageRow = (listed.data.caseDeadLetters as Array<{ id: string; eventId: string | null }>).find((d) => !d.eventId)!;
    expect((await gql(p.gateway.url, admin, replay, { id: garbageRow.id })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql(p.gateway.url, clerk, replay, { id: dead!.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    console.log(
      `fault poison: garbage dead-lettered once by each INTAKE consumer; the refused event dead-lettered by case after ${listed.data.caseDeadLetters.find((d: { eventId: string | null }) => d.eventId).deliveries} deliveries, replayed: ${first.data?.replayCaseDeadLetter.outcome}, again: ${again.data?.replayCaseDeadLetter.outcome}`,
    );

    await check('poison', {
      cases: [garbage, dead!.raw],
      hotspot: [garbage],
      reception: [garbage],
      assessment: [garbage],
    });
  }, 150_000);
});
