import fc from 'fast-check';
import { SignJWT } from 'jose';
import { Client } from 'pg';

import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, DEV_JWT_SECRET } from '@petition/auth';

import { SettableClock } from '@petition/clock';
import { generateValidIdNumber, parseIntakeEnvironment, startIntakeService } from '@petition/intake';
import { createLogger } from '@petition/service-kit';

import type { Platform } from '../src/harness';
import { expectCode, PG_URL, startPlatform, token, waitFor } from '../src/harness';

// The read rule (docs/security.md), tested as a property: for random callers (roles, department,
// jurisdiction) over a random but seeded set of petitions and cases in two cities, what every read
// path returns is exactly what the rule allows — no more (a leak) and no less (a broken path).
// Then the attacks: aliases, `_entities` on every subgraph, injection strings in every filter,
// cross-jurisdiction and analyst reads, each refused or empty and each leaving the data unchanged.

const HZ = '330102'; // Hangzhou, Shangcheng district (jurisdiction prefix 3301)
const GZ = '440106'; // Guangzhou, Tianhe district (jurisdiction prefix 4401)
const DEPARTMENTS: Record<string, string[]> = {
  [HZ]: ['D-HOUSING', 'D-LABOUR', 'D-EDU', 'D-TOWN-A'],
  [GZ]: ['D-GZ-HOUSING', 'D-GZ-LABOUR'],
};
const ALL_DEPARTMENTS = Object.values(DEPARTMENTS).flat();
const ROLES = ['CLERK', 'SUPERVISOR', 'HANDLER', 'LEADER', 'HALL_COORDINATOR', 'REPORTER', 'ANALYST', 'ADMIN'] as const;
const BUREAU = ['ADMIN', 'CLERK', 'SUPERVISOR', 'LEADER'];
const JURISDICTIONS = ['', '33', '3301', '330102', '4401', '440106', '44', '11'];

interface Plan {
  region: string;
  nature: 'GRIEVANCE' | 'SUGGESTION' | 'ACCUSATION';
  accused: string | null;
  route: { department: string; lead: string | null; cooperating: string[] } | null;
}
interface Seeded extends Plan {
  petitionId: string;
  caseId: string | null;
  summary: string;
  person: { name: string; idNumber: string; phone: string; address: string };
}
interface TestCaller {
  roles: string[];
  department: string | null;
  jurisdiction: string;
}

/** A seeded, random set of petitions: regions, natures, accused units and routings. */
const planArbitrary: fc.Arbitrary<Plan> = fc
  .record({
    region: fc.constantFrom(HZ, GZ),
    nature: fc.constantFrom('GRIEVANCE' as const, 'SUGGESTION' as const, 'ACCUSATION' as const),
    pick: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
    routed: fc.boolean(),
    withLead: fc.boolean(),
    cooperating: fc.nat({ max: 2 }),
  })
  .map(({ region, nature, pick, routed, withLead, cooperating }) => {
    const depts = DEPARTMENTS[region];
    const accused = nature === 'ACCUSATION' ? depts[pick[0] % depts.length] : null;
    const eligible = depts.filter((d) => d !== accused);
    const department = eligible[pick[1] % eligible.length];
    const rest = eligible.filter((d) => d !== department);
    const lead = withLead && rest.length ? rest[pick[2] % rest.length] : null;
    const coop = rest.filter((d) => d !== lead).slice(pick[3] % 2, (pick[3] % 2) + cooperating);
    return { region, nature, accused, route: routed ? { department, lead, cooperating: coop } : null };
  });

const callerArbitrary: fc.Arbitrary<TestCaller> = fc.record({
  roles: fc.subarray([...ROLES], { minLength: 0, maxLength: 3 }),
  department: fc.option(fc.constantFrom(...ALL_DEPARTMENTS, 'D-BUREAU'), { nil: null }),
  jurisdiction: fc.constantFrom(...JURISDICTIONS),
});

// ---- the rule, as the documentation states it ------------------------------------------------

function handlers(s: Seeded): string[] {
  return s.route ? [s.route.department, ...(s.route.lead ? [s.route.lead] : []), ...s.route.cooperating] : [];
}
function bureauSees(c: TestCaller, region: string) {
  return c.roles.some((r) => BUREAU.includes(r)) && region.startsWith(c.jurisdiction);
}
function handlerOf(c: TestCaller, s: Seeded) {
  return c.roles.includes('HANDLER') && !!c.department && handlers(s).includes(c.department);
}
function accusedUnit(c: TestCaller, s: Seeded) {
  return s.nature === 'ACCUSATION' && !!c.department && c.department === s.accused;
}
/** intake: the petition (the accused unit reads it, if at all, without material or reporter). */
function seesPetition(c: TestCaller, s: Seeded) {
  return bureauSees(c, s.region) || handlerOf(c, s);
}
/** case: the accused unit sees nothing of the case, whatever its roles. */
function seesCase(c: TestCaller, s: Seeded) {
  return !!s.caseId && (bureauSees(c, s.region) || handlerOf(c, s)) && !accusedUnit(c, s);
}

