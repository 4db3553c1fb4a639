import { connect, type NatsConnection } from 'nats';

import { SettableClock } from '@petition/clock';
import { streamName } from '@petition/events';

import { letter, REGISTER, seedDepartments } from '../src/fixtures';
import type { Platform } from '../src/harness';
import { expectCode, startPlatform, token, waitFor } from '../src/harness';

// Supervision and re-routing: the overdue scan, supervision notices, a lapsed appeal window,
// and a return that sends the matter back to intake to be routed to the right unit.
describe('supervision, overdue scan and return for re-routing', () => {
  const clock = new SettableClock('2025-11-03T02:00:00Z');
  let p: Platform;
  let nc: NatsConnection;
  let clerk: string, supervisor: string, handlerA: string, handlerB: string;

  beforeAll(async () => {
    p = await startPlatform({ clock });
    nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    clerk = await token({ roles: ['CLERK'], department: 'D-BUREAU' });
    supervisor = await token({ roles: ['SUPERVISOR'], department: 'D-BUREAU', subject: 'supervisor-9' });
    handlerA = await token({ roles: ['HANDLER'], department: 'D-HOUSING' });
    handlerB = await token({ roles: ['HANDLER'], department: 'D-LABOUR' });
    await seedDepartments(p, await token({ roles: ['ADMIN'], jurisdiction: '33' }));
  });
  afterAll(async () => {
    await nc?.close();
    await p?.stop();
  });

  async function routedCase(department: string, handler: string) {
    const r = await p.gql(clerk, REGISTER, { input: letter() });
    const petitionId = r.data.registerPetition.petition.id;
    await p.gql(clerk, `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { id } }`, {
      i: { petitionId, mode: 'FORWARD', departmentCode: department },
    });
    const caseId = await waitFor(
      'case opened',
      async () =>
        (await p.gql(handler, `query($id: ID!) { petition(id: $id) { case { id } } }`, { id: petitionId })).data?.petition?.case?.id,
    );
    return {
      petitionId,
      caseId: caseId as string,
      trackingNumber: r.data.registerPetition.trackingNumber,
      accessCode: r.data.registerPetition.accessCode,
    };
  }

  async function caseEvents(type: string): Promise<Array<{ aggregateId: string; data: Record<string, unknown> }>> {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(streamName(p.prefix, 'case'));
    const found = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(streamName(p.prefix, 'case'), { seq }).catch(() => null);
      if (m && m.subject === `${p.prefix}${type}`) found.push(m.json<{ aggregateId: string; data: Record<string, unknown> }>());
    }
    return found;
  }

  it('flags a missed acceptance deadline once, lists it as overdue, and records a supervision notice', async () => {
    clock.set('2025-11-03T02:00:00Z');
    const { caseId } = await routedCase('D-HOUSING', handlerA);
    // Acceptance is due 15 days after receipt: 2025-11-18. On the 19th it is overdue.
    clock.set('2025-11-19T02:00:00Z');
    const scan = await p.gql(supervisor, `mutation { runOverdueScan { overdue closed } }`);
    expect(scan.errors).toBeUndefined();
    expect(scan.data.runOverdueScan.overdue).toBeGreaterThanOrEqual(1);
    // A second scan does not flag it again.
    const again = await p.gql(supervisor, `mutation { runOverdueScan { overdue } }`);
    expect(again.data.runOverdueScan.overdue).toBe(0);

    await p.case.relay.flush();
    const overdueEvents = (await caseEvents('case.case.overdue')).filter((e) => e.aggregateId === caseId);
    expect(overdueEvents).toHaveLength(1);
    expect(overdueEvents[0].data).toMatchObject({ deadlineKind: 'ACCEPTANCE', dueOn: '2025-11-18', departmentCode: 'D-HOUSING' });

    const listed = await p.gql(supervisor, `{ overdueCases(first: 50) { edges { node { id overdue deadlines { kind overdue } } } } }`);
    const mine = listed.data.overdueCases.edges.find((e: { node: { id: string } }) => e.node.id === caseId);
    expect(mine.node.overdue).toBe(true);
    // The other department does not see it among its overdue cases.
    const other = await p.gql(handlerB, `{ overdueCases(first: 50) { totalCount } }`);
    expect(other.data.overdueCases.totalCount).toBe(0);

    const supervised = await p.gql(
      supervisor,
      `mutation($i: SuperviseCaseInput!) { superviseCase(input: $i) { supervisions { issuedBy reason respondBy } timeline { action actor } } }`,
      {
        i: { caseId, reason: '超期未受理，请立即办理并报告', respondByDays: 3 },
      },
    );
    expect(supervised.errors).toBeUndefined();
    expect(supervised.data.superviseCase.supervisions).toEqual([
      { issuedBy: 'supervisor-9', reason: '超期未受理，请立即办理并报告', respondBy: '2025-11-24' },
    ]);
    expect(supervised.data.superviseCase.timeline.map((t: { action: string }) => t.action)).toEqual(['OPENED', 'SCAN', 'SUPERVISE']);
    // Accepting late is still possible, and the acceptance event says it was late.
    const accepted = await p.gql(handlerA, `mutation($id: ID!) { acceptCase(caseId: $id) { deadlines { kind status overdue } } }`, {
      id: caseId,
    });
    expect(accepted.data.acceptCase.deadlines.find((d: { kind: string }) => d.kind === 'ACCEPTANCE')).toMatchObject({
      status: 'MET',
      overdue: true,
    });
    await p.case.relay.flush();
    const acceptedEvent = (await caseEvents('case.case.accepted')).find((e) => e.aggregateId === caseId)!;
    expect(acceptedEvent.data.onTime).toBe(false);
  });

  it('closes a case whose review window lapsed; a late review request is refused', async () => {
    clock.set('2025-11-03T02:00:00Z');
    const { caseId } = await routedCase('D-HOUSING', handlerA);
    await p.gql(handlerA, `mutation($id: ID!) { acceptCase(caseId: $id) { id } }`, { id: caseId });
    await p.gql(handlerA, `mutation($i: AnswerInput!) { replyToCase(input: $i) { id } }`, {
      i: { caseId, outcome: 'SUPPORT', body: '补偿款已于本月发放到位。' },
    });
    // Review request window: 30 days from 2025-11-03 → 2025-12-03.
    clock.set('2025-12-04T02:00:00Z');
    expectCode(
      await p.gql(clerk, `mutation($i: AppealRequestInput!) { requestReview(input: $i) { id } }`, { i: { caseId, reason: '不服' } }),
      'REVIEW_PERIOD_PASSED',
    );
    const scan = await p.gql(supervisor, `mutation { runOverdueScan { closed } }`);
    expect(scan.data.runOverdueScan.closed).toBeGreaterThanOrEqual(1);
    const c = await p.gql(supervisor, `query($id: ID!) { case(id: $id) { state closedReason } }`, { id: caseId });
    expect(c.data.case).toEqual({ state: 'CLOSED', closedReason: 'APPEAL_PERIOD_LAPSED' });
    expectCode(
      await p.gql(clerk, `mutation($i: AppealRequestInput!) { requestReview(input: $i) { id } }`, { i: { caseId, reason: '不服' } }),
      'REVIEW_PERIOD_PASSED',
    );
  });

  it('a return within 5 working days sends the matter back to intake, which routes it to the right unit', async () => {
    clock.set('2025-11-03T02:00:00Z');
    const { petitionId, caseId, trackingNumber, accessCode } = await routedCase('D-HOUSING', handlerA);
    clock.set('2025-11-07T02:00:00Z');
    const returned = await p.gql(handlerA, `mutation($i: ReturnCaseInput!) { returnCase(input: $i) { state returnReason } }`, {
      i: { caseId, reason: '拖欠工资事项不属本局职责，应由人社局办理' },
    });
    expect(returned.errors).toBeUndefined();
    expect(returned.data.returnCase.state).toBe('RETURNED');
    // Intake learns it from case.case.returned and the petition can be routed again.
    await waitFor(
      'petition returned in intake',
      async () =>
        (await p.gql(clerk, `query($id: ID!) { petition(id: $id) { status } }`, { id: petitionId })).data?.petition?.status === 'RETURNED',
    );
    const rerouted = await p.gql(
      clerk,
      `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { status routings { departmentCode returnedAt returnReason } } }`,
      {
        i: { petitionId, mode: 'FORWARD', departmentCode: 'D-LABOUR' },
      },
    );
    expect(rerouted.errors).toBeUndefined();
    expect(rerouted.data.routePetition.routings).toEqual([
      expect.objectContaining({ departmentCode: 'D-HOUSING', returnReason: '拖欠工资事项不属本局职责，应由人社局办理' }),
      expect.objectContaining({ departmentCode: 'D-LABOUR', returnedAt: null }),
    ]);
    const newCase = await waitFor('second case opened', async () => {
      const r = await p.gql(handlerB, `query($id: ID!) { petition(id: $id) { case { id departmentCode state } } }`, { id: petitionId });
      return r.data?.petition?.case;
    });
    expect(newCase).toMatchObject({ departmentCode: 'D-LABOUR', state: 'AWAITING_ACCEPTANCE' });
    expect(newCase.id).not.toBe(caseId);
    // The housing bureau no longer sees the petition (its routing was returned).
    expect((await p.gql(handlerA, `query($id: ID!) { petition(id: $id) { id } }`, { id: petitionId })).data.petition).toBeNull();
    // The petitioner sees the hand-over.
    const tracked = await p.gql(
      null,
      `query($t: String!, $c: String!) { trackPetition(trackingNumber: $t, accessCode: $c) { status routings { departmentName } } }`,
      { t: trackingNumber, c: accessCode },
    );
    expect(tracked.data.trackPetition.routings.map((r: { departmentName: string }) => r.departmentName)).toEqual([
      '区住房和城乡建设局',
      '区人力资源和社会保障局',
    ]);

    // A second return after 5 working days is refused: received 2025-11-07 (Fri) → due 2025-11-14.
    clock.set('2025-11-17T02:00:00Z');
    expectCode(
      await p.gql(handlerB, `mutation($i: ReturnCaseInput!) { returnCase(input: $i) { id } }`, {
        i: { caseId: newCase.id, reason: '也不属本局职责' },
      }),
      'RETURN_PERIOD_PASSED',
    );
  });
});
