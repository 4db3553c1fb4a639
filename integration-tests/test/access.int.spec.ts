import { SignJWT } from 'jose';

import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '@petition/auth';
import { SettableClock } from '@petition/clock';

import { letter, person, REGISTER, seedDepartments } from '../src/fixtures';
import type { Platform } from '../src/harness';
import { expectCode, startPlatform, token, waitFor } from '../src/harness';

// A department-B token cannot read department-A's case by any path: the gateway's root fields,
// the Petition.case extension, and each subgraph's `_entities` called directly. The positive
// controls (A's handler, a supervisor of the jurisdiction) prove the paths do answer when allowed.
describe('a department-B token cannot read department-A case by any path', () => {
  const clock = new SettableClock('2025-11-03T02:00:00Z'); // Monday, no holiday near
  let p: Platform;
  let admin: string, clerk: string, supervisor: string, handlerA: string, handlerB: string;
  let otherCityClerk: string, analyst: string;
  let petitionId: string, caseId: string;

  const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Case { id state } ... on Petition { id case { id } cases { id } } } }`;
  const INTAKE_ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Petition { id summary status } } }`;
  const CASE_CONNECTION = `{ totalCount edges { node { id } } }`;
  const ids = (conn: { edges: Array<{ node: { id: string } }> }) => conn.edges.map((e) => e.node.id);

  beforeAll(async () => {
    p = await startPlatform({ clock });
    admin = await token({ roles: ['ADMIN'], jurisdiction: '33' });
    clerk = await token({ roles: ['CLERK'], department: 'D-BUREAU', subject: 'clerk-1' });
    supervisor = await token({ roles: ['SUPERVISOR'], department: 'D-BUREAU', subject: 'supervisor-1', jurisdiction: '3301' });
    handlerA = await token({ roles: ['HANDLER'], department: 'D-HOUSING', subject: 'handler-a' });
    handlerB = await token({ roles: ['HANDLER'], department: 'D-LABOUR', subject: 'handler-b' });
    otherCityClerk = await token({ roles: ['CLERK'], department: 'D-GZ-BUREAU', subject: 'clerk-gz', jurisdiction: '4401' });
    analyst = await token({ roles: ['ANALYST'], subject: 'analyst-1' });
    await seedDepartments(p, admin);

    const registered = await p.gql(clerk, REGISTER, { input: letter() });
    expect(registered.errors).toBeUndefined();
    petitionId = registered.data.registerPetition.petition.id;
    const routed = await p.gql(clerk, `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { status } }`, {
      i: { petitionId, mode: 'FORWARD', departmentCode: 'D-HOUSING' },
    });
    expect(routed.errors).toBeUndefined();
    caseId = await waitFor('case opened for D-HOUSING', async () => {
      const r = await p.gql(handlerA, `query($id: ID!) { petition(id: $id) { case { id } } }`, { id: petitionId });
      return r.data?.petition?.case?.id as string | undefined;
    });
  });
  afterAll(() => p?.stop());

  it("positive control: A's handler and a supervisor of jurisdiction 3301 see the petition and the case", async () => {
    for (const t of [handlerA, supervisor]) {
      const r = await p.gql(
        t,
        `query($p: ID!, $c: ID!) {
        petition(id: $p) { id case { id departmentCode } }
        case(id: $c) { id petition { id } }
        cases ${CASE_CONNECTION}
        petitions(first: 100) { totalCount edges { node { id } } }
      }`,
        { p: petitionId, c: caseId },
      );
      expect(r.errors).toBeUndefined();
      expect(r.data.petition).toEqual({ id: petitionId, case: { id: caseId, departmentCode: 'D-HOUSING' } });
      expect(r.data.case).toEqual({ id: caseId, petition: { id: petitionId } });
      expect(ids(r.data.cases)).toContain(caseId);
      expect(ids(r.data.petitions)).toContain(petitionId);
    }
    // The direct subgraph path answers A's token too (so the nulls below are refusals, not a broken query).
    const direct = await p.gql(
      handlerA,
      ENTITIES,
      {
        r: [
          { __typename: 'Case', id: caseId },
          { __typename: 'Petition', id: petitionId },
        ],
      },
      p.case.url,
    );
    expect(direct.errors).toBeUndefined();
    expect(direct.data._entities).toEqual([
      { __typename: 'Case', id: caseId, state: 'AWAITING_ACCEPTANCE' },
      { __typename: 'Petition', id: petitionId, case: { id: caseId }, cases: [{ id: caseId }] },
    ]);
    const intake = await p.gql(handlerA, INTAKE_ENTITIES, { r: [{ __typename: 'Petition', id: petitionId }] }, p.intake.url);
    expect(intake.errors).toBeUndefined();
    expect(intake.data._entities[0]).toMatchObject({ id: petitionId, status: 'ROUTED' });
  });

  it("department B's handler gets null or nothing through every gateway path", async () => {
    const r = await p.gql(
      handlerB,
      `query($p: ID!, $c: ID!) {
      case(id: $c) { id }
      cases ${CASE_CONNECTION}
      overdueCases ${CASE_CONNECTION}
      petition(id: $p) { id case { id } }
      petitions(first: 100) { totalCount edges { node { id } } }
    }`,
      { p: petitionId, c: caseId },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.case).toBeNull();
    expect(r.data.cases).toEqual({ totalCount: 0, edges: [] });
    expect(ids(r.data.overdueCases)).not.toContain(caseId);
    expect(r.data.petition).toBeNull();
    expect(ids(r.data.petitions)).not.toContain(petitionId);
    expect(r.data.petitions.totalCount).toBe(0);
    // Filters cannot widen the view: asking for D-HOUSING's cases by name still yields none.
    const filtered = await p.gql(handlerB, `{ cases(filter: { departmentCode: "D-HOUSING" }) ${CASE_CONNECTION} }`);
    expect(filtered.data.cases).toEqual({ totalCount: 0, edges: [] });
    // The bureau-only duplicate check is refused outright.
    expectCode(
      await p.gql(handlerB, `{ checkDuplicates(input: { summary: "城东片区旧城改造拆迁补偿款" }) { petition { id } } }`),
      'FORBIDDEN',
    );
  });

  it('an overdue case shows in overdueCases for A, never for B', async () => {
    // The acceptance deadline (15 days) has passed three weeks later.
    clock.set('2025-11-24T02:00:00Z');
    try {
      const a = await p.gql(handlerA, `{ overdueCases ${CASE_CONNECTION} }`);
      expect(ids(a.data.overdueCases)).toContain(caseId);
      const b = await p.gql(handlerB, `{ overdueCases ${CASE_CONNECTION} }`);
      expect(b.errors).toBeUndefined();
      expect(b.data.overdueCases).toEqual({ totalCount: 0, edges: [] });
    } finally {
      clock.set('2025-11-03T02:00:00Z');
    }
  });

  it("B's token on the case subgraph's _entities (bypassing the gateway) gets null and empty lists", async () => {
    const r = await p.gql(
      handlerB,
      ENTITIES,
      {
        r: [
          { __typename: 'Case', id: caseId },
          { __typename: 'Petition', id: petitionId },
        ],
      },
      p.case.url,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toEqual([null, { __typename: 'Petition', id: petitionId, case: null, cases: [] }]);
  });

  it("B's token on the intake subgraph's _entities gets null", async () => {
    const r = await p.gql(handlerB, INTAKE_ENTITIES, { r: [{ __typename: 'Petition', id: petitionId }] }, p.intake.url);
    expect(r.errors).toBeUndefined();
    expect(r.data._entities).toEqual([null]);
    expect(JSON.stringify(r)).not.toContain('拆迁');
  });

  it('_entities without a token is refused with UNAUTHENTICATED on both subgraphs', async () => {
    const onCase = await p.gql(null, ENTITIES, { r: [{ __typename: 'Case', id: caseId }] }, p.case.url);
    expectCode(onCase, 'UNAUTHENTICATED');
    expect(JSON.stringify(onCase.data ?? null)).not.toContain(caseId);
    const stub = await p.gql(null, ENTITIES, { r: [{ __typename: 'Petition', id: petitionId }] }, p.case.url);
    expectCode(stub, 'UNAUTHENTICATED');
    expect(JSON.stringify(stub.data ?? null)).not.toContain(caseId);
    const onIntake = await p.gql(null, INTAKE_ENTITIES, { r: [{ __typename: 'Petition', id: petitionId }] }, p.intake.url);
    expectCode(onIntake, 'UNAUTHENTICATED');
    expect(JSON.stringify(onIntake)).not.toContain('拆迁');
  });

  it('a token signed with the wrong secret, or expired, is refused with HTTP 401 and UNAUTHENTICATED', async () => {
    const forged = await new SignJWT({ roles: ['HANDLER', 'ADMIN', 'SUPERVISOR'], dept: 'D-HOUSING', jur: '' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('intruder')
      .setAudience(DEFAULT_AUDIENCE)
      .setIssuer(DEFAULT_ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-platform-secret-not-the-platform-secret'));
    const expired = await token({ roles: ['HANDLER'], department: 'D-HOUSING', subject: 'handler-a', expiresIn: '-1s' });
    const noneAlg = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'x', roles: ['ADMIN'], jur: '', aud: DEFAULT_AUDIENCE, iss: DEFAULT_ISSUER }),
    ).toString('base64url')}.`;

    for (const [name, bad, reason] of [
      ['forged', forged, '令牌无效'],
      ['expired', expired, '令牌已过期'],
      ['alg none', noneAlg, '令牌无效'],
    ] as const) {
      for (const [where, url, query] of [
        ['case', p.case.url, ENTITIES],
        ['intake', p.intake.url, INTAKE_ENTITIES],
        ['gateway', p.gateway.url, `query($r: [_Any!]!) { __typename }`],
      ] as const) {
        const r = await p.gql(
          bad,
          query,
          { r: [{ __typename: where === 'intake' ? 'Petition' : 'Case', id: where === 'intake' ? petitionId : caseId }] },
          url,
        );
        expect([name, where, r.status]).toEqual([name, where, 401]);
        expectCode(r, 'UNAUTHENTICATED');
        expect(r.errors![0].message).toContain(reason);
        expect(r.data).toBeUndefined();
      }
    }
    // A malformed Authorization header is refused the same way, not treated as anonymous.
    const res = await fetch(p.case.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwYXNz' },
      body: JSON.stringify({ query: ENTITIES, variables: { r: [{ __typename: 'Case', id: caseId }] } }),
    });
    expect(res.status).toBe(401);
    expectCode((await res.json()) as never, 'UNAUTHENTICATED');
  });

  it("department B cannot act on A's case: acceptCase is CASE_NOT_FOUND and nothing changes", async () => {
    const snapshot = () =>
      Promise.all([
        p.case.dataSource.query(`SELECT state, version FROM cases."case" WHERE id = $1`, [caseId]),
        p.case.dataSource.query(`SELECT count(*)::int AS n FROM cases.outbox`),
        p.case.dataSource.query(`SELECT count(*)::int AS n FROM cases.timeline WHERE case_id = $1`, [caseId]),
        p.case.dataSource.query(`SELECT kind, status, met_at FROM cases.deadline WHERE case_id = $1 ORDER BY id`, [caseId]),
      ]);
    const before = await snapshot();
    expectCode(await p.gql(handlerB, `mutation($id: ID!) { acceptCase(caseId: $id) { id state } }`, { id: caseId }), 'CASE_NOT_FOUND');
    expectCode(
      await p.gql(handlerB, `mutation($i: ReturnCaseInput!) { returnCase(input: $i) { id } }`, { i: { caseId, reason: '不属本单位职责' } }),
      'CASE_NOT_FOUND',
    );
    expectCode(
      await p.gql(handlerB, `mutation($i: AnswerInput!) { replyToCase(input: $i) { id } }`, {
        i: { caseId, outcome: 'SUPPORT', body: '越权答复的内容' },
      }),
      'CASE_NOT_FOUND',
    );
    // A's refusal says "no such case", exactly like an id that does not exist: no existence oracle.
    const missing = await p.gql(handlerB, `mutation($id: ID!) { acceptCase(caseId: $id) { id } }`, {
      id: '00000000-0000-4000-8000-000000000000',
    });
    expectCode(missing, 'CASE_NOT_FOUND');
    expect(await snapshot()).toEqual(before);
    expect(before[0][0]).toMatchObject({ state: 'AWAITING_ACCEPTANCE' });
  });

  it('a clerk whose jurisdiction is another city (4401) cannot see the petition or its case', async () => {
    const r = await p.gql(
      otherCityClerk,
      `query($p: ID!, $c: ID!) {
      petition(id: $p) { id }
      petitions(first: 100) { totalCount edges { node { id } } }
      case(id: $c) { id }
      cases ${CASE_CONNECTION}
      checkDuplicates(input: { summary: "我家房屋在城东片区旧城改造中被拆迁，拆迁补偿款至今没有发放" }) { petition { id } }
    }`,
      { p: petitionId, c: caseId },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.petition).toBeNull();
    expect(ids(r.data.petitions)).not.toContain(petitionId);
    expect(r.data.petitions.totalCount).toBe(0);
    expect(r.data.case).toBeNull();
    expect(r.data.cases.totalCount).toBe(0);
    expect(r.data.checkDuplicates).toEqual([]);
    // And it cannot act on it either.
    expectCode(
      await p.gql(otherCityClerk, `mutation($i: DeclinePetitionInput!) { declinePetition(input: $i) { id } }`, {
        i: { petitionId, reasonCode: 'OTHER', reason: '越权操作' },
      }),
      'PETITION_NOT_FOUND',
    );
  });

  it('an analyst sees no petitions and no cases (aggregates only)', async () => {
    const r = await p.gql(
      analyst,
      `query($p: ID!, $c: ID!) {
      petition(id: $p) { id }
      petitions(first: 100) { totalCount edges { node { id } } }
      case(id: $c) { id }
      cases ${CASE_CONNECTION}
      overdueCases ${CASE_CONNECTION}
    }`,
      { p: petitionId, c: caseId },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      petition: null,
      petitions: { totalCount: 0, edges: [] },
      case: null,
      cases: { totalCount: 0, edges: [] },
      overdueCases: { totalCount: 0, edges: [] },
    });
    const direct = await p.gql(
      analyst,
      ENTITIES,
      {
        r: [
          { __typename: 'Case', id: caseId },
          { __typename: 'Petition', id: petitionId },
        ],
      },
      p.case.url,
    );
    expect(direct.data._entities).toEqual([null, { __typename: 'Petition', id: petitionId, case: null, cases: [] }]);
    expectCode(await p.gql(analyst, `{ checkDuplicates(input: { summary: "拆迁补偿款" }) { score } }`), 'FORBIDDEN');
  });

  describe('an accusation against D-EDU', () => {
    const secretSummary = '举报区教育局某科室负责人在校舍维修工程招标中收受施工方财物，涉嫌违规指定中标单位。';
    const secretDemands = '请求纪检监察机关依法调查处理。';
    let accusationId: string;
    let reporter: ReturnType<typeof person>;
    let eduClerk: string;

    beforeAll(async () => {
      eduClerk = await token({ roles: ['CLERK'], department: 'D-EDU', subject: 'edu-clerk', jurisdiction: '3301' });
      reporter = person('1975-06-01');
      const r = await p.gql(clerk, REGISTER, {
        input: letter({
          nature: 'ACCUSATION',
          categoryCode: 'EDUCATION',
          accusedDepartmentCode: 'D-EDU',
          involvedOrganization: null,
          summary: secretSummary,
          demands: secretDemands,
          petitioners: [reporter],
        }),
      });
      expect(r.errors).toBeUndefined();
      accusationId = r.data.registerPetition.petition.id;
    });

    it('cannot be routed to the accused unit, as responsible, lead or cooperating department (ROUTING_TO_SELF)', async () => {
      const route = `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { id status } }`;
      const before = await p.intake.dataSource.query(`SELECT count(*)::int AS n FROM intake.outbox`);
      expectCode(
        await p.gql(clerk, route, { i: { petitionId: accusationId, mode: 'FORWARD', departmentCode: 'D-EDU' } }),
        'ROUTING_TO_SELF',
      );
      expectCode(
        await p.gql(clerk, route, {
          i: { petitionId: accusationId, mode: 'FORWARD', departmentCode: 'D-HOUSING', leadDepartmentCode: 'D-EDU' },
        }),
        'ROUTING_TO_SELF',
      );
      expectCode(
        await p.gql(clerk, route, {
          i: { petitionId: accusationId, mode: 'FORWARD', departmentCode: 'D-HOUSING', cooperatingDepartmentCodes: ['D-EDU'] },
        }),
        'ROUTING_TO_SELF',
      );
      expect(await p.intake.dataSource.query(`SELECT count(*)::int AS n FROM intake.outbox`)).toEqual(before);
      expect(
        await p.intake.dataSource.query(`SELECT count(*)::int AS n FROM intake.routing WHERE petition_id = $1`, [accusationId]),
      ).toEqual([{ n: 0 }]);
    });

    it('routed to D-HOUSING, a D-EDU clerk of the jurisdiction reads it without the material or the reporter', async () => {
      const routed = await p.gql(clerk, `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { status } }`, {
        i: { petitionId: accusationId, mode: 'FORWARD', departmentCode: 'D-HOUSING' },
      });
      expect(routed.errors).toBeUndefined();
      const accusationCaseId = await waitFor('accusation case opened', async () => {
        const r = await p.gql(handlerA, `query($id: ID!) { petition(id: $id) { summary case { id } } }`, { id: accusationId });
        return r.data?.petition?.case?.id as string | undefined;
      });
      // Control: the responsible department (not accused) reads the material.
      const control = await p.gql(handlerA, `query($id: ID!) { petition(id: $id) { summary demands petitioners { idNumber } } }`, {
        id: accusationId,
      });
      expect(control.data.petition.summary).toBe(secretSummary);
      expect(control.data.petition.petitioners).toHaveLength(1);

      const PETITION_FIELDS = `id nature accusedDepartmentCode involvedOrganization summary demands petitioners { name idNumber phone } case { id } cases { id }`;
      const r = await p.gql(
        eduClerk,
        `query($id: ID!, $c: ID!) {
        petition(id: $id) { ${PETITION_FIELDS} }
        petitions(first: 100) { edges { node { ${PETITION_FIELDS} } } }
        case(id: $c) { id }
      }`,
        { id: accusationId, c: accusationCaseId },
      );
      expect(r.errors).toBeUndefined();
      expect(r.data.petition).toMatchObject({
        id: accusationId,
        nature: 'ACCUSATION',
        involvedOrganization: null,
        summary: null,
        demands: null,
        petitioners: [],
        case: null,
        cases: [],
      });
      // Nor may the accused unit decide anything on it.
      expectCode(
        await p.gql(eduClerk, `mutation($i: DeclinePetitionInput!) { declinePetition(input: $i) { id } }`, {
          i: { petitionId: accusationId, reasonCode: 'OTHER', reason: '不予受理' },
        }),
        'FORBIDDEN',
      );
      const listed = r.data.petitions.edges.find((e: { node: { id: string } }) => e.node.id === accusationId);
      expect(listed.node).toMatchObject({ summary: null, demands: null, petitioners: [] });
      expect(r.data.case).toBeNull();

      // Directly against the subgraphs with the accused unit's token.
      const intake = await p.gql(
        eduClerk,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Petition { id summary demands petitioners { name } } } }`,
        {
          r: [{ __typename: 'Petition', id: accusationId }],
        },
        p.intake.url,
      );
      expect(intake.data._entities).toEqual([{ id: accusationId, summary: null, demands: null, petitioners: [] }]);
      const onCase = await p.gql(
        eduClerk,
        ENTITIES,
        {
          r: [
            { __typename: 'Case', id: accusationCaseId },
            { __typename: 'Petition', id: accusationId },
          ],
        },
        p.case.url,
      );
      expect(onCase.data._entities).toEqual([null, { __typename: 'Petition', id: accusationId, case: null, cases: [] }]);

      const everything = JSON.stringify([r, intake, onCase]);
      for (const secret of [secretSummary, secretDemands, reporter.name, reporter.idNumber, reporter.idNumber.slice(-4), reporter.phone]) {
        expect(everything).not.toContain(secret);
      }
    });

    it("the accused unit's duplicate check neither finds the accusation nor confirms who reported it", async () => {
      const r = await p.gql(
        eduClerk,
        `query($i: CheckDuplicatesInput!) { checkDuplicates(input: $i) { petition { id summary } reasons score textSimilarity } }`,
        {
          i: { idNumbers: [reporter.idNumber], summary: secretSummary, demands: secretDemands },
        },
      );
      expect(r.errors).toBeUndefined();
      expect(r.data.checkDuplicates.map((c: { petition: { id: string } }) => c.petition.id)).not.toContain(accusationId);
      // Control: the bureau's own clerk does find it by the same person and text.
      const control = await p.gql(clerk, `query($i: CheckDuplicatesInput!) { checkDuplicates(input: $i) { petition { id } reasons } }`, {
        i: { idNumbers: [reporter.idNumber], summary: secretSummary },
      });
      expect(control.data.checkDuplicates.map((c: { petition: { id: string } }) => c.petition.id)).toContain(accusationId);

      // Nor may it use the accusation itself as the probe (its hidden reporter and text would be matched).
      const other = await p.gql(clerk, REGISTER, { input: letter({ petitioners: [reporter] }) });
      expect(other.errors).toBeUndefined();
      const byId = `query($id: ID!) { checkDuplicates(input: { petitionId: $id }) { petition { id } reasons } }`;
      const probe = await p.gql(eduClerk, byId, { id: accusationId });
      expectCode(probe, 'FORBIDDEN');
      expect(JSON.stringify(probe)).not.toContain(other.data.registerPetition.petition.id);
      const bureau = await p.gql(clerk, byId, { id: accusationId });
      expect(bureau.data.checkDuplicates.map((c: { petition: { id: string } }) => c.petition.id)).toContain(
        other.data.registerPetition.petition.id,
      );
    });
  });
});