describe('security: every read path obeys the read rule', () => {
  const clock = new SettableClock('2025-11-03T02:00:00Z');
  let p: Platform;
  let registrar: string;
  const seeded: Seeded[] = [];
  const responses: string[] = [];
  let tables: () => Promise<string>;

  async function call(t: string | null, query: string, variables: Record<string, unknown> = {}, url?: string) {
    const r = await p.gql(t, query, variables, url);
    // Error responses are scanned for personal data; data responses carry what the caller may read.
    if (r.errors) responses.push(JSON.stringify(r.errors));
    return r;
  }
  const tokenOf = (c: TestCaller, subject = 'prop') =>
    token({ roles: c.roles, department: c.department, jurisdiction: c.jurisdiction, subject });

  beforeAll(async () => {
    p = await startPlatform({ clock, logLevel: 'debug' });
    registrar = await token({ roles: ['ADMIN', 'CLERK'], jurisdiction: '', subject: 'registrar', department: 'D-BUREAU' });
    for (const [region, codes] of Object.entries(DEPARTMENTS)) {
      for (const code of codes) {
        const r = await call(registrar, `mutation($i: DepartmentInput!) { upsertDepartment(input: $i) { code } }`, {
          i: { code, name: `${code} 单位`, regionCode: region },
        });
        expect(r.errors).toBeUndefined();
      }
    }
    const plans = fc.sample(planArbitrary, { seed: 20261121, numRuns: 16 });
    // At least one of each shape the rule distinguishes, whatever the sample drew.
    plans.push(
      {
        region: HZ,
        nature: 'ACCUSATION',
        accused: 'D-EDU',
        route: { department: 'D-HOUSING', lead: 'D-HOUSING', cooperating: ['D-LABOUR'] },
      },
      { region: GZ, nature: 'GRIEVANCE', accused: null, route: { department: 'D-GZ-LABOUR', lead: null, cooperating: [] } },
      { region: HZ, nature: 'SUGGESTION', accused: null, route: null },
    );
    let n = 0;
    for (const plan of plans) {
      n += 1;
      const person = {
        name: `密测${String.fromCharCode(0x4e00 + n * 37)}${String.fromCharCode(0x4e00 + n * 53)}`,
        idNumber: generateValidIdNumber(plan.region, '1971-06-0' + ((n % 9) + 1), 100 + n),
        phone: `139${String(10000000 + n * 7919).slice(-8)}`,
        address: `测试路${100 + n}号${n}单元`,
      };
      const summary = `第${n}件：反映${plan.nature === 'ACCUSATION' ? '单位违规收费问题' : '小区物业长期不作为'}，联系电话${person.phone}。`;
      const r = await call(registrar, `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { petition { id } } }`, {
        input: {
          channel: 'LETTER',
          nature: plan.nature,
          categoryCode: 'HOUSING_EXPROPRIATION',
          level: 'COUNTY',
          regionCode: plan.region,
          involvedOrganization: plan.nature === 'ACCUSATION' ? null : '某物业公司',
          ...(plan.accused ? { accusedDepartmentCode: plan.accused } : {}),
          summary,
          demands: '请求依法处理。',
          petitioners: [{ ...person, workUnit: `某公司${n}` }],
        },
      });
      expect(r.errors).toBeUndefined();
      const petitionId = r.data.registerPetition.petition.id as string;
      if (plan.route) {
        const routed = await call(registrar, `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { status } }`, {
          i: {
            petitionId,
            mode: 'FORWARD',
            departmentCode: plan.route.department,
            ...(plan.route.lead ? { leadDepartmentCode: plan.route.lead } : {}),
            cooperatingDepartmentCodes: plan.route.cooperating,
          },
        });
        expect(routed.errors).toBeUndefined();
      }
      seeded.push({ ...plan, petitionId, caseId: null, summary, person });
    }
    for (const s of seeded.filter((x) => x.route)) {
      s.caseId = await waitFor('case opened', async () => {
        const r = await p.gql(registrar, `query($id: ID!) { petition(id: $id) { case { id } } }`, { id: s.petitionId });
        return r.data?.petition?.case?.id as string | undefined;
      });
    }
    tables = async () => {
      const db = new Client({ connectionString: `${PG_URL}/${p.database}` });
      await db.connect();
      try {
        const rows = await db.query(
          `SELECT (SELECT count(*) FROM intake.petition) AS petitions, (SELECT count(*) FROM intake.routing) AS routings,
                  (SELECT count(*) FROM intake.petitioner) AS petitioners, (SELECT count(*) FROM cases."case") AS cases,
                  (SELECT count(*) FROM intake.department) AS departments, (SELECT count(*) FROM reception.hall) AS halls,
                  (SELECT string_agg(id || status, ',' ORDER BY id) FROM intake.petition) AS states`,
        );
        return JSON.stringify(rows.rows[0]);
      } finally {
        await db.end();
      }
    };
  }, 120_000);
  afterAll(() => p?.stop());

  const LIST = `{
    petitions(first: 50) { totalCount edges { node { id summary demands involvedOrganization petitioners { name idNumber } } } }
    cases(first: 50) { totalCount edges { node { id petition { id } } } }
  }`;

  it('property: for random callers, petitions, cases and both subgraphs’ _entities return exactly what the rule allows', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(callerArbitrary, async (c) => {
        const t = await tokenOf(c);
        const r = await call(t, LIST);
        expect(r.errors).toBeUndefined();
        const petitions = r.data.petitions.edges.map((e: { node: any }) => e.node);
        const expectedPetitions = seeded.filter((s) => seesPetition(c, s)).map((s) => s.petitionId);
        expect(petitions.map((x: { id: string }) => x.id).sort()).toEqual([...expectedPetitions].sort());
        expect(r.data.petitions.totalCount).toBe(expectedPetitions.length);
        for (const node of petitions) {
          const s = seeded.find((x) => x.petitionId === node.id)!;
          if (accusedUnit(c, s)) {
            // 检举控告: the accused unit reads neither the material nor the reporter.
            expect([node.summary, node.demands, node.involvedOrganization, node.petitioners]).toEqual([null, null, null, []]);
          } else {
            expect(node.summary).toBe(s.summary);
            expect(node.petitioners).toHaveLength(1);
            // Masked by default, for everyone.
            expect(node.petitioners[0].idNumber).not.toBe(s.person.idNumber);
            expect(node.petitioners[0].name).not.toBe(s.person.name);
          }
        }
        const cases = r.data.cases.edges.map((e: { node: any }) => e.node);
        const expectedCases = seeded.filter((s) => seesCase(c, s)).map((s) => s.caseId);
        expect(cases.map((x: { id: string }) => x.id).sort()).toEqual([...expectedCases].sort());
        for (const node of cases) {
          // The case's petition resolves through intake's rule: null where intake would not show it.
          const s = seeded.find((x) => x.caseId === node.id)!;
          expect(node.petition?.id ?? null).toBe(seesPetition(c, s) ? s.petitionId : null);
        }

        // The same token straight at each subgraph's _entities, every id at once.
        const onCase = await call(
          t,
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id } } }`,
          { r: seeded.filter((s) => s.caseId).map((s) => ({ __typename: 'Case', id: s.caseId })) },
          p.case.url,
        );
        const withCase = seeded.filter((s) => s.caseId);
        expect(onCase.data._entities.map((e: { id: string } | null) => e?.id ?? null)).toEqual(
          withCase.map((s) => (seesCase(c, s) ? s.caseId : null)),
        );
        const onIntake = await call(
          t,
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Petition { id summary } } }`,
          { r: seeded.map((s) => ({ __typename: 'Petition', id: s.petitionId })) },
          p.intake.url,
        );
        expect(onIntake.data._entities.map((e: { id: string; summary: string | null } | null) => e?.id ?? null)).toEqual(
          seeded.map((s) => (seesPetition(c, s) ? s.petitionId : null)),
        );
        for (const [i, e] of (onIntake.data._entities as Array<{ summary: string | null } | null>).entries()) {
          if (e && accusedUnit(c, seeded[i])) expect(e.summary).toBeNull();
        }
        checked += 1;
      }),
      { numRuns: 60, seed: 6, endOnFailure: true },
    );
    expect(checked).toBe(60);
  }, 120_000);

  describe('attacks, each refused or empty, none changing anything', () => {
    let before: string;
    const handlerOfLabour = () => token({ roles: ['HANDLER'], department: 'D-GZ-LABOUR', jurisdiction: '4401', subject: 'gz-handler' });
    const hzOnly = () => seeded.filter((s) => s.region === HZ && s.caseId && s.nature !== 'ACCUSATION');

    beforeAll(async () => {
      before = await tables();
    });
    afterAll(async () => {
      expect(await tables()).toBe(before);
    });

    it('aliases: every Hangzhou case(id) and petition(id), aliased in one query, answer null to another city’s handler', async () => {
      const targets = seeded.filter((s) => s.region === HZ);
      const fields = targets
        .flatMap((s, i) => [
          ...(s.caseId ? [`c${i}: case(id: "${s.caseId}") { id }`] : []),
          `p${i}: petition(id: "${s.petitionId}") { id summary }`,
        ])
        .slice(0, 30);
      const r = await call(await handlerOfLabour(), `{ ${fields.join(' ')} }`);
      expect(r.errors).toBeUndefined();
      expect(Object.keys(r.data).length).toBeGreaterThanOrEqual(8);
      expect(Object.values(r.data).every((v) => v === null)).toBe(true);
    });

    it('_entities on the hotspot and reception subgraphs give another department nothing of a petition', async () => {
      const t = await handlerOfLabour();
      const reps = hzOnly().map((s) => ({ __typename: 'Petition', id: s.petitionId }));
      const hot = await call(
        t,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Petition { id hotspot { id } } } }`,
        { r: reps },
        p.hotspot.url,
      );
      expect(hot.errors).toBeUndefined();
      expect(hot.data._entities.every((e: { hotspot: unknown }) => e.hotspot === null)).toBe(true);
      const rec = await call(
        t,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Petition { id receptionVisits { id } jointSessions { id } leaderAppointments { id } } } }`,
        { r: reps },
        p.reception.url,
      );
      expect(rec.errors).toBeUndefined();
      for (const e of rec.data._entities) expect([e.receptionVisits, e.jointSessions, e.leaderAppointments]).toEqual([[], [], []]);
    });

    it('a forged __typename or an unknown entity type in _entities is refused, not resolved', async () => {
      const t = await token({ roles: ['ADMIN'], jurisdiction: '' });
      const r = await call(
        t,
        `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`,
        { r: [{ __typename: 'Petitioner', id: seeded[0].petitionId }] },
        p.intake.url,
      );
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(r.data ?? null)).not.toContain(seeded[0].person.name);
    });

    it('cross-jurisdiction: a Guangzhou clerk asking for Hangzhou by filter gets nothing (filters narrow, never widen)', async () => {
      const t = await token({ roles: ['CLERK', 'SUPERVISOR', 'LEADER'], department: 'D-GZ-BUREAU', jurisdiction: '4401' });
      const r = await call(
        t,
        `{ petitions(first: 100, filter: { regionPrefix: "3301" }) { totalCount } cases(first: 100, filter: { departmentCode: "D-HOUSING" }) { totalCount } }`,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({ petitions: { totalCount: 0 }, cases: { totalCount: 0 } });
      expectCode(
        await call(t, `{ petitionStats(period: { year: 2025 }, filter: { regionPrefix: "3301" }) { total { batches } } }`),
        'FORBIDDEN',
      );
      expectCode(await call(t, `{ rankings(regionPrefix: "3301", period: { year: 2025 }) { rows { unitCode } } }`), 'FORBIDDEN');
    });

    it('an ANALYST reads aggregates only: petitions and cases are empty, a petition and a hall are refused or null', async () => {
      const t = await token({ roles: ['ANALYST'], jurisdiction: '3301' });
      const r = await call(t, LIST);
      expect(r.errors).toBeUndefined();
      expect([r.data.petitions.totalCount, r.data.cases.totalCount]).toEqual([0, 0]);
      const one = await call(t, `query($id: ID!) { petition(id: $id) { id } }`, { id: hzOnly()[0].petitionId });
      expect(one.data.petition).toBeNull();
      const stats = await call(t, `{ petitionStats(period: { year: 2025 }) { total { batches } } }`);
      expect(stats.errors).toBeUndefined();
      expectCode(await call(t, `{ checkDuplicates(input: { summary: "小区物业长期不作为" }) { petition { id } } }`), 'FORBIDDEN');
    });

    it('tokens for another audience or issuer, or without a subject, are refused by the gateway and by every subgraph', async () => {
      const secret = new TextEncoder().encode(DEV_JWT_SECRET);
      const sign = (claims: { aud?: string; iss?: string; sub?: string }) => {
        let jwt = new SignJWT({ roles: ['ADMIN', 'CLERK'], jur: '' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuedAt()
          .setExpirationTime('1h');
        if (claims.aud) jwt = jwt.setAudience(claims.aud);
        if (claims.iss) jwt = jwt.setIssuer(claims.iss);
        if (claims.sub) jwt = jwt.setSubject(claims.sub);
        return jwt.sign(secret);
      };
      const bad = {
        'other audience': await sign({ aud: 'another-platform', iss: DEFAULT_ISSUER, sub: 'x' }),
        'other issuer': await sign({ aud: DEFAULT_AUDIENCE, iss: 'someone-else', sub: 'x' }),
        'no subject': await sign({ aud: DEFAULT_AUDIENCE, iss: DEFAULT_ISSUER }),
      };
      for (const [name, t] of Object.entries(bad)) {
        for (const url of [p.gateway.url, p.intake.url, p.case.url, p.hotspot.url, p.reception.url, p.assessment.url]) {
          const r = await call(t, `{ __typename }`, {}, url);
          expect([name, url, r.status]).toEqual([name, url, 401]);
          expectCode(r, 'UNAUTHENTICATED');
        }
      }
    });

    it('mutations across departments, jurisdictions and roles are refused and change nothing', async () => {
      const hz = hzOnly()[0];
      const attempts: Array<[string, string, string, Record<string, unknown>, string[]]> = [
        [
          'another city’s handler accepts a Hangzhou case',
          await handlerOfLabour(),
          `mutation($id: ID!) { acceptCase(caseId: $id) { id } }`,
          { id: hz.caseId },
          ['CASE_NOT_FOUND'],
        ],
        [
          'another city’s clerk routes a Hangzhou petition',
          await token({ roles: ['CLERK'], jurisdiction: '4401', department: 'D-GZ-BUREAU' }),
          `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { status } }`,
          { i: { petitionId: hz.petitionId, mode: 'FORWARD', departmentCode: 'D-GZ-LABOUR' } },
          ['PETITION_NOT_FOUND'],
        ],
        [
          'an analyst routes a petition',
          await token({ roles: ['ANALYST'], jurisdiction: '3301' }),
          `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { status } }`,
          { i: { petitionId: hz.petitionId, mode: 'FORWARD', departmentCode: 'D-LABOUR' } },
          ['FORBIDDEN'],
        ],
        [
          'an analyst defines a department',
          await token({ roles: ['ANALYST'], jurisdiction: '' }),
          `mutation { upsertDepartment(input: { code: "D-X", name: "x", regionCode: "330102" }) { code } }`,
          {},
          ['FORBIDDEN'],
        ],
        [
          'a handler registers a petition',
          await token({ roles: ['HANDLER'], department: 'D-HOUSING', jurisdiction: '3301' }),
          `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { petition { id } } }`,
          {
            input: {
              channel: 'LETTER',
              nature: 'GRIEVANCE',
              categoryCode: 'HOUSING_EXPROPRIATION',
              level: 'COUNTY',
              regionCode: HZ,
              summary: '经办人越权登记信访件的尝试。',
              demands: '无',
              petitioners: [{ name: '某某', idNumber: hz.person.idNumber }],
            },
          },
          ['FORBIDDEN'],
        ],
        [
          'a clerk of another city replays a dead letter',
          await token({ roles: ['CLERK'], jurisdiction: '4401' }),
          `mutation { replayCaseDeadLetter(id: "00000000-0000-4000-8000-000000000000") { __typename } }`,
          {},
          ['FORBIDDEN'],
        ],
        [
          'a handler creates a hall',
          await token({ roles: ['HANDLER'], department: 'D-HOUSING', jurisdiction: '3301' }),
          `mutation { createHall(input: { code: "X", name: "x", regionCode: "330102" }) { id } }`,
          {},
          ['FORBIDDEN'],
        ],
        [
          'a supervisor verifies the assessment rebuild (ADMIN only)',
          await token({ roles: ['SUPERVISOR', 'LEADER'], jurisdiction: '' }),
          `mutation { verifyAssessmentRebuild { __typename } }`,
          {},
          ['FORBIDDEN'],
        ],
      ];
      for (const [name, t, query, variables, codes] of attempts) {
        const r = await call(t, query, variables);
        expect([name, r.errors?.[0]?.extensions?.code]).toEqual([name, expect.stringMatching(new RegExp(`^(${codes.join('|')})$`))]);
        expect(JSON.stringify(r.data ?? null)).not.toMatch(/"id":"[0-9a-f-]{36}"/);
      }
    });

    it('a caller with no role, and a REPORTER, read nothing', async () => {
      for (const roles of [[], ['REPORTER']]) {
        const t = await token({ roles, jurisdiction: '', department: 'D-HOUSING' });
        const r = await call(t, LIST);
        expect(r.errors).toBeUndefined();
        expect([r.data.petitions.totalCount, r.data.cases.totalCount]).toEqual([0, 0]);
      }
    });

    it('a token claiming a jurisdiction that is not a region-code prefix is refused (UNAUTHENTICATED)', async () => {
      for (const jurisdiction of ["3301' OR '1'='1", '%', '33_1']) {
        const t = await token({ roles: ['CLERK'], jurisdiction });
        const r = await call(t, `{ petitions(first: 5) { totalCount } }`);
        expect(r.status).toBe(401);
        expectCode(r, 'UNAUTHENTICATED');
      }
    });

    // Injection strings in every string filter a client can send: each is taken as data. The
    // answer is a coded refusal or a result no wider than the caller's own view.
    const INJECTIONS = [
      "' OR '1'='1",
      '%',
      '_',
      "'; DROP TABLE intake.petition; --",
      '\\',
      '$1',
      '3301%',
      "\u0000'",
      '${jurisdiction}',
      "全部') OR ('1'='1",
    ];
    const FILTERS: Array<{ name: string; query: string; field: string }> = [
      {
        name: 'petitions.filter.regionPrefix',
        query: `query($v: String) { petitions(first: 100, filter: { regionPrefix: $v }) { totalCount } }`,
        field: 'petitions',
      },
      {
        name: 'petitions.filter.categoryCode',
        query: `query($v: String) { petitions(first: 100, filter: { categoryCode: $v }) { totalCount } }`,
        field: 'petitions',
      },
      {
        name: 'cases.filter.departmentCode',
        query: `query($v: String) { cases(first: 100, filter: { departmentCode: $v }) { totalCount } }`,
        field: 'cases',
      },
      {
        name: 'hotspots.filter.regionPrefix',
        query: `query($v: String) { hotspots(first: 50, filter: { regionPrefix: $v }) { totalCount } }`,
        field: 'hotspots',
      },
      {
        name: 'hotspots.filter.categoryCode',
        query: `query($v: String) { hotspots(first: 50, filter: { categoryCode: $v }) { totalCount } }`,
        field: 'hotspots',
      },
      { name: 'alerts.filter.regionPrefix', query: `query($v: String) { alerts(filter: { regionPrefix: $v }) { id } }`, field: 'alerts' },
      { name: 'screeningUnits(prefix)', query: `query($v: String) { screeningUnits(prefix: $v) { code } }`, field: 'screeningUnits' },
      {
        name: 'riskItems.filter.unitPrefix',
        query: `query($v: String) { riskItems(filter: { unitPrefix: $v }) { id } }`,
        field: 'riskItems',
      },
      {
        name: 'petitionStats.filter.regionPrefix',
        query: `query($v: String) { petitionStats(period: { year: 2025 }, filter: { regionPrefix: $v }) { total { batches } } }`,
        field: 'petitionStats',
      },
      {
        name: 'petitionStats.filter.departmentCodes',
        query: `query($v: String!) { petitionStats(period: { year: 2025 }, filter: { departmentCodes: [$v] }) { total { batches } } }`,
        field: 'petitionStats',
      },
      {
        name: 'indicators.unit.regionPrefix',
        query: `query($v: String) { indicators(period: { year: 2025 }, unit: { regionPrefix: $v }) { code } }`,
        field: 'indicators',
      },
      {
        name: 'rankings.regionPrefix',
        query: `query($v: String) { rankings(regionPrefix: $v, period: { year: 2025 }) { rows { unitCode } } }`,
        field: 'rankings',
      },
      { name: 'bulletins(regionPrefix)', query: `query($v: String) { bulletins(regionPrefix: $v) { id } }`, field: 'bulletins' },
      {
        name: 'screeningReports(unitCode)',
        query: `query($v: String!) { screeningReports(unitCode: $v) { id } }`,
        field: 'screeningReports',
      },
      { name: 'petition(id)', query: `query($v: ID!) { petition(id: $v) { id } }`, field: 'petition' },
      { name: 'case(id)', query: `query($v: ID!) { case(id: $v) { id } }`, field: 'case' },
      { name: 'hall(id)', query: `query($v: ID!) { hall(id: $v) { id } }`, field: 'hall' },
      {
        name: 'trackPetition(trackingNumber)',
        query: `query($v: String!) { trackPetition(trackingNumber: $v, accessCode: $v) { status } }`,
        field: 'trackPetition',
      },
      {
        name: 'checkDuplicates.summary',
        query: `query($v: String) { checkDuplicates(input: { summary: $v, involvedOrganization: $v }) { petition { id } } }`,
        field: 'checkDuplicates',
      },
      {
        name: 'checkDuplicates.idNumbers',
        query: `query($v: String!) { checkDuplicates(input: { idNumbers: [$v] }) { petition { id } } }`,
        field: 'checkDuplicates',
      },
    ];
    const SAFE_CODES = [
      'BAD_USER_INPUT',
      'FORBIDDEN',
      'NOT_FOUND',
      'TRACKING_NOT_FOUND',
      'HALL_NOT_FOUND',
      'UNIT_NOT_FOUND',
      'INVALID_ID_NUMBER',
    ];

    it.each(FILTERS)(
      'injection strings in $name are data: a coded refusal or nothing beyond the caller’s view',
      async ({ query, field }) => {
        // A Guangzhou clerk-leader-analyst: whatever a filter does, nothing of Hangzhou may come back.
        const t = await token({
          roles: ['CLERK', 'LEADER', 'ANALYST'],
          department: 'D-GZ-BUREAU',
          jurisdiction: '4401',
          subject: 'gz-mixed',
        });
        const hzIds = seeded.filter((s) => s.region === HZ).flatMap((s) => [s.petitionId, s.caseId]);
        for (const v of INJECTIONS) {
          const r = await call(t, query, { v });
          const text = JSON.stringify(r);
          if (r.errors) {
            const code = String(r.errors[0].extensions?.code);
            expect(SAFE_CODES.includes(code) ? 'a coded refusal' : `${code} for ${JSON.stringify(v)}`).toBe('a coded refusal');
          } else {
            expect(r.data[field] === null || typeof r.data[field] === 'object').toBe(true);
          }
          for (const id of hzIds) if (id) expect(text).not.toContain(id);
          expect(text).not.toMatch(/syntax error|relation|column|SQL|stack/i);
          if (field === 'petitions' && !r.errors) {
            expect(r.data.petitions.totalCount).toBeLessThanOrEqual(seeded.filter((s) => s.region === GZ).length);
          }
        }
      },
    );

    it('a joint session may not bring in the unit an accusation names (ACCUSED_UNIT_EXCLUDED), and nothing is recorded', async () => {
      const admin = await token({ roles: ['ADMIN', 'HALL_COORDINATOR'], jurisdiction: '3301', subject: 'hall-admin' });
      const accusation = seeded.find((s) => s.region === HZ && s.nature === 'ACCUSATION' && s.accused === 'D-EDU')!;
      const hall = await call(
        admin,
        `mutation { createHall(input: { code: "SEC-HALL", name: "安全测试大厅", regionCode: "330102" }) { id } }`,
      );
      expect(hall.errors).toBeUndefined();
      const hallId = hall.data.createHall.id;
      for (const [windowNo, code] of [
        ['1', 'D-HOUSING'],
        ['2', 'D-EDU'],
      ] as const) {
        const r = await call(admin, `mutation($i: StationInput!) { stationDepartment(input: $i) { id } }`, {
          i: { hallId, windowNo, departmentCode: code, label: code },
        });
        expect(r.errors).toBeUndefined();
      }
      await waitFor('reception knows the accusation', async () => {
        const db = new Client({ connectionString: `${PG_URL}/${p.database}` });
        await db.connect();
        const r = await db.query(`SELECT accused_department_code FROM reception.known_petition WHERE petition_id = $1`, [
          accusation.petitionId,
        ]);
        await db.end();
        return r.rows[0]?.accused_department_code === 'D-EDU';
      });
      const r = await call(admin, `mutation($i: ConveneJointSessionInput!) { conveneJointSession(input: $i) { id } }`, {
        i: { hallId, petitionId: accusation.petitionId, departmentCodes: ['D-HOUSING', 'D-EDU'] },
      });
      expectCode(r, 'ACCUSED_UNIT_EXCLUDED');
      expect(r.errors![0].extensions?.field).toBe('departmentCodes');
      const sessions = await call(
        admin,
        `query($h: ID!) { jointSessions(hallId: $h, period: { from: "2025-01-01", to: "2026-12-31" }) { id } }`,
        { h: hallId },
      );
      expect(sessions.data.jointSessions).toEqual([]);
      // The hall is new: count it into the unchanged-data baseline.
      before = await tables();
    });

    it('no accusation’s material, reporter or organisation is in any event on JetStream', async () => {
      for (const source of ['intake', 'case', 'hotspot', 'reception', 'assessment']) {
        const text = JSON.stringify(await p.streamEvents(source));
        for (const s of seeded.filter((x) => x.nature === 'ACCUSATION')) {
          expect(text).not.toContain(s.summary.slice(0, 8));
          expect(text).not.toContain('单位违规收费');
          expect(text).not.toContain(s.person.idNumber);
        }
      }
      // Nor its keyed terms: an accusation's registration carries no matter keys.
      const registered = await p.streamEvents('intake', 'intake.petition.registered');
      const accusations = registered.filter((e) => e.data.nature === 'ACCUSATION');
      expect(accusations.length).toBeGreaterThan(0);
      for (const e of accusations) expect(e.data.matterKeys ?? null).toBeNull();
      expect(registered.some((e) => Array.isArray(e.data.matterKeys) && e.data.matterKeys.length > 0)).toBe(true);
    });
  });

  it('at rest: petitioner rows hold no clear personal data; a rotated key encrypts new data while the old key still decrypts', async () => {
    const db = new Client({ connectionString: `${PG_URL}/${p.database}` });
    await db.connect();
    try {
      const rows = JSON.stringify((await db.query(`SELECT * FROM intake.petitioner`)).rows);
      for (const s of seeded)
        for (const v of [s.person.name, s.person.idNumber, s.person.phone, s.person.address]) expect(rows).not.toContain(v);
      expect(rows).toMatch(/"name_enc":"v1\.dev1\./);

      // Rotation: a second intake instance with a new active key k2 beside the old dev1.
      const k2 = Buffer.alloc(32, 7).toString('base64');
      const rotated = await startIntakeService({
        env: parseIntakeEnvironment({
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL: `${PG_URL}/${p.database}`,
          NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
          NATS_SUBJECT_PREFIX: p.prefix,
          PORT: '0',
          DB_POOL_SIZE: '2',
          PII_KEYS: `dev1:ZGV2LW9ubHktcGlpLWtleS0zMi1ieXRlcy1sb25nISE=,k2:${k2}`,
          PII_ACTIVE_KEY: 'k2',
        }),
        clock,
        logger: createLogger('intake-rotated', 'warn', {}, (line) => p.logLines.push(line)),
      });
      try {
        const clerk = await token({ roles: ['CLERK'], jurisdiction: '3301', department: 'D-BUREAU', subject: 'rotation-clerk' });
        const person = { name: '轮换测试人', idNumber: generateValidIdNumber(HZ, '1980-01-01', 901), phone: '13912345678' };
        const r = await call(
          clerk,
          `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { petition { id petitioners { name idNumber } } } }`,
          {
            input: {
              channel: 'LETTER',
              nature: 'GRIEVANCE',
              categoryCode: 'HOUSING_EXPROPRIATION',
              level: 'COUNTY',
              regionCode: HZ,
              summary: '密钥轮换后登记的信访件。',
              demands: '无',
              petitioners: [person],
            },
          },
          rotated.url,
        );
        expect(r.errors).toBeUndefined();
        expect(r.data.registerPetition.petition.petitioners).toEqual([
          { name: '轮****', idNumber: expect.stringMatching(/^330\*+\d{3}[\dX]$/) },
        ]);
        const [fresh] = (
          await db.query(
            `SELECT name_enc, id_number_enc FROM intake.petitioner pe JOIN intake.petition_petitioner pp ON pp.petitioner_id = pe.id WHERE pp.petition_id = $1`,
            [r.data.registerPetition.petition.id],
          )
        ).rows;
        expect([fresh.name_enc.split('.')[1], fresh.id_number_enc.split('.')[1]]).toEqual(['k2', 'k2']);
        // The old rows still read (masked) through the rotated instance.
        const old = await call(
          clerk,
          `query($id: ID!) { petition(id: $id) { petitioners { name } } }`,
          { id: seeded[0].petitionId },
          rotated.url,
        );
        expect(old.data.petition.petitioners[0].name).toMatch(/^密\*+$/);
        // The blind index does not depend on the encryption key: the same person is still found.
        const dup = await call(
          clerk,
          `query($v: [String!]) { checkDuplicates(input: { idNumbers: $v }) { petition { id } } }`,
          { v: [seeded.find((x) => x.region === HZ)!.person.idNumber] },
          rotated.url,
        );
        expect(dup.errors).toBeUndefined();
        expect(dup.data.checkDuplicates.length).toBeGreaterThan(0);
      } finally {
        await rotated.stop();
      }
    } finally {
      await db.end();
    }
  }, 60_000);

  it('personal data scan: no name, ID number, phone or address of the test data in logs, events, dead letters or responses', async () => {
    // Provoke the paths most likely to echo input: invalid ID numbers, a phone in a duplicate check,
    // a wrong tracking code, a malformed variable, and a poison event that lands in a dead letter.
    const clerk = await token({ roles: ['CLERK'], jurisdiction: '3301', department: 'D-BUREAU' });
    const victim = seeded[0].person;
    await call(clerk, `query($v: [String!]) { checkDuplicates(input: { idNumbers: $v }) { petition { id } } }`, {
      v: [victim.idNumber.slice(0, 17) + 'Z'],
    });
    await call(
      clerk,
      `query($v: [String!]) { checkDuplicates(input: { idNumbers: $v, summary: "${victim.phone}" }) { petition { id } } }`,
      { v: [victim.idNumber] },
    );
    await call(null, `query($t: String!, $a: String!) { trackPetition(trackingNumber: $t, accessCode: $a) { status } }`, {
      t: victim.phone,
      a: victim.idNumber,
    });
    await call(clerk, `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { petition { id } } }`, {
      input: {
        channel: 'LETTER',
        nature: 'GRIEVANCE',
        categoryCode: 'HOUSING_EXPROPRIATION',
        level: 'COUNTY',
        regionCode: HZ,
        summary: 'x',
        petitioners: [{ name: victim.name, idNumber: victim.idNumber.slice(0, 16) + '00', phone: victim.phone, address: victim.address }],
      },
    });
    await call(clerk, `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { petition { id } } }`, {
      input: {
        channel: 'LETTER',
        nature: 'GRIEVANCE',
        categoryCode: 'HOUSING_EXPROPRIATION',
        level: 'COUNTY',
        regionCode: HZ,
        summary: victim.address,
        petitioners: [{ name: victim.name, idNumber: 12345, phone: victim.phone }],
      },
    });
    const { connect } = await import('nats');
    const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    await nc
      .jetstream()
      .publish(
        `${p.prefix}intake.petition.registered`,
        new TextEncoder().encode(JSON.stringify({ id: 'poison', type: 'intake.petition.registered', data: { bad: true } })),
        { msgID: `poison-${p.id}` },
      );
    await nc.close();
    await waitFor(
      'poison message dead-lettered',
      async () => {
        const db = new Client({ connectionString: `${PG_URL}/${p.database}` });
        await db.connect();
        const r = await db.query(`SELECT count(*)::int AS n FROM cases.dead_letter`);
        await db.end();
        return r.rows[0].n > 0;
      },
      30_000,
    );

    const db = new Client({ connectionString: `${PG_URL}/${p.database}` });
    await db.connect();
    const sources: Record<string, string> = { logs: p.logLines.join('\n'), 'error responses': responses.join('\n') };
    for (const [schema, source] of [
      ['intake', 'intake'],
      ['cases', 'case'],
      ['hotspot', 'hotspot'],
      ['reception', 'reception'],
      ['assessment', 'assessment'],
    ]) {
      sources[`${schema}.dead_letter`] = JSON.stringify((await db.query(`SELECT * FROM "${schema}".dead_letter`)).rows);
      sources[`${schema}.outbox`] = JSON.stringify((await db.query(`SELECT * FROM "${schema}".outbox`)).rows);
      const audit = await db.query(`SELECT to_regclass($1) AS t`, [`"${schema}".audit_log`]);
      if (audit.rows[0].t) sources[`${schema}.audit_log`] = JSON.stringify((await db.query(`SELECT * FROM "${schema}".audit_log`)).rows);
      sources[`events:${source}`] = JSON.stringify(await p.streamEvents(source));
    }
    await db.end();
    const needles = seeded.flatMap((s) => [s.person.name, s.person.idNumber, s.person.phone, s.person.address]);
    const hits: string[] = [];
    for (const [where, text] of Object.entries(sources))
      for (const needle of needles) if (text.includes(needle)) hits.push(`${where}: ${needle.slice(0, 3)}…`);
    const scanned = Object.values(sources).reduce((n, t) => n + t.length, 0);
    console.log(
      `personal-data scan: ${needles.length} values × ${Object.keys(sources).length} sources (${scanned} characters): ${hits.length} hits`,
    );
    expect(hits).toEqual([]);
    expect(p.logLines.length).toBeGreaterThan(0);
  }, 60_000);
});
