import { Client } from 'pg';

import { SettableClock } from '@petition/clock';
import { generateValidIdNumber } from '@petition/intake';
import { clientQuery, prepareDatabase, runAuditVerify, verifyAuditChain } from '@petition/service-kit';

import { letter, REGION, REGISTER, seedDepartments } from '../src/fixtures';
import type { Platform } from '../src/harness';
import { expectCode, PG_URL, startPlatform, token } from '../src/harness';

// The audit trail (issue 6): every mutation a subgraph executes, refused ones too, and every read
// of unmasked personal data, appended to a hash chain in the service's schema; the application
// role cannot rewrite it; the verifier finds the first link a superuser broke.
describe('security audit: hash-chained audit trail, append-only for the application role, revealPetitioner', () => {
  const clock = new SettableClock('2025-11-03T02:00:00Z'); // Monday, no holiday near
  const SCHEMAS = ['assessment', 'cases', 'hotspot', 'intake', 'reception'];
  let p: Platform;
  let owner: Client;
  let admin: string, clerk: string, supervisor: string, leader: string, handler: string, analyst: string;
  let otherCityClerk: string, accusedClerk: string;

  let serial = 500;
  /** A petitioner whose every personal value is distinctive, so a scan for it cannot miss. */
  function distinctive() {
    serial += 1;
    return {
      name: `审计张${serial}丰`,
      idNumber: generateValidIdNumber(REGION, '1966-05-12', serial),
      phone: `1391234${serial}`,
      address: `城东路${serial}号审计楼`,
      workUnit: `审计测试${serial}厂`,
    };
  }

  async function register(t: string, overrides: Record<string, unknown>) {
    const r = await p.gql(t, REGISTER, { input: letter(overrides) });
    expect(r.errors).toBeUndefined();
    return r.data.registerPetition.petition.id as string;
  }

  async function petitionerIdOf(petitionId: string) {
    const r = await p.gql(clerk, `query($id: ID!) { petition(id: $id) { petitioners { id idNumber } } }`, { id: petitionId });
    expect(r.errors).toBeUndefined();
    return r.data.petition.petitioners[0].id as string;
  }

  type AuditRow = { seq: string; body: Record<string, any>; prev_hash: string; hash: string };
  async function auditRows(schema: string, afterSeq = '0'): Promise<AuditRow[]> {
    const r = await owner.query(
      `SELECT a.seq::text AS seq, a.body, a.prev_hash, a.hash FROM ${schema}.audit_log a WHERE a.seq > $1 ORDER BY a.seq`,
      [afterSeq],
    );
    return r.rows;
  }
  async function headSeq(schema: string): Promise<string> {
    const r = await owner.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM ${schema}.audit_log`);
    return r.rows[0].seq;
  }

  async function verify(schemas: string[] = []) {
    const lines: string[] = [];
    const code = await runAuditVerify({ databaseUrl: `${PG_URL}/${p.database}`, schemas }, (line) => lines.push(line));
    return { code, lines };
  }

  const REVEAL = `mutation($id: ID!, $reason: String!) {
    revealPetitioner(petitionerId: $id, reason: $reason) { petitionerId name idNumber phone address workUnit auditSeq }
  }`;

  beforeAll(async () => {
    p = await startPlatform({ clock });
    owner = new Client({ connectionString: `${PG_URL}/${p.database}` });
    await owner.connect();
    admin = await token({ roles: ['ADMIN'], jurisdiction: '33', subject: 'admin-1' });
    clerk = await token({ roles: ['CLERK'], department: 'D-BUREAU', subject: 'clerk-1' });
    supervisor = await token({ roles: ['SUPERVISOR'], department: 'D-BUREAU', subject: 'supervisor-1' });
    leader = await token({ roles: ['LEADER'], department: 'D-GOV', subject: 'leader-1' });
    handler = await token({ roles: ['HANDLER'], department: 'D-HOUSING', subject: 'handler-1' });
    analyst = await token({ roles: ['ANALYST'], subject: 'analyst-1' });
    otherCityClerk = await token({ roles: ['CLERK'], department: 'D-GZ-BUREAU', subject: 'clerk-gz', jurisdiction: '4401' });
    // A clerk of the unit an accusation is against: sees the jurisdiction, but never the reporter.
    accusedClerk = await token({ roles: ['CLERK'], department: 'D-EDU', subject: 'clerk-edu' });
    await seedDepartments(p, admin);
  });
  afterAll(async () => {
    await owner?.end();
    await p?.stop();
  });

  it('every service runs as the application role, not the schema owner', async () => {
    for (const service of [p.intake, p.case, p.hotspot, p.reception, p.assessment]) {
      expect(new URL(service.databaseUrl).username).toBe('petition_app');
      const [{ user }] = await service.dataSource.query('SELECT current_user AS user');
      expect(user).toBe('petition_app');
    }
    const tables = await owner.query(
      `SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'audit_log' ORDER BY 1`,
    );
    expect(tables.rows.map((r) => r.schema)).toEqual(SCHEMAS);
  });

  it('services starting together create the application role once; production needs it to exist and to differ from the owner', async () => {
    const url = `${PG_URL}/${p.database}`;
    const probe = (schema: string) => ({ url, schema, entities: [], migrations: [] });
    const role = `petition_app_${p.id}`;
    try {
      const urls = await Promise.all(
        [1, 2, 3, 4].map((i) => prepareDatabase({ ...probe(`role_probe_${i}`), appRole: { user: role, production: false } })),
      );
      for (const u of urls) expect(new URL(u).username).toBe(role);
      const [{ n }] = (await owner.query(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1`, [role])).rows;
      expect(n).toBe(1);
    } finally {
      await owner.query(`DROP OWNED BY ${role}`);
      await owner.query(`DROP ROLE ${role}`);
    }
    await expect(prepareDatabase({ ...probe('role_probe_1'), appRole: { user: `${role}_missing`, production: true } })).rejects.toThrow(
      /does not exist: an administrator creates it once/,
    );
    const [{ me }] = (await owner.query('SELECT current_user AS me')).rows;
    await expect(prepareDatabase({ ...probe('role_probe_1'), appRole: { user: me, production: true } })).rejects.toThrow(
      /is the schema owner/,
    );
    // Development may run as the owner (with a warning): the owner's URL comes back.
    expect(await prepareDatabase({ ...probe('role_probe_1'), appRole: { user: me, production: false } })).toBe(url);
  });

  it('registering and routing a petition are audited with the actor, the ids, and no personal data', async () => {
    const person = distinctive();
    const before = await headSeq('intake');
    const petitionId = await register(clerk, { petitioners: [person] });
    const routed = await p.gql(clerk, `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { id status } }`, {
      i: { petitionId, mode: 'FORWARD', departmentCode: 'D-HOUSING', note: `请${person.name}所在单位配合` },
    });
    expect(routed.errors).toBeUndefined();

    const rows = await auditRows('intake', before);
    const registered = rows.find((r) => r.body.action === 'registerPetition')!;
    expect(registered.body).toMatchObject({
      kind: 'mutation',
      actor: { subject: 'clerk-1', department: 'D-BUREAU', roles: ['CLERK'], jurisdiction: '3301' },
      outcome: 'OK',
      target: { 'input.categoryCode': 'HOUSING_EXPROPRIATION', 'input.regionCode': REGION },
      detail: { resultIds: { 'registerPetition.petition.id': petitionId } },
    });
    expect(registered.body.requestId).toEqual(expect.any(String));
    expect(Date.parse(registered.body.at)).not.toBeNaN();
    const route = rows.find((r) => r.body.action === 'routePetition')!;
    expect(route.body).toMatchObject({
      kind: 'mutation',
      actor: { subject: 'clerk-1', department: 'D-BUREAU', roles: ['CLERK'] },
      outcome: 'OK',
      target: { 'input.petitionId': petitionId, 'input.departmentCode': 'D-HOUSING' },
    });
    expect(route.body.target).not.toHaveProperty('input.note');
    expect(BigInt(route.seq)).toBeGreaterThan(BigInt(registered.seq));

    // No audit record of any service holds the person's name, ID number (or its middle), phone,
    // address or work unit, nor the petition's free text.
    const all = [];
    for (const schema of SCHEMAS)
      all.push(...(await owner.query(`SELECT body::text AS body FROM ${schema}.audit_log`)).rows.map((r) => r.body));
    const text = all.join('\n');
    for (const value of [...Object.values(person), person.idNumber.slice(6, 14), '拆迁补偿款']) expect(text).not.toContain(value);
  });

  it('a refused mutation is audited with its code, in the schema of the subgraph that refused it', async () => {
    const petitionId = await register(clerk, {});
    const intakeBefore = await headSeq('intake');
    const casesBefore = await headSeq('cases');
    const ROUTE = `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { id } }`;

    expectCode(await p.gql(handler, ROUTE, { i: { petitionId, mode: 'FORWARD', departmentCode: 'D-HOUSING' } }), 'FORBIDDEN');
    expectCode(await p.gql(clerk, ROUTE, { i: { petitionId, mode: 'FORWARD', departmentCode: 'D-NOWHERE' } }), 'INVALID_DEPARTMENT');
    const badId = distinctive();
    badId.idNumber = badId.idNumber.slice(0, 17) + (badId.idNumber[17] === '0' ? '1' : '0');
    expectCode(await p.gql(clerk, REGISTER, { input: letter({ petitioners: [badId] }) }), 'INVALID_ID_NUMBER');
    // A NUL (which PostgreSQL text cannot hold) in an id: the gateway refuses it before planning, and
    // sent straight to the subgraph it is refused there too, without keeping the attempt out of the trail.
    const nulInput = { i: { petitionId: `${petitionId}\u0000`, mode: 'FORWARD', departmentCode: 'D-HOUSING' } };
    expectCode(await p.gql(clerk, ROUTE, nulInput), 'BAD_USER_INPUT');
    const nul = await p.gql(clerk, ROUTE, nulInput, p.intake.url);
    const nulCode = nul.errors?.[0]?.extensions?.code as string;
    expect(nulCode).toBe('BAD_USER_INPUT');
    const missingCase = '00000000-0000-4000-8000-000000000000';
    const accept = await p.gql(handler, `mutation($id: ID!) { acceptCase(caseId: $id) { id } }`, { id: missingCase });
    const acceptCode = accept.errors?.[0]?.extensions?.code as string;
    expect(acceptCode).toMatch(/^(CASE_NOT_FOUND|FORBIDDEN_DEPARTMENT)$/);

    const intake = (await auditRows('intake', intakeBefore)).map((r) => r.body);
    expect(intake).toEqual([
      expect.objectContaining({
        action: 'routePetition',
        outcome: 'FORBIDDEN',
        actor: expect.objectContaining({ subject: 'handler-1', roles: ['HANDLER'] }),
      }),
      expect.objectContaining({
        action: 'routePetition',
        outcome: 'INVALID_DEPARTMENT',
        target: expect.objectContaining({ 'input.departmentCode': 'D-NOWHERE' }),
      }),
      expect.objectContaining({
        action: 'registerPetition',
        outcome: 'INVALID_ID_NUMBER',
        target: { 'input.categoryCode': 'HOUSING_EXPROPRIATION', 'input.regionCode': REGION },
      }),
      expect.objectContaining({
        action: 'routePetition',
        outcome: nulCode,
        target: expect.objectContaining({ 'input.petitionId': `${petitionId}\ufffd` }),
      }),
    ]);
    for (const body of intake.slice(0, 2)) expect(body.target['input.petitionId']).toBe(petitionId);
    for (const value of Object.values(badId)) expect(JSON.stringify(intake)).not.toContain(value);
    expect((await auditRows('cases', casesBefore)).map((r) => r.body)).toEqual([
      expect.objectContaining({ kind: 'mutation', action: 'acceptCase', outcome: acceptCode, target: { caseId: missingCase } }),
    ]);
  });

  describe('revealPetitioner', () => {
    let person: ReturnType<typeof distinctive>;
    let petitionerId: string;
    let accuserId: string;
    let accuser: ReturnType<typeof distinctive>;
    const reason = '电话回访须核实信访人身份';

    beforeAll(async () => {
      person = distinctive();
      petitionerId = await petitionerIdOf(await register(clerk, { petitioners: [person] }));
      accuser = distinctive();
      accuserId = await petitionerIdOf(
        await register(clerk, { nature: 'ACCUSATION', accusedDepartmentCode: 'D-EDU', involvedOrganization: null, petitioners: [accuser] }),
      );
    });

    it('a CLERK of the jurisdiction gets the clear values, and the audit record with the reason is written in the same transaction', async () => {
      const before = await headSeq('intake');
      const r = await p.gql(clerk, REVEAL, { id: petitionerId, reason });
      expect(r.errors).toBeUndefined();
      const { auditSeq, ...revealed } = r.data.revealPetitioner;
      expect(revealed).toEqual({ petitionerId, ...person });

      // The read's own record: the seq the mutation returned, with the reason.
      const rows = await auditRows('intake', before);
      const read = rows.find((row) => row.seq === auditSeq)!;
      expect(read.body).toMatchObject({
        kind: 'pii-read',
        action: 'revealPetitioner',
        outcome: 'OK',
        actor: { subject: 'clerk-1', department: 'D-BUREAU', roles: ['CLERK'] },
        target: { petitionerId },
        detail: { reason, fields: ['name', 'idNumber', 'phone', 'address', 'workUnit'] },
      });
      // …and the mutation's record, after it, without the reason (free text stays out of mutation records).
      expect(rows.map((row) => [row.body.kind, row.body.action])).toEqual([
        ['pii-read', 'revealPetitioner'],
        ['mutation', 'revealPetitioner'],
      ]);
      expect(JSON.stringify(rows[1].body)).not.toContain(reason);
      for (const value of Object.values(person)) expect(JSON.stringify(rows.map((row) => row.body))).not.toContain(value);

      // Masked reads stay masked.
      const masked = await p.gql(clerk, `query($id: ID!) { petition(id: $id) { petitioners { idNumber } } }`, {
        id: read.body.detail.petitionIds[0],
      });
      expect(masked.data.petition.petitioners[0].idNumber).toBe(`${person.idNumber.slice(0, 3)}***********${person.idNumber.slice(-4)}`);
    });

    it('no audit record, no clear data: when the record cannot be written the reveal fails and returns nothing', async () => {
      await owner.query(`REVOKE INSERT ON intake.audit_log FROM petition_app`);
      try {
        const r = await p.gql(clerk, REVEAL, { id: petitionerId, reason });
        expectCode(r, 'INTERNAL_SERVER_ERROR');
        expect(r.data?.revealPetitioner ?? null).toBeNull();
        for (const value of [person.name, person.idNumber, person.phone, person.address]) expect(JSON.stringify(r)).not.toContain(value);
      } finally {
        await owner.query(`GRANT INSERT ON intake.audit_log TO petition_app`);
      }
    });

    it('a SUPERVISOR and a LEADER of the jurisdiction may reveal too', async () => {
      for (const t of [supervisor, leader]) {
        const r = await p.gql(t, REVEAL, { id: petitionerId, reason });
        expect(r.errors).toBeUndefined();
        expect(r.data.revealPetitioner.idNumber).toBe(person.idNumber);
      }
    });

    it('HANDLER, ANALYST and ADMIN are refused (FORBIDDEN) and get nothing; no read is recorded', async () => {
      const before = await headSeq('intake');
      for (const t of [handler, analyst, admin]) {
        const r = await p.gql(t, REVEAL, { id: petitionerId, reason });
        expectCode(r, 'FORBIDDEN');
        expect(r.data?.revealPetitioner ?? null).toBeNull();
        for (const value of Object.values(person)) expect(JSON.stringify(r)).not.toContain(value);
      }
      const rows = await auditRows('intake', before);
      expect(rows.map((r) => [r.body.kind, r.body.outcome, r.body.actor.subject])).toEqual([
        ['mutation', 'FORBIDDEN', 'handler-1'],
        ['mutation', 'FORBIDDEN', 'analyst-1'],
        ['mutation', 'FORBIDDEN', 'admin-1'],
      ]);
    });

    it("a clerk of another jurisdiction, and the accused unit's clerk for its accuser, are refused exactly as for nobody", async () => {
      const before = await headSeq('intake');
      const nobody = await p.gql(clerk, REVEAL, { id: '00000000-0000-4000-8000-000000000000', reason });
      expectCode(nobody, 'PETITIONER_NOT_FOUND');
      const refusals = [
        await p.gql(otherCityClerk, REVEAL, { id: petitionerId, reason }),
        await p.gql(accusedClerk, REVEAL, { id: accuserId, reason }),
      ];
      const shape = (r: typeof nobody) =>
        r.errors?.map(({ message, extensions }) => ({ message, code: extensions?.code, field: extensions?.field }));
      for (const r of refusals) {
        expect(shape(r)).toEqual(shape(nobody));
        expect(r.data?.revealPetitioner ?? null).toBeNull();
      }
      for (const value of [...Object.values(person), ...Object.values(accuser)]) expect(JSON.stringify(refusals)).not.toContain(value);
      // The accused unit's clerk may still reveal a petitioner of an ordinary petition; the bureau clerk the accuser.
      expect((await p.gql(accusedClerk, REVEAL, { id: petitionerId, reason })).data.revealPetitioner.name).toBe(person.name);
      expect((await p.gql(clerk, REVEAL, { id: accuserId, reason })).data.revealPetitioner.name).toBe(accuser.name);

      const rows = await auditRows('intake', before);
      expect(rows.filter((r) => r.body.kind === 'pii-read').map((r) => r.body.actor.subject)).toEqual(['clerk-edu', 'clerk-1']);
      expect(rows.filter((r) => r.body.outcome === 'PETITIONER_NOT_FOUND').map((r) => r.body.actor.subject)).toEqual([
        'clerk-1',
        'clerk-gz',
        'clerk-edu',
      ]);
    });

    it('revealPetitioner refuses an empty, too short or too long reason (BAD_USER_INPUT) and reveals nothing', async () => {
      for (const bad of ['', '   ', '看看', 'x'.repeat(501), '核实身份\u0000']) {
        const r = await p.gql(clerk, REVEAL, { id: petitionerId, reason: bad });
        expectCode(r, 'BAD_USER_INPUT');
        expect(r.errors![0].extensions).toMatchObject({ field: 'reason' });
        expect(JSON.stringify(r)).not.toContain(person.idNumber);
      }
    });
  });

  it('the application role can append to audit_log but not UPDATE, DELETE or TRUNCATE it, renumber it, or turn its triggers off', async () => {
    const app = new Client({ connectionString: p.intake.databaseUrl });
    await app.connect();
    const code = (sql: string) =>
      app.query(sql).then(
        () => 'ok',
        (error: { code?: string }) => error.code,
      );
    try {
      for (const schema of SCHEMAS) {
        expect(await code(`UPDATE ${schema}.audit_log SET body = '{}'`)).toBe('42501');
        expect(await code(`DELETE FROM ${schema}.audit_log`)).toBe('42501');
        expect(await code(`TRUNCATE ${schema}.audit_log`)).toBe('42501');
        expect(await code(`SELECT setval('${schema}.audit_log_seq', 1)`)).toBe('42501');
        expect(await code(`ALTER TABLE ${schema}.audit_log DISABLE TRIGGER ALL`)).toBe('42501');
      }
      expect(await code(`SET session_replication_role = replica`)).toBe('42501');

      // It can insert; the trigger numbers and links the row whatever the inserter claims.
      const [last] = await auditRows('intake', String(BigInt(await headSeq('intake')) - 1n));
      const inserted = await app.query(
        `INSERT INTO intake.audit_log (seq, body, prev_hash, hash) VALUES (1, '{"kind": "probe"}', 'forged', 'forged') RETURNING seq::text AS seq, prev_hash, hash`,
      );
      expect(BigInt(inserted.rows[0].seq)).toBeGreaterThan(BigInt(last.seq));
      expect(inserted.rows[0].prev_hash).toBe(last.hash);
      expect(inserted.rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await app.end();
    }
    // The table refuses even its owner (short of disabling triggers, which the verifier catches).
    await expect(owner.query(`UPDATE intake.audit_log SET body = '{}'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(owner.query(`DELETE FROM intake.audit_log`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(owner.query(`TRUNCATE intake.audit_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect((await verify(['intake'])).code).toBe(0);
  });

  it('the verifier reports ok on untouched chains, then the first broken link at exactly the seq a superuser edited, and at the seq after one deleted', async () => {
    // Enough history in every service's chain (every subgraph's mutations are audited there).
    await register(clerk, {});
    const clean = await verify();
    expect(clean.code).toBe(0);
    expect(clean.lines).toHaveLength(SCHEMAS.length);
    for (const [i, line] of clean.lines.entries())
      expect(line).toMatch(new RegExp(`^${SCHEMAS[i]}: \\d+ rows, head [0-9a-f]{64}( \\(seq \\d+\\))?, ok$`));

    // A superuser rewrites one outcome with the triggers off.
    const rows = await auditRows('intake');
    expect(rows.length).toBeGreaterThan(4);
    const victim = rows[Math.floor(rows.length / 2)];
    const superuser = async (sql: string, params: unknown[] = []) => {
      await owner.query('BEGIN');
      await owner.query('SET LOCAL session_replication_role = replica');
      await owner.query(sql, params);
      await owner.query('COMMIT');
    };
    await superuser(`UPDATE intake.audit_log SET body = jsonb_set(body, '{outcome}', '"FORBIDDEN"') WHERE seq = $1`, [victim.seq]);
    const edited = await verify();
    expect(edited.code).toBe(1);
    expect(edited.lines.find((l) => l.startsWith('intake:'))).toMatch(
      new RegExp(
        `^intake: ${rows.length} rows, head ${rows[rows.length - 1].hash} \\(seq ${rows[rows.length - 1].seq}\\), first broken link at seq ${victim.seq}: hash does not match the row \\(the row was edited\\)$`,
      ),
    );
    for (const line of edited.lines.filter((l) => !l.startsWith('intake:'))) expect(line).toMatch(/, ok$/);

    // Put it back byte for byte: the chain is whole again.
    await superuser(`UPDATE intake.audit_log SET body = $2::jsonb WHERE seq = $1`, [victim.seq, JSON.stringify(victim.body)]);
    expect((await verify(['intake'])).code).toBe(0);

    // A deleted row breaks the link of the row after it.
    const [gone, next] = rows.slice(2, 4);
    await superuser(`DELETE FROM intake.audit_log WHERE seq = $1`, [gone.seq]);
    const deleted = await verify(['intake']);
    expect(deleted.code).toBe(1);
    expect(deleted.lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `first broken link at seq ${next.seq}: prev_hash does not match the hash of seq ${rows[1].seq} \\(a row was deleted or inserted between them\\)$`,
        ),
      ),
    ]);
    await superuser(`INSERT INTO intake.audit_log (seq, body, prev_hash, hash) VALUES ($1, $2::jsonb, $3, $4)`, [
      gone.seq,
      JSON.stringify(gone.body),
      gone.prev_hash,
      gone.hash,
    ]);
    expect(await verify()).toEqual({ code: 0, lines: expect.arrayContaining([expect.stringMatching(/^intake: .*, ok$/)]) });
  });

  it('concurrent mutations and reveals leave one valid chain, in seq order', async () => {
    const before = await headSeq('intake');
    const people = Array.from({ length: 20 }, () => distinctive());
    const revealTarget = await petitionerIdOf(await register(clerk, { petitioners: [distinctive()] }));
    const results = await Promise.all([
      ...people.map((person) => p.gql(clerk, REGISTER, { input: letter({ petitioners: [person] }) })),
      ...Array.from({ length: 10 }, () => p.gql(supervisor, REVEAL, { id: revealTarget, reason: '并发核查信访人身份' })),
    ]);
    for (const r of results) expect(r.errors).toBeUndefined();

    const rows = await auditRows('intake', before);
    expect(rows.filter((r) => r.body.action === 'registerPetition' && r.body.outcome === 'OK')).toHaveLength(21);
    expect(rows.filter((r) => r.body.kind === 'pii-read')).toHaveLength(10);
    const chain = await verifyAuditChain(clientQuery(owner), 'intake');
    expect(chain.broken).toBeNull();
    expect(chain.headSeq).toBe(rows[rows.length - 1].seq);
    // Read a few rows at a time (past seq 9 → 10, where text order and number order differ), the same answer.
    expect(await verifyAuditChain(clientQuery(owner), 'intake', 3)).toEqual(chain);
    // Each row links to the one before it in seq order.
    const [previous] = await auditRows('intake', String(BigInt(before) - 1n));
    rows.reduce(
      (prev, row) => {
        expect(row.prev_hash).toBe(prev);
        return row.hash;
      },
      BigInt(before) > 0n ? previous.hash : '0'.repeat(64),
    );
    expect((await verify()).code).toBe(0);
  });
});
