import { SettableClock } from '@petition/clock';

import { letter, person, REGISTER, seedDepartments } from '../src/fixtures';
import type { Platform } from '../src/harness';
import { expectCode, startPlatform, token, waitFor } from '../src/harness';

// Bad input for every mutation (and the inputs of checkDuplicates, trackPetition and the lists):
// each is refused with a stable code and a Chinese message ending in "(CODE)", echoes no submitted
// value, and leaves nothing half-written: row counts, versions, outbox and timeline are unchanged.
describe('bad input for every mutation: a clear coded error, nothing half-written', () => {
  const clock = new SettableClock('2025-11-03T02:00:00Z'); // Monday 10:00 in China, no holiday near
  let p: Platform;
  let admin: string, clerk: string, supervisor: string, handlerA: string, handlerB: string, analyst: string;

  // Fixtures made before any refusal is tried, so no event is still in flight during a snapshot:
  // P1 and P2 routed to D-HOUSING (cases C1, C2), P3 and P4 registered only.
  let p1: string, p2: string, p3: string, p4: string, c1: string, c2: string;
  let tracking: { trackingNumber: string; accessCode: string };
  const returning = person('1970-01-20');

  const ROUTE = `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { id status } }`;
  const DECLINE = `mutation($i: DeclinePetitionInput!) { declinePetition(input: $i) { id status } }`;
  const LINK = `mutation($p: ID!, $o: ID!) { linkAsRepeat(petitionId: $p, originalPetitionId: $o) { id status } }`;
  const ACCEPT = `mutation($id: ID!) { acceptCase(caseId: $id) { id state } }`;
  const RETURN = `mutation($i: ReturnCaseInput!) { returnCase(input: $i) { id state } }`;
  const EXTEND = `mutation($i: ExtendCaseDeadlineInput!) { extendCaseDeadline(input: $i) { id state extensionDays } }`;
  const REPLY = `mutation($i: AnswerInput!) { replyToCase(input: $i) { id state } }`;
  const RATE = `mutation($i: RateCaseInput!) { rateCase(input: $i) { id state } }`;
  const REQUEST_REVIEW = `mutation($i: AppealRequestInput!) { requestReview(input: $i) { id state } }`;
  const DECIDE_REVIEW = `mutation($i: AnswerInput!) { decideReview(input: $i) { id state } }`;
  const REQUEST_REREVIEW = `mutation($i: AppealRequestInput!) { requestReReview(input: $i) { id state } }`;
  const DECIDE_REREVIEW = `mutation($i: AnswerInput!) { decideReReview(input: $i) { id state } }`;
  const SUPERVISE = `mutation($i: SuperviseCaseInput!) { superviseCase(input: $i) { id state } }`;
  const SCAN = `mutation { runOverdueScan { overdue closed } }`;

  type Result = {
    status: number;
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> & { code?: string } }>;
  };

  /** The refusal has the code, a field-free Chinese message, and none of the given values anywhere. */
  function refused(result: Result, code: string, mustNotContain: string[] = []) {
    expectCode(result, code);
    // No half-answer either: the refused field is null (or there is no data at all).
    for (const value of Object.values(result.data ?? {})) expect(value).toBeNull();
    const whole = JSON.stringify(result);
    for (const value of mustNotContain) expect(whole).not.toContain(value);
  }

  // ---- snapshots of everything a failed command could have written ------------------------------

  async function intakeState() {
    const [row] = await p.intake.dataSource.query(`SELECT
      (SELECT count(*)::int FROM intake.petition) AS petitions,
      (SELECT count(*)::int FROM intake.petitioner) AS petitioners,
      (SELECT count(*)::int FROM intake.petition_petitioner) AS links,
      (SELECT count(*)::int FROM intake.routing) AS routings,
      (SELECT count(*)::int FROM intake.outbox) AS outbox,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM intake.petition t) AS petition_rows,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM intake.petitioner t) AS petitioner_rows,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.code), '')) FROM intake.department t) AS departments,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.code), '')) FROM intake.category t) AS categories`);
    return row as Record<string, unknown>;
  }

  /** Runs the refused command and asserts intake holds exactly what it held before. */
  async function unchangedIntake<T>(work: () => Promise<T>): Promise<T> {
    const before = await intakeState();
    const result = await work();
    expect(await intakeState()).toEqual(before);
    return result;
  }

  async function caseState(caseId: string) {
    const [row] = await p.case.dataSource.query(
      `SELECT
        (SELECT version FROM cases."case" WHERE id = $1) AS version,
        (SELECT state FROM cases."case" WHERE id = $1) AS state,
        (SELECT row_to_json(c)::text FROM cases."case" c WHERE c.id = $1) AS case_row,
        (SELECT count(*)::int FROM cases.outbox) AS outbox,
        (SELECT count(*)::int FROM cases.timeline WHERE case_id = $1) AS timeline,
        (SELECT md5(coalesce(string_agg(d::text, '|' ORDER BY d.id), '')) FROM cases.deadline d WHERE d.case_id = $1) AS deadlines,
        (SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r.id), '')) FROM cases.reply r WHERE r.case_id = $1) AS replies,
        (SELECT count(*)::int FROM cases.appeal WHERE case_id = $1) AS appeals,
        (SELECT count(*)::int FROM cases.supervision) AS supervisions`,
      [caseId],
    );
    return row as { version: number; state: string; outbox: number; timeline: number } & Record<string, unknown>;
  }

  /** Runs the refused case command and asserts version, outbox, timeline and children are unchanged. */
  async function unchangedCase(caseId: string, work: () => Promise<unknown>) {
    const before = await caseState(caseId);
    await work();
    expect(await caseState(caseId)).toEqual(before);
    return before;
  }

  async function routeAndWait(petitionId: string) {
    const r = await p.gql(clerk, ROUTE, { i: { petitionId, mode: 'FORWARD', departmentCode: 'D-HOUSING' } });
    expect(r.errors).toBeUndefined();
    return waitFor('case opened', async () => {
      const q = await p.gql(handlerA, `query($id: ID!) { petition(id: $id) { case { id } } }`, { id: petitionId });
      return q.data?.petition?.case?.id as string | undefined;
    });
  }

  async function register(overrides: Record<string, unknown> = {}) {
    const r = await p.gql(clerk, REGISTER, { input: letter(overrides) });
    expect(r.errors).toBeUndefined();
    return r.data.registerPetition as { petition: { id: string }; trackingNumber: string; accessCode: string };
  }

  beforeAll(async () => {
    p = await startPlatform({ clock });
    admin = await token({ roles: ['ADMIN'], jurisdiction: '33' });
    clerk = await token({ roles: ['CLERK'], department: 'D-BUREAU', subject: 'clerk-1' });
    supervisor = await token({ roles: ['SUPERVISOR'], department: 'D-BUREAU', subject: 'supervisor-1' });
    handlerA = await token({ roles: ['HANDLER'], department: 'D-HOUSING', subject: 'handler-a' });
    handlerB = await token({ roles: ['HANDLER'], department: 'D-LABOUR', subject: 'handler-b' });
    analyst = await token({ roles: ['ANALYST'], subject: 'analyst-1' });
    await seedDepartments(p, admin);

    const first = await register({ petitioners: [returning] });
    tracking = first;
    p1 = first.petition.id;
    p2 = (await register()).petition.id;
    p3 = (await register()).petition.id;
    p4 = (await register()).petition.id;
    c1 = await routeAndWait(p1);
    c2 = await routeAndWait(p2);
    // Let both relays publish what the setup wrote, so only the commands under test move anything.
    await waitFor('outboxes drained', async () => {
      const [[i], [c]] = await Promise.all([
        p.intake.dataSource.query(`SELECT count(*)::int AS n FROM intake.outbox WHERE published_at IS NULL`),
        p.case.dataSource.query(`SELECT count(*)::int AS n FROM cases.outbox WHERE published_at IS NULL`),
      ]);
      return i.n === 0 && c.n === 0;
    });
  });
  afterAll(() => p?.stop());

  it('every mutation the gateway serves has its bad-input test (here, or named in this list)', async () => {
    const r = await p.gql(admin, `{ __schema { mutationType { fields { name } } } }`);
    const served = r.data.__schema.mutationType.fields.map((f: { name: string }) => f.name).sort();
    expect(served).toEqual(
      [
        'registerPetition',
        'linkAsRepeat',
        'routePetition',
        'declinePetition',
        'upsertDepartment',
        'defineCategory',
        'replayIntakeDeadLetter',
        // intake: bad input of revealPetitioner in security-audit.int.spec.ts ("revealPetitioner refuses …")
        'revealPetitioner',
        'acceptCase',
        'returnCase',
        'extendCaseDeadline',
        'replyToCase',
        'rateCase',
        'requestReview',
        'decideReview',
        'requestReReview',
        'decideReReview',
        'superviseCase',
        'runOverdueScan',
        'replayCaseDeadLetter',
        // hotspot-screening: bad input in screening.int.spec.ts ("bad input: a coded error and nothing written")
        'acknowledgeAlert',
        'assignAlertOwner',
        'clearAlert',
        'defineScreeningUnit',
        'defineSensitivePeriod',
        'submitScreeningReport',
        'submitZeroReport',
        'runScreeningScan',
        'linkRiskItem',
        'assignRiskItem',
        'resolveRiskItem',
        'verifyHotspotRebuild',
        'replayHotspotDeadLetter',
        // joint-reception: bad input in reception.int.spec.ts ("bad input: a coded error and nothing half-written")
        'createHall',
        'stationDepartment',
        'planDutyRoster',
        'checkInDuty',
        'checkOutDuty',
        'runDutyScan',
        'issueTicket',
        'triageTicket',
        'callNextTicket',
        'markTicketNoShow',
        'serveTicket',
        'conveneJointSession',
        'concludeJointSession',
        'scheduleLeaderReceptionDays',
        'bookAppointment',
        'recordAppointmentOutcome',
        'recordFieldVisit',
        'replayReceptionDeadLetter',
        // assessment: refusals in assessment.int.spec.ts ("refuses what it must")
        'defineRuleSet',
        'generateBulletin',
        'verifyAssessmentRebuild',
        'replayAssessmentDeadLetter',
      ].sort(),
    );
  });

  // ---- registerPetition ---------------------------------------------------------------------------

  describe('registerPetition', () => {
    const refuseRegistration = (input: Record<string, unknown>, code: string, mustNotContain: string[] = [], tok: string | null = clerk) =>
      unchangedIntake(async () => {
        const r = await p.gql(tok, REGISTER, { input });
        refused(r, code, mustNotContain);
        return r;
      });

    it('a wrong ID check digit → INVALID_ID_NUMBER, and the ID number appears nowhere in the answer or the logs', async () => {
      const good = person().idNumber;
      const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const r = await refuseRegistration(letter({ petitioners: [{ name: '张某', idNumber: bad }] }), 'INVALID_ID_NUMBER', [
        bad,
        bad.slice(0, 17),
        bad.slice(6, 14),
      ]);
      expect(r.errors![0].message).toContain('校验位错误');
      expect(r.errors![0].message).not.toContain(bad);
      expect(r.errors![0].extensions).toMatchObject({ field: 'petitioners.0.idNumber', reason: 'CHECK_DIGIT' });
      expect(p.logLines.join('\n')).not.toContain(bad);
    });

    it('other bad ID numbers → INVALID_ID_NUMBER naming the petitioner, never the number', async () => {
      const future = `330102${'2031'}0101001`;
      const cases: Array<[string, string]> = [
        ['33010219680315123', 'LENGTH'], // 17 characters
        ['0301021968031512X3', 'FORMAT'],
        [future + checkChar(future), 'BIRTH_DATE'],
        ['330102196802301234', 'BIRTH_DATE'], // 30 February
      ];
      for (const [idNumber, reason] of cases) {
        const r = await refuseRegistration(letter({ petitioners: [person(), { name: '李某', idNumber }] }), 'INVALID_ID_NUMBER', [
          idNumber,
        ]);
        expect(r.errors![0].extensions).toMatchObject({ field: 'petitioners.1.idNumber', reason });
        expect(r.errors![0].message).toContain('第2位信访人');
      }
      // Too short for the input's length rule: refused by validation, still without the value.
      const r = await refuseRegistration(letter({ petitioners: [{ name: '王某', idNumber: '1234567' }] }), 'BAD_USER_INPUT', ['1234567']);
      expect(r.errors![0].message).toContain('idNumber');
    });

    it('a collective visit without headcount → HEADCOUNT_REQUIRED; contradictory headcounts → BAD_USER_INPUT', async () => {
      await refuseRegistration(letter({ channel: 'VISIT', visitKind: 'COLLECTIVE' }), 'HEADCOUNT_REQUIRED');
      await refuseRegistration(letter({ channel: 'VISIT', visitKind: 'COLLECTIVE', headcount: 3 }), 'BAD_USER_INPUT');
      await refuseRegistration(letter({ channel: 'VISIT', visitKind: 'INDIVIDUAL', headcount: 8 }), 'BAD_USER_INPUT');
      await refuseRegistration(letter({ channel: 'VISIT', headcount: 1, petitioners: [person(), person()] }), 'BAD_USER_INPUT');
      // Six people listed on the form cannot be a visit of five.
      const fewer = await refuseRegistration(
        letter({
          channel: 'VISIT',
          visitKind: 'COLLECTIVE',
          headcount: 5,
          petitioners: [
            ...Array.from({ length: 5 }, () => ({ ...person(), isRepresentative: true })),
            { ...person(), isRepresentative: false },
          ],
        }),
        'BAD_USER_INPUT',
      );
      expect(fewer.errors![0]).toMatchObject({
        message: expect.stringContaining('人数少于登记的信访人数'),
        extensions: { field: 'headcount' },
      });
      await refuseRegistration(letter({ channel: 'VISIT', visitKind: 'COLLECTIVE', headcount: 0 }), 'BAD_USER_INPUT');
    });

    it('six representatives → TOO_MANY_REPRESENTATIVES', async () => {
      const six = Array.from({ length: 6 }, () => person());
      await refuseRegistration(
        letter({ channel: 'VISIT', visitKind: 'COLLECTIVE', headcount: 40, petitioners: six }),
        'TOO_MANY_REPRESENTATIVES',
        [six[0].idNumber],
      );
      // Counted from the flags: six listed, six flagged (by default) as representatives.
      await refuseRegistration(
        letter({ channel: 'VISIT', headcount: 40, petitioners: six.map((x) => ({ ...x, isRepresentative: true })) }),
        'TOO_MANY_REPRESENTATIVES',
      );
    });

    it('region 999999 → INVALID_REGION_CODE; outside the jurisdiction → FORBIDDEN; malformed → BAD_USER_INPUT', async () => {
      await refuseRegistration(letter({ regionCode: '999999' }), 'INVALID_REGION_CODE');
      await refuseRegistration(letter({ regionCode: '440305' }), 'FORBIDDEN');
      await refuseRegistration(letter({ regionCode: '3301' }), 'BAD_USER_INPUT');
    });

    it('unknown category → INVALID_CATEGORY, and the returning petitioner’s record is not touched', async () => {
      // P1's petitioner again, with a new phone: the category check fails inside the transaction, and
      // unchangedIntake compares every petitioner row (so the phone was not refreshed either).
      const r = await refuseRegistration(
        letter({ categoryCode: 'NO_SUCH_CATEGORY', petitioners: [{ ...returning, phone: '13999999999' }, person()] }),
        'INVALID_CATEGORY',
        [returning.idNumber, '13999999999'],
      );
      expect(r.errors![0].extensions).toMatchObject({ field: 'categoryCode' });
    });

    it('a too-short summary and other class-validator rules → BAD_USER_INPUT naming the field, not the value', async () => {
      const r = await refuseRegistration(letter({ summary: '太短了' }), 'BAD_USER_INPUT', ['太短了']);
      expect(r.errors![0].message).toContain('summary');
      expect(r.errors![0].extensions).toMatchObject({ fields: [{ path: 'summary', constraints: ['isLength'] }] });
      await refuseRegistration(letter({ demands: '' }), 'BAD_USER_INPUT');
      await refuseRegistration(letter({ petitioners: [] }), 'BAD_USER_INPUT');
      await refuseRegistration(letter({ petitioners: [{ ...person(), phone: 'call-me-13800001111' }] }), 'BAD_USER_INPUT', [
        'call-me-13800001111',
      ]);
      await refuseRegistration(letter({ headcount: 100001 }), 'BAD_USER_INPUT');
      await refuseRegistration(letter({ nature: 'ACCUSATION', accusedDepartmentCode: 'lower case!' }), 'BAD_USER_INPUT');
    });

    it('an unknown enum value passed as a variable → BAD_USER_INPUT, the value not echoed', async () => {
      const r = await refuseRegistration(letter({ channel: 'CARRIER_PIGEON' }), 'BAD_USER_INPUT', ['CARRIER_PIGEON']);
      expect(r.errors![0].message).toContain('channel');
      await refuseRegistration(letter({ level: 'GALAXY_LEVEL' }), 'BAD_USER_INPUT', ['GALAXY_LEVEL']);
      await refuseRegistration(letter({ headcount: 'many-people' }), 'BAD_USER_INPUT', ['many-people']);
      // A malformed DateTime is only checked by the subgraph (HTTP 400 there): still BAD_USER_INPUT, not a masked 500.
      const date = await refuseRegistration(letter({ receivedAt: 'yesterday-ish' }), 'BAD_USER_INPUT', ['yesterday-ish']);
      expect(date.errors![0].message).toContain('receivedAt');
      await refuseRegistration(letter({ receivedAt: '2025-02-30T00:00:00Z' }), 'BAD_USER_INPUT');
    });

    it('rule breaches checked by the service → coded errors', async () => {
      // Received in the future.
      await refuseRegistration(letter({ receivedAt: '2025-11-10T00:00:00Z' }), 'BAD_USER_INPUT');
      // The same person listed twice.
      const twice = person();
      await refuseRegistration(letter({ petitioners: [twice, { ...twice, name: '另一个名字' }] }), 'BAD_USER_INPUT', [twice.idNumber]);
      // An accused unit only on an accusation; an accused unit that does not exist.
      await refuseRegistration(letter({ accusedDepartmentCode: 'D-EDU' }), 'BAD_USER_INPUT');
      await refuseRegistration(letter({ nature: 'ACCUSATION', accusedDepartmentCode: 'D-NOWHERE' }), 'INVALID_DEPARTMENT');
    });

    it('anonymous → UNAUTHENTICATED; a handler or an analyst → FORBIDDEN', async () => {
      await refuseRegistration(letter(), 'UNAUTHENTICATED', [], null);
      await refuseRegistration(letter(), 'FORBIDDEN', [], handlerA);
      await refuseRegistration(letter(), 'FORBIDDEN', [], analyst);
    });
  });

  // ---- linkAsRepeat, routePetition, declinePetition --------------------------------------------------

  describe('linkAsRepeat', () => {
    it('to itself → REPEAT_OF_SELF; to a random uuid → PETITION_NOT_FOUND; a malformed id → PETITION_NOT_FOUND', async () => {
      await unchangedIntake(async () => {
        refused(await p.gql(clerk, LINK, { p: p3, o: p3 }), 'REPEAT_OF_SELF');
        refused(await p.gql(clerk, LINK, { p: p3, o: '0b7d2a8e-1c3f-4d5e-9a6b-7c8d9e0f1a2b' }), 'PETITION_NOT_FOUND');
        refused(await p.gql(clerk, LINK, { p: 'not-a-petition', o: p4 }), 'PETITION_NOT_FOUND');
        refused(await p.gql(clerk, LINK, { p: p3, o: "x' OR '1'='1" }), 'PETITION_NOT_FOUND');
        // A routed petition is being handled: it cannot become a repeat.
        refused(await p.gql(clerk, LINK, { p: p1, o: p3 }), 'INVALID_STATE');
        refused(await p.gql(handlerA, LINK, { p: p3, o: p4 }), 'FORBIDDEN');
      });
    });

    it('a loop through the chain → REPEAT_OF_SELF; linking twice → ALREADY_DECIDED', async () => {
      const linked = await p.gql(clerk, LINK, { p: p4, o: p3 });
      expect(linked.errors).toBeUndefined();
      await unchangedIntake(async () => {
        refused(await p.gql(clerk, LINK, { p: p3, o: p4 }), 'REPEAT_OF_SELF');
        refused(await p.gql(clerk, LINK, { p: p4, o: p3 }), 'ALREADY_DECIDED');
      });
    });
  });

  describe('routePetition', () => {
    const route = (i: Record<string, unknown>, tok = clerk) =>
      p.gql(tok, ROUTE, { i: { petitionId: p3, mode: 'FORWARD', departmentCode: 'D-HOUSING', ...i } });

    it('unknown department → INVALID_DEPARTMENT naming the field; ASSIGN without resultDays → BAD_USER_INPUT', async () => {
      await unchangedIntake(async () => {
        const r = await route({ departmentCode: 'D-NOWHERE' });
        refused(r, 'INVALID_DEPARTMENT');
        expect(r.errors![0].extensions).toMatchObject({ field: 'departmentCode' });
        const lead = await route({ leadDepartmentCode: 'D-NOWHERE' });
        refused(lead, 'INVALID_DEPARTMENT');
        expect(lead.errors![0].extensions).toMatchObject({ field: 'leadDepartmentCode' });
        const coop = await route({ cooperatingDepartmentCodes: ['D-LABOUR', 'D-NOWHERE'] });
        refused(coop, 'INVALID_DEPARTMENT');
        expect(coop.errors![0].extensions).toMatchObject({ field: 'cooperatingDepartmentCodes.1' });

        const assign = await route({ mode: 'ASSIGN' });
        refused(assign, 'BAD_USER_INPUT');
        expect(assign.errors![0].extensions).toMatchObject({ field: 'resultDays' });
        refused(await route({ mode: 'FORWARD', resultDays: 30 }), 'BAD_USER_INPUT');
        refused(await route({ mode: 'ASSIGN', resultDays: 91 }), 'BAD_USER_INPUT');
        refused(await route({ mode: 'ASSIGN', resultDays: 0 }), 'BAD_USER_INPUT');
        refused(await route({ cooperatingDepartmentCodes: ['D-HOUSING'] }), 'BAD_USER_INPUT');
        refused(await route({ departmentCode: 'bad code!' }), 'BAD_USER_INPUT', ['bad code!']);
        refused(await route({ mode: 'TELEPORT' }), 'BAD_USER_INPUT', ['TELEPORT']);
        refused(await route({ petitionId: '0b7d2a8e-1c3f-4d5e-9a6b-7c8d9e0f1a2b' }), 'PETITION_NOT_FOUND');
        refused(await route({}, handlerA), 'FORBIDDEN');
      });
    });

    it('routing twice → ALREADY_ROUTED; routing a linked repeat → ALREADY_DECIDED', async () => {
      await unchangedIntake(async () => {
        refused(await route({ petitionId: p1, departmentCode: 'D-LABOUR' }), 'ALREADY_ROUTED');
        refused(await route({ petitionId: p4 }), 'ALREADY_DECIDED');
      });
    });
  });

  describe('declinePetition', () => {
    const decline = (i: Record<string, unknown>) =>
      p.gql(clerk, DECLINE, { i: { petitionId: p3, reasonCode: 'OTHER', reason: '不属于信访事项', ...i } });

    it('LEGAL_CHANNEL without legalChannel → LEGAL_CHANNEL_REQUIRED; other bad input → coded errors', async () => {
      await unchangedIntake(async () => {
        const r = await decline({ reasonCode: 'LEGAL_CHANNEL' });
        refused(r, 'LEGAL_CHANNEL_REQUIRED');
        expect(r.errors![0].extensions).toMatchObject({ field: 'legalChannel' });
        refused(await decline({ reason: '否' }), 'BAD_USER_INPUT');
        refused(await decline({ reasonCode: 'BECAUSE_I_SAID_SO' }), 'BAD_USER_INPUT', ['BECAUSE_I_SAID_SO']);
        refused(await decline({ reasonCode: 'LEGAL_CHANNEL', legalChannel: 'DUEL' }), 'BAD_USER_INPUT', ['DUEL']);
        refused(await decline({ petitionId: p1 }), 'ALREADY_ROUTED');
        refused(await decline({ petitionId: p4 }), 'ALREADY_DECIDED');
        refused(await decline({ petitionId: 'nope' }), 'PETITION_NOT_FOUND');
        refused(await p.gql(handlerA, DECLINE, { i: { petitionId: p3, reasonCode: 'OTHER', reason: '越权' } }), 'FORBIDDEN');
      });
    });
  });

  // ---- reference data ---------------------------------------------------------------------------------

  describe('upsertDepartment and defineCategory', () => {
    const UPSERT = `mutation($i: DepartmentInput!) { upsertDepartment(input: $i) { code } }`;
    const DEFINE = `mutation($i: CategoryInput!) { defineCategory(input: $i) { code } }`;

    it('upsertDepartment by a clerk → FORBIDDEN; anonymous → UNAUTHENTICATED; bad values → coded errors', async () => {
      await unchangedIntake(async () => {
        const dept = { code: 'D-HOUSING', name: '被篡改的单位名', regionCode: '330102' };
        refused(await p.gql(clerk, UPSERT, { i: dept }), 'FORBIDDEN');
        refused(await p.gql(handlerA, UPSERT, { i: dept }), 'FORBIDDEN');
        refused(await p.gql(null, UPSERT, { i: dept }), 'UNAUTHENTICATED');
        refused(await p.gql(admin, UPSERT, { i: { ...dept, regionCode: '999999' } }), 'INVALID_REGION_CODE');
        refused(await p.gql(admin, UPSERT, { i: { ...dept, regionCode: '33' } }), 'BAD_USER_INPUT');
        refused(await p.gql(admin, UPSERT, { i: { ...dept, code: 'd housing' } }), 'BAD_USER_INPUT');
        refused(await p.gql(admin, UPSERT, { i: { ...dept, name: '' } }), 'BAD_USER_INPUT');
      });
    });

    it('defineCategory by a clerk → FORBIDDEN; unknown parent → INVALID_CATEGORY; itself as parent → BAD_USER_INPUT', async () => {
      await unchangedIntake(async () => {
        refused(await p.gql(clerk, DEFINE, { i: { code: 'NEW_CATEGORY', name: '新类别' } }), 'FORBIDDEN');
        refused(
          await p.gql(admin, DEFINE, { i: { code: 'NEW_CATEGORY', name: '新类别', parentCode: 'NO_SUCH_PARENT' } }),
          'INVALID_CATEGORY',
        );
        refused(
          await p.gql(admin, DEFINE, { i: { code: 'HOUSING_EXPROPRIATION', name: '房屋征收与拆迁', parentCode: 'HOUSING_EXPROPRIATION' } }),
          'BAD_USER_INPUT',
        );
        // A parent below the category itself would make a loop: 城乡建设 under its own child 物业管理.
        refused(
          await p.gql(admin, DEFINE, { i: { code: 'URBAN_RURAL_CONSTRUCTION', name: '城乡建设', parentCode: 'PROPERTY_MANAGEMENT' } }),
          'BAD_USER_INPUT',
        );
        refused(await p.gql(admin, DEFINE, { i: { code: 'lower_case', name: '小写' } }), 'BAD_USER_INPUT');
        refused(await p.gql(admin, DEFINE, { i: { code: 'NEW_CATEGORY', name: '' } }), 'BAD_USER_INPUT');
      });
    });
  });

  // ---- dead-letter replay (ADMIN only) ------------------------------------------------------------------

  describe('replayIntakeDeadLetter and replayCaseDeadLetter', () => {
    async function deadLetterState() {
      const q = (ds: typeof p.intake.dataSource, s: string) =>
        ds.query(`SELECT (SELECT count(*)::int FROM ${s}.dead_letter) AS dead, (SELECT count(*)::int FROM ${s}.dead_letter WHERE replayed_at IS NOT NULL) AS replayed,
                         (SELECT count(*)::int FROM ${s}.inbox) AS inbox, (SELECT count(*)::int FROM ${s}.inbox_position) AS positions`);
      return [await q(p.intake.dataSource, 'intake'), await q(p.case.dataSource, 'cases')];
    }

    it.each(['Intake', 'Case'])('replay%sDeadLetter: wrong role, no token, malformed or unknown id → coded errors', async (service) => {
      const replay = `mutation($id: ID!) { replay${service}DeadLetter(id: $id) { id outcome } }`;
      const list = `query($limit: Int) { ${service.toLowerCase()}DeadLetters(limit: $limit) { id } }`;
      const before = await deadLetterState();
      const someId = '0b7d2a8e-1c3f-4d5e-9a6b-7c8d9e0f1a2b';
      refused(await p.gql(clerk, replay, { id: someId }), 'FORBIDDEN');
      refused(await p.gql(supervisor, replay, { id: someId }), 'FORBIDDEN');
      refused(await p.gql(null, replay, { id: someId }), 'UNAUTHENTICATED');
      refused(await p.gql(admin, replay, { id: someId }), 'NOT_FOUND');
      for (const id of ['not-an-id', '', '-'.repeat(36), '0123456789abcdef0123456789abcdef0123', "' OR 1=1 --"]) {
        const r = await p.gql(admin, replay, { id });
        expect([id, r.errors?.[0]?.extensions?.code]).toEqual([id, 'NOT_FOUND']);
        refused(r, 'NOT_FOUND');
      }
      refused(await p.gql(admin, list, { limit: 0 }), 'BAD_USER_INPUT');
      refused(await p.gql(admin, list, { limit: 501 }), 'BAD_USER_INPUT');
      refused(await p.gql(clerk, list, {}), 'FORBIDDEN');
      expect(await deadLetterState()).toEqual(before);
    });
  });

  // ---- queries with input -------------------------------------------------------------------------------

  describe('checkDuplicates, trackPetition and the paged lists', () => {
    const CHECK = `query($i: CheckDuplicatesInput!) { checkDuplicates(input: $i) { score } }`;

    it('checkDuplicates: nothing to compare, a bad ID, a too-large limit, an unknown petition, the wrong role', async () => {
      refused(await p.gql(clerk, CHECK, { i: {} }), 'BAD_USER_INPUT');
      const good = person().idNumber;
      const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const r = await p.gql(clerk, CHECK, { i: { idNumbers: [good, bad] } });
      refused(r, 'INVALID_ID_NUMBER', [bad, good]);
      expect(r.errors![0].extensions).toMatchObject({ field: 'idNumbers.1' });
      refused(await p.gql(clerk, CHECK, { i: { summary: '拆迁补偿款', limit: 51 } }), 'BAD_USER_INPUT');
      refused(await p.gql(clerk, CHECK, { i: { petitionId: '0b7d2a8e-1c3f-4d5e-9a6b-7c8d9e0f1a2b' } }), 'PETITION_NOT_FOUND');
      refused(await p.gql(analyst, CHECK, { i: { summary: '拆迁补偿款' } }), 'FORBIDDEN');
      refused(await p.gql(null, CHECK, { i: { summary: '拆迁补偿款' } }), 'UNAUTHENTICATED');
    });

    it('trackPetition: a wrong code, a malformed or overlong number → TRACKING_NOT_FOUND (no hint which part was wrong)', async () => {
      const TRACK = `query($t: String!, $c: String!) { trackPetition(trackingNumber: $t, accessCode: $c) { status } }`;
      const wrongCode = await p.gql(null, TRACK, { t: tracking.trackingNumber, c: 'ZZZZZZZZ' });
      const wrongNumber = await p.gql(null, TRACK, { t: 'XF202511030000000', c: tracking.accessCode });
      refused(wrongCode, 'TRACKING_NOT_FOUND');
      refused(wrongNumber, 'TRACKING_NOT_FOUND');
      expect(wrongCode.errors![0].message).toBe(wrongNumber.errors![0].message);
      refused(await p.gql(null, TRACK, { t: '', c: '' }), 'TRACKING_NOT_FOUND');
      refused(await p.gql(null, TRACK, { t: 'X'.repeat(5000), c: 'Y'.repeat(5000) }), 'TRACKING_NOT_FOUND');
      refused(await p.gql(null, TRACK, { t: "XF' OR 1=1 --", c: 'x' }), 'TRACKING_NOT_FOUND');
    });

    it('petitions(first: 1000) → PAGE_TOO_LARGE; first 101, first 0, a bad `after` cursor or filter → BAD_USER_INPUT; the same for cases', async () => {
      const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const badCursors = [
        'garbage!!',
        Buffer.from('not json').toString('base64url'),
        cursor({ at: '2025-11-03T02:00:00.000Z' }),
        cursor(['not a date', '0b7d2a8e-1c3f-4d5e-9a6b-7c8d9e0f1a2b']),
        cursor(['2025-11-03T02:00:00.000Z', 'not-a-uuid']),
        cursor(['2025-11-03T02:00:00.000Z', 42]),
        cursor(['1', '0b7d2a8e-1c3f-4d5e-9a6b-7c8d9e0f1a2b']),
        cursor(['+275760-09-13T00:00:00.000Z', '0b7d2a8e-1c3f-4d5e-9a6b-7c8d9e0f1a2b']),
      ];
      for (const list of ['petitions', 'cases', 'overdueCases']) {
        const q = `query($first: Int, $after: String) { ${list}(first: $first, after: $after) { totalCount } }`;
        // Over the gateway's page limit: refused before planning; over the services' own (100): by the service.
        const big = await p.gql(supervisor, q, { first: 1000 });
        refused(big, 'PAGE_TOO_LARGE');
        expect(big.errors![0].extensions).toMatchObject({ field: 'first' });
        const over = await p.gql(supervisor, q, { first: 101 });
        refused(over, 'BAD_USER_INPUT');
        expect(over.errors![0].extensions).toMatchObject({ field: 'first' });
        refused(await p.gql(supervisor, q, { first: 0 }), 'BAD_USER_INPUT');
        refused(await p.gql(supervisor, q, { first: -5 }), 'BAD_USER_INPUT');
        for (const after of badCursors) {
          const r = await p.gql(supervisor, q, { after });
          expect([list, after, r.errors?.[0]?.extensions?.code]).toEqual([list, after, 'BAD_USER_INPUT']);
          refused(r, 'BAD_USER_INPUT');
        }
        refused(await p.gql(null, q, {}), 'UNAUTHENTICATED');
      }
      // A cursor from a real page still works (control).
      const page = await p.gql(supervisor, `{ petitions(first: 1) { pageInfo { endCursor } } }`);
      const next = await p.gql(supervisor, `query($a: String) { petitions(first: 1, after: $a) { totalCount } }`, {
        a: page.data.petitions.pageInfo.endCursor,
      });
      expect(next.errors).toBeUndefined();
      refused(await p.gql(supervisor, `{ petitions(filter: { regionPrefix: "abc" }) { totalCount } }`), 'BAD_USER_INPUT');
      refused(
        await p.gql(supervisor, `query($f: PetitionFilter) { petitions(filter: $f) { totalCount } }`, {
          f: { registeredFrom: 'last tuesday' },
        }),
        'BAD_USER_INPUT',
        ['last tuesday'],
      );
      refused(
        await p.gql(supervisor, `query($f: CaseFilterInput) { cases(filter: $f) { totalCount } }`, { f: { states: ['LOST'] } }),
        'BAD_USER_INPUT',
      );
    });
  });

  // ---- case mutations --------------------------------------------------------------------------------

  describe('case mutations', () => {
    const answer = (caseId: string, extra: Record<string, unknown> = {}) => ({
      i: { caseId, outcome: 'EXPLAIN', body: '经核查，答复如下。', ...extra },
    });
    const appeal = (caseId: string) => ({ i: { caseId, reason: '对答复意见不服' } });

    it('a malformed or unknown case id → CASE_NOT_FOUND for every case mutation', async () => {
      for (const id of ['not-a-case', '', '0b7d2a8e-1c3f-4d5e-9a6b-7c8d9e0f1a2b', "1' OR '1'='1"]) {
        await unchangedCase(c1, async () => {
          refused(await p.gql(handlerA, ACCEPT, { id }), 'CASE_NOT_FOUND');
          refused(await p.gql(handlerA, RETURN, { i: { caseId: id, reason: '不属本单位职责' } }), 'CASE_NOT_FOUND');
          refused(await p.gql(handlerA, EXTEND, { i: { caseId: id, days: 10, reason: '情况复杂' } }), 'CASE_NOT_FOUND');
          refused(await p.gql(handlerA, REPLY, answer(id)), 'CASE_NOT_FOUND');
          refused(await p.gql(clerk, RATE, { i: { caseId: id, satisfaction: 'SATISFIED' } }), 'CASE_NOT_FOUND');
          refused(await p.gql(clerk, REQUEST_REVIEW, appeal(id)), 'CASE_NOT_FOUND');
          refused(await p.gql(supervisor, DECIDE_REVIEW, answer(id)), 'CASE_NOT_FOUND');
          refused(await p.gql(clerk, REQUEST_REREVIEW, appeal(id)), 'CASE_NOT_FOUND');
          refused(await p.gql(supervisor, DECIDE_REREVIEW, answer(id)), 'CASE_NOT_FOUND');
          refused(await p.gql(supervisor, SUPERVISE, { i: { caseId: id, reason: '督办' } }), 'CASE_NOT_FOUND');
        });
      }
    });

    it('before acceptance: reply → REPLY_BEFORE_ACCEPTANCE; extend, rate and the appeal steps → INVALID_STATE', async () => {
      await unchangedCase(c1, async () => {
        refused(await p.gql(handlerA, REPLY, answer(c1)), 'REPLY_BEFORE_ACCEPTANCE');
        refused(await p.gql(handlerA, EXTEND, { i: { caseId: c1, days: 10, reason: '情况复杂' } }), 'INVALID_STATE');
        refused(await p.gql(clerk, RATE, { i: { caseId: c1, satisfaction: 'SATISFIED' } }), 'INVALID_STATE');
        refused(await p.gql(clerk, REQUEST_REVIEW, appeal(c1)), 'INVALID_STATE');
        refused(await p.gql(supervisor, DECIDE_REVIEW, answer(c1)), 'INVALID_STATE');
        refused(await p.gql(clerk, REQUEST_REREVIEW, appeal(c1)), 'INVALID_STATE');
        refused(await p.gql(supervisor, DECIDE_REREVIEW, answer(c1)), 'INVALID_STATE');
      });
    });

    it('the wrong role or department → FORBIDDEN / CASE_NOT_FOUND; anonymous → UNAUTHENTICATED', async () => {
      await unchangedCase(c1, async () => {
        refused(await p.gql(handlerA, SUPERVISE, { i: { caseId: c1, reason: '请加快办理' } }), 'FORBIDDEN');
        refused(await p.gql(clerk, SUPERVISE, { i: { caseId: c1, reason: '请加快办理' } }), 'FORBIDDEN');
        refused(await p.gql(clerk, ACCEPT, { id: c1 }), 'FORBIDDEN');
        refused(await p.gql(supervisor, REPLY, answer(c1)), 'FORBIDDEN');
        refused(await p.gql(handlerA, RATE, { i: { caseId: c1, satisfaction: 'SATISFIED' } }), 'FORBIDDEN');
        refused(await p.gql(handlerA, REQUEST_REVIEW, appeal(c1)), 'FORBIDDEN');
        refused(await p.gql(clerk, DECIDE_REVIEW, answer(c1)), 'FORBIDDEN');
        refused(await p.gql(handlerA, DECIDE_REREVIEW, answer(c1)), 'FORBIDDEN');
        refused(await p.gql(handlerB, ACCEPT, { id: c1 }), 'CASE_NOT_FOUND');
        refused(await p.gql(null, ACCEPT, { id: c1 }), 'UNAUTHENTICATED');
        refused(await p.gql(null, SUPERVISE, { i: { caseId: c1, reason: '请加快办理' } }), 'UNAUTHENTICATED');
      });
    });

    it('class-validator and enum rules on case inputs → BAD_USER_INPUT, values not echoed', async () => {
      await unchangedCase(c1, async () => {
        refused(await p.gql(handlerA, RETURN, { i: { caseId: c1, reason: '否' } }), 'BAD_USER_INPUT');
        refused(await p.gql(handlerA, EXTEND, { i: { caseId: c1, days: 0, reason: '情况复杂' } }), 'BAD_USER_INPUT');
        refused(await p.gql(handlerA, EXTEND, { i: { caseId: c1, days: 366, reason: '情况复杂' } }), 'BAD_USER_INPUT');
        refused(await p.gql(handlerA, REPLY, answer(c1, { body: '太短' })), 'BAD_USER_INPUT', ['太短']);
        refused(await p.gql(handlerA, REPLY, answer(c1, { outcome: 'MAYBE_LATER' })), 'BAD_USER_INPUT', ['MAYBE_LATER']);
        refused(await p.gql(clerk, RATE, { i: { caseId: c1, satisfaction: 'ECSTATIC' } }), 'BAD_USER_INPUT', ['ECSTATIC']);
        refused(await p.gql(clerk, REQUEST_REVIEW, { i: { caseId: c1, reason: '' } }), 'BAD_USER_INPUT');
        refused(await p.gql(supervisor, DECIDE_REREVIEW, answer(c1, { hearingDays: 91 })), 'BAD_USER_INPUT');
        // A hearing that does not count belongs to the re-review (art. 36), not to the review.
        refused(await p.gql(supervisor, DECIDE_REVIEW, answer(c1, { hearingDays: 5 })), 'BAD_USER_INPUT');
        refused(await p.gql(supervisor, SUPERVISE, { i: { caseId: c1, reason: '督办', respondByDays: 61 } }), 'BAD_USER_INPUT');
        refused(await p.gql(supervisor, SUPERVISE, { i: { caseId: c1, reason: '' } }), 'BAD_USER_INPUT');
      });
    });

    it('runOverdueScan by a clerk or handler → FORBIDDEN; anonymous → UNAUTHENTICATED', async () => {
      await unchangedCase(c1, async () => {
        refused(await p.gql(clerk, SCAN), 'FORBIDDEN');
        refused(await p.gql(handlerA, SCAN), 'FORBIDDEN');
        refused(await p.gql(null, SCAN), 'UNAUTHENTICATED');
      });
    });

    it('a returned case cannot be returned again, accepted or supervised → INVALID_STATE', async () => {
      const ok = await p.gql(handlerA, RETURN, { i: { caseId: c2, reason: '不属本单位职责' } });
      expect(ok.errors).toBeUndefined();
      expect(ok.data.returnCase.state).toBe('RETURNED');
      await unchangedCase(c2, async () => {
        refused(await p.gql(handlerA, RETURN, { i: { caseId: c2, reason: '再次退回' } }), 'INVALID_STATE');
        refused(await p.gql(handlerA, ACCEPT, { id: c2 }), 'INVALID_STATE');
        refused(await p.gql(supervisor, SUPERVISE, { i: { caseId: c2, reason: '督办' } }), 'INVALID_STATE');
      });
    });

    it('returnCase after 5 working days → RETURN_PERIOD_PASSED', async () => {
      // Received Monday 11-03: the five working days are 11-04..11-07 and 11-10.
      clock.set('2025-11-11T01:00:00Z'); // 09:00 on 11-11 in China: the window closed at the end of 11-10
      const before = await unchangedCase(c1, async () => {
        refused(await p.gql(handlerA, RETURN, { i: { caseId: c1, reason: '不属本单位职责' } }), 'RETURN_PERIOD_PASSED');
      });
      expect(before.state).toBe('AWAITING_ACCEPTANCE');
    });

    it('after acceptance: accept or return again → INVALID_STATE; days 31 → EXTENSION_TOO_LONG; a second extension → EXTENSION_ALREADY_USED', async () => {
      clock.set('2025-11-12T02:00:00Z');
      const accepted = await p.gql(handlerA, ACCEPT, { id: c1 });
      expect(accepted.errors).toBeUndefined();
      await unchangedCase(c1, async () => {
        refused(await p.gql(handlerA, ACCEPT, { id: c1 }), 'INVALID_STATE');
        refused(await p.gql(handlerA, RETURN, { i: { caseId: c1, reason: '不属本单位职责' } }), 'INVALID_STATE');
        const long = await p.gql(handlerA, EXTEND, { i: { caseId: c1, days: 31, reason: '情况复杂' } });
        refused(long, 'EXTENSION_TOO_LONG');
        expect(long.errors![0].extensions).toMatchObject({ field: 'days' });
        refused(await p.gql(handlerB, EXTEND, { i: { caseId: c1, days: 10, reason: '情况复杂' } }), 'CASE_NOT_FOUND');
        refused(await p.gql(clerk, RATE, { i: { caseId: c1, satisfaction: 'SATISFIED' } }), 'INVALID_STATE');
        refused(await p.gql(clerk, REQUEST_REVIEW, appeal(c1)), 'INVALID_STATE');
      });
      const extended = await p.gql(handlerA, EXTEND, { i: { caseId: c1, days: 10, reason: '情况复杂' } });
      expect(extended.errors).toBeUndefined();
      await unchangedCase(c1, async () => {
        refused(await p.gql(handlerA, EXTEND, { i: { caseId: c1, days: 5, reason: '再次延期' } }), 'EXTENSION_ALREADY_USED');
      });
    });

    it('after the reply: rating twice → ALREADY_RATED; decideReview none requested and requestReReview before a review → INVALID_STATE', async () => {
      clock.set('2025-11-13T02:00:00Z');
      const replied = await p.gql(handlerA, REPLY, answer(c1));
      expect(replied.errors).toBeUndefined();
      await unchangedCase(c1, async () => {
        refused(await p.gql(handlerA, REPLY, answer(c1)), 'INVALID_STATE');
        refused(await p.gql(handlerA, EXTEND, { i: { caseId: c1, days: 5, reason: '情况复杂' } }), 'INVALID_STATE');
        refused(await p.gql(supervisor, DECIDE_REVIEW, answer(c1)), 'INVALID_STATE');
        refused(await p.gql(clerk, REQUEST_REREVIEW, appeal(c1)), 'INVALID_STATE');
        refused(await p.gql(supervisor, DECIDE_REREVIEW, answer(c1)), 'INVALID_STATE');
      });
      const rated = await p.gql(clerk, RATE, { i: { caseId: c1, satisfaction: 'UNSATISFIED' } });
      expect(rated.errors).toBeUndefined();
      await unchangedCase(c1, async () => {
        refused(await p.gql(clerk, RATE, { i: { caseId: c1, satisfaction: 'SATISFIED' } }), 'ALREADY_RATED');
      });
    });

    it('requestReview more than 30 days after the reply → REVIEW_PERIOD_PASSED, before and after the scan closes the case', async () => {
      // Reply 11-13; the 30 days end 12-13, a Saturday, so the window runs to Monday 12-15.
      clock.set('2025-12-16T02:00:00Z');
      await unchangedCase(c1, async () => {
        refused(await p.gql(clerk, REQUEST_REVIEW, appeal(c1)), 'REVIEW_PERIOD_PASSED');
      });
      const scan = await p.gql(supervisor, SCAN);
      expect(scan.errors).toBeUndefined();
      expect(scan.data.runOverdueScan.closed).toBe(1);
      const closed = await caseState(c1);
      expect(closed.state).toBe('CLOSED');
      await unchangedCase(c1, async () => {
        refused(await p.gql(clerk, REQUEST_REVIEW, appeal(c1)), 'REVIEW_PERIOD_PASSED');
        refused(await p.gql(clerk, REQUEST_REREVIEW, appeal(c1)), 'REVIEW_PERIOD_PASSED');
        refused(await p.gql(supervisor, SUPERVISE, { i: { caseId: c1, reason: '督办' } }), 'INVALID_STATE');
        refused(await p.gql(clerk, RATE, { i: { caseId: c1, satisfaction: 'SATISFIED' } }), 'ALREADY_RATED');
        refused(await p.gql(handlerA, ACCEPT, { id: c1 }), 'INVALID_STATE');
      });
    });
  });
});

// ISO 7064 MOD 11-2, to build an ID number whose only fault is its birth date.
function checkChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return '10X98765432'[sum % 11];
}
