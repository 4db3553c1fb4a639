import { SettableClock } from '@petition/clock';

import { letter, person, REGION, REGISTER, seedDepartments } from '../src/fixtures';
import type { Platform } from '../src/harness';
import { expectCode, startPlatform, token, waitFor } from '../src/harness';

// The whole journey of DOMAIN.md's rules through the gateway, on real PostgreSQL and NATS.
// Dates are China civil dates; the 2025 National Day holiday (10-01..10-08, 10-11 a working Saturday)
// moves the routing deadline and is skipped by the 5-working-day return window.
describe('a petition from letter to re-review, through the gateway', () => {
  const clock = new SettableClock('2025-09-20T02:00:00Z');
  let p: Platform;
  let admin: string, clerk: string, supervisor: string, handlerA: string, handlerB: string;

  beforeAll(async () => {
    p = await startPlatform({ clock });
    admin = await token({ roles: ['ADMIN'], jurisdiction: '33' });
    clerk = await token({ roles: ['CLERK'], department: 'D-BUREAU', subject: 'clerk-1' });
    supervisor = await token({ roles: ['SUPERVISOR'], department: 'D-BUREAU', subject: 'supervisor-1' });
    handlerA = await token({ roles: ['HANDLER'], department: 'D-HOUSING', subject: 'handler-a' });
    handlerB = await token({ roles: ['HANDLER'], department: 'D-LABOUR', subject: 'handler-b' });
    await seedDepartments(p, admin);
  });
  afterAll(() => p?.stop());

  const CASE_FIELDS = `id state extensionDays deadlines { kind dueOn status rule overdue } replies { stage outcome onTime satisfaction } appeals { stage hearingDays }`;
  const at = (iso: string) => clock.set(iso);

  it('registers, flags and links a repeat, routes, and runs the case to NO_LONGER_ACCEPTED', async () => {
    const petitioner = person();
    // 1. A letter, received on Saturday 2025-09-20.
    const first = await p.gql(clerk, REGISTER, { input: letter({ petitioners: [petitioner] }) });
    expect(first.errors).toBeUndefined();
    const original = first.data.registerPetition;
    expect(original.trackingNumber).toMatch(/^XF20250920\d{7}$/);
    expect(original.accessCode).toHaveLength(8);
    expect(original.petition.status).toBe('REGISTERED');
    // 15 days end on 10-05, inside the National Day holiday: moved to the next working day.
    expect(original.petition.routingDueOn).toBe('2025-10-09');
    expect(original.petition.routingDueRule).toContain('moved to next working day 2025-10-09');
    // Personal data is masked in every read.
    expect(original.petition.petitioners[0].idNumber).toBe(`${petitioner.idNumber.slice(0, 3)}***********${petitioner.idNumber.slice(-4)}`);
    expect(original.petition.petitioners[0].name).not.toBe(petitioner.name);

    // 2. Two days later the same person writes again, in other words, about the same matter.
    at('2025-09-22T03:00:00Z');
    const second = await p.gql(clerk, REGISTER, {
      input: letter({
        petitioners: [{ ...petitioner, name: petitioner.name }],
        summary: '城东旧城改造征收了我家的房子，补偿款一直没有发放，找了指挥部好几次都没人管。',
        demands: '要求发放征收补偿款。',
      }),
    });
    expect(second.errors).toBeUndefined();
    const repeat = second.data.registerPetition;
    const flagged = repeat.duplicateCandidates.find((c: { petition: { id: string } }) => c.petition.id === original.petition.id);
    expect(flagged).toBeDefined();
    expect(flagged.likelyRepeat).toBe(true);
    expect(flagged.reasons).toEqual(expect.arrayContaining(['SAME_PETITIONER', 'SIMILAR_TEXT', 'SAME_ORGANIZATION']));

    const linked = await p.gql(
      clerk,
      `mutation($p: ID!, $o: ID!) { linkAsRepeat(petitionId: $p, originalPetitionId: $o) { id status repeatOf { id } } }`,
      {
        p: repeat.petition.id,
        o: original.petition.id,
      },
    );
    expect(linked.errors).toBeUndefined();
    expect(linked.data.linkAsRepeat).toMatchObject({ status: 'LINKED_AS_REPEAT', repeatOf: { id: original.petition.id } });
    // A repeat is not routed again: no second case.
    expectCode(
      await p.gql(clerk, `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { id } }`, {
        i: { petitionId: repeat.petition.id, mode: 'FORWARD', departmentCode: 'D-HOUSING' },
      }),
      'ALREADY_DECIDED',
    );

    // 3. Forwarded on Monday 2025-09-29 to the housing bureau.
    at('2025-09-29T02:00:00Z');
    const routed = await p.gql(
      clerk,
      `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { status routings { departmentCode withinDeadline } } }`,
      {
        i: { petitionId: original.petition.id, mode: 'FORWARD', departmentCode: 'D-HOUSING' },
      },
    );
    expect(routed.errors).toBeUndefined();
    expect(routed.data.routePetition).toMatchObject({
      status: 'ROUTED',
      routings: [{ departmentCode: 'D-HOUSING', withinDeadline: true }],
    });

    // 4. The case opens from intake.petition.routed via JetStream; the handler sees it through Petition.case.
    const opened = await waitFor('case opened', async () => {
      const r = await p.gql(handlerA, `query($id: ID!) { petition(id: $id) { id status case { ${CASE_FIELDS} } } }`, {
        id: original.petition.id,
      });
      return r.data?.petition?.case;
    });
    expect(opened.state).toBe('AWAITING_ACCEPTANCE');
    const due = (c: { deadlines: Array<{ kind: string; dueOn: string; status: string }> }, kind: string) =>
      c.deadlines.filter((d) => d.kind === kind).pop()!;
    expect(due(opened, 'ACCEPTANCE').dueOn).toBe('2025-10-14');
    // 5 working days: 09-30, 10-09, 10-10, Saturday 10-11 (adjusted working day), 10-13.
    expect(due(opened, 'RETURN').dueOn).toBe('2025-10-13');
    const caseId = opened.id;

    // Another department's handler cannot read it.
    expect((await p.gql(handlerB, `query($id: ID!) { case(id: $id) { id } }`, { id: caseId })).data.case).toBeNull();

    // 5. Replying before accepting is refused; accepted on 2025-10-09.
    at('2025-10-09T02:00:00Z');
    const early = await p.gql(handlerA, `mutation($i: AnswerInput!) { replyToCase(input: $i) { id } }`, {
      i: { caseId, outcome: 'EXPLAIN', body: '答复正文内容' },
    });
    expectCode(early, 'REPLY_BEFORE_ACCEPTANCE');
    const accepted = await p.gql(handlerA, `mutation($id: ID!) { acceptCase(caseId: $id) { ${CASE_FIELDS} } }`, { id: caseId });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.acceptCase.state).toBe('IN_PROGRESS');
    expect(due(accepted.data.acceptCase, 'HANDLING').dueOn).toBe('2025-12-08');

    // 6. One extension of 30 days; a second is refused.
    const extend = `mutation($i: ExtendCaseDeadlineInput!) { extendCaseDeadline(input: $i) { ${CASE_FIELDS} } }`;
    const extended = await p.gql(handlerA, extend, { i: { caseId, days: 30, reason: '涉及多个地块的补偿测算，情况复杂' } });
    expect(extended.errors).toBeUndefined();
    expect(extended.data.extendCaseDeadline.extensionDays).toBe(30);
    expect(due(extended.data.extendCaseDeadline, 'HANDLING').dueOn).toBe('2026-01-07');
    expectCode(await p.gql(handlerA, extend, { i: { caseId, days: 10, reason: '再次延期' } }), 'EXTENSION_ALREADY_USED');

    // 7. Reply (on time), then the petitioner's rating: UNSATISFIED.
    at('2025-12-01T02:00:00Z');
    const replied = await p.gql(handlerA, `mutation($i: AnswerInput!) { replyToCase(input: $i) { ${CASE_FIELDS} } }`, {
      i: { caseId, outcome: 'EXPLAIN', body: '经核查，补偿款已列入第四季度拨付计划，将于12月底前发放。' },
    });
    expect(replied.errors).toBeUndefined();
    expect(replied.data.replyToCase.state).toBe('REPLIED');
    expect(replied.data.replyToCase.replies[0]).toMatchObject({ stage: 'HANDLING', outcome: 'EXPLAIN', onTime: true });
    expect(due(replied.data.replyToCase, 'REVIEW_REQUEST').dueOn).toBe('2025-12-31');
    const rated = await p.gql(clerk, `mutation($i: RateCaseInput!) { rateCase(input: $i) { replies { satisfaction } } }`, {
      i: { caseId, satisfaction: 'UNSATISFIED' },
    });
    expect(rated.errors).toBeUndefined();
    expect(rated.data.rateCase.replies[0].satisfaction).toBe('UNSATISFIED');

    // 8. Review: requested within 30 days, decided.
    at('2025-12-10T02:00:00Z');
    const reviewRequested = await p.gql(clerk, `mutation($i: AppealRequestInput!) { requestReview(input: $i) { ${CASE_FIELDS} } }`, {
      i: { caseId, reason: '对答复意见不服，申请复查' },
    });
    expect(reviewRequested.errors).toBeUndefined();
    expect(reviewRequested.data.requestReview.state).toBe('REVIEW_REQUESTED');
    expect(due(reviewRequested.data.requestReview, 'REVIEW_DECISION').dueOn).toBe('2026-01-09');
    at('2025-12-20T02:00:00Z');
    const reviewed = await p.gql(supervisor, `mutation($i: AnswerInput!) { decideReview(input: $i) { ${CASE_FIELDS} } }`, {
      i: { caseId, outcome: 'NOT_SUPPORT', body: '复查认为原处理意见正确，维持原意见。' },
    });
    expect(reviewed.errors).toBeUndefined();
    expect(reviewed.data.decideReview.state).toBe('REVIEW_DECIDED');
    expect(due(reviewed.data.decideReview, 'REREVIEW_REQUEST').dueOn).toBe('2026-01-19');

    // 9. Re-review: 30 days from 2026-01-05 end 02-04; a 5-day hearing does not count, so 02-09.
    at('2026-01-05T02:00:00Z');
    const reReviewRequested = await p.gql(clerk, `mutation($i: AppealRequestInput!) { requestReReview(input: $i) { state } }`, {
      i: { caseId, reason: '对复查意见不服，申请复核' },
    });
    expect(reReviewRequested.errors).toBeUndefined();
    at('2026-02-06T02:00:00Z');
    const reReviewed = await p.gql(supervisor, `mutation($i: AnswerInput!) { decideReReview(input: $i) { ${CASE_FIELDS} closedReason } }`, {
      i: { caseId, outcome: 'NOT_SUPPORT', body: '经听证，复核维持复查意见。', hearingDays: 5 },
    });
    expect(reReviewed.errors).toBeUndefined();
    const closed = reReviewed.data.decideReReview;
    expect(closed).toMatchObject({ state: 'CLOSED', closedReason: 'REREVIEW_DECIDED' });
    expect(due(closed, 'REREVIEW_DECISION')).toMatchObject({ dueOn: '2026-02-09', status: 'MET' });
    expect(closed.replies.map((r: { stage: string; onTime: boolean }) => [r.stage, r.onTime])).toEqual([
      ['HANDLING', true],
      ['REVIEW', true],
      ['REREVIEW', true],
    ]);

    // 10. After the re-review the same matter is no longer accepted.
    expectCode(
      await p.gql(clerk, `mutation($i: AppealRequestInput!) { requestReReview(input: $i) { id } }`, { i: { caseId, reason: '再次申请' } }),
      'NO_LONGER_ACCEPTED',
    );
    expectCode(
      await p.gql(clerk, `mutation($i: AppealRequestInput!) { requestReview(input: $i) { id } }`, { i: { caseId, reason: '再次申请' } }),
      'NO_LONGER_ACCEPTED',
    );

    // 11. The petitioner follows it with the tracking number and access code, no login.
    const tracked = await waitFor('intake sees the case closed', async () => {
      const r = await p.gql(
        null,
        `query($t: String!, $c: String!) { trackPetition(trackingNumber: $t, accessCode: $c) { status statusLabel progress { kind label dueOn outcome } } }`,
        {
          t: original.trackingNumber,
          c: original.accessCode,
        },
      );
      return r.data?.trackPetition?.status === 'CLOSED' ? r.data.trackPetition : null;
    });
    expect(tracked.progress.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'accepted',
      'extended',
      'replied',
      'rated',
      'reviewRequested',
      'reviewDecided',
      'reviewRequested',
      'reviewDecided',
      'closed',
    ]);
    expect(JSON.stringify(tracked)).not.toContain(petitioner.name);
    // Personal data is encrypted at rest and appears in no event and no log line.
    const stored = JSON.stringify(await p.intake.dataSource.query(`SELECT * FROM intake.petitioner`));
    const published = JSON.stringify([
      ...(await p.intake.dataSource.query(`SELECT envelope FROM intake.outbox`)),
      ...(await p.case.dataSource.query(`SELECT envelope FROM cases.outbox`)),
    ]);
    for (const secret of [petitioner.name, petitioner.idNumber, petitioner.phone]) {
      expect(stored).not.toContain(secret);
      expect(published).not.toContain(secret);
      expect(p.logLines.join('\n')).not.toContain(secret);
    }

    const wrong = await p.gql(
      null,
      `query { trackPetition(trackingNumber: "${original.trackingNumber}", accessCode: "AAAAAAAA") { status } }`,
    );
    expectCode(wrong, 'TRACKING_NOT_FOUND');

    // 12. A neighbour brings the same matter in other words: the check says its re-review has
    // concluded (不再受理, art. 36), with the evidence, so the clerk can decline it as NO_LONGER_ACCEPTED.
    const again = await p.gql(
      clerk,
      `query($i: CheckDuplicatesInput!) { checkDuplicates(input: $i) { petition { id } reasons matchedTerms { kind term } } }`,
      {
        i: {
          summary: '城東片區舊城改造把我家房子拆了，拆遷補償款到現在一分錢沒給，指揮部沒人管。',
          demands: '要求發放補償款',
          regionCode: REGION,
        },
      },
    );
    expect(again.errors).toBeUndefined();
    const concluded = again.data.checkDuplicates.find((c: { petition: { id: string } }) => c.petition.id === original.petition.id);
    expect(concluded.reasons).toEqual(expect.arrayContaining(['SIMILAR_TEXT', 'CONCLUDED_AFTER_REREVIEW']));
    expect(concluded.matchedTerms).toEqual(expect.arrayContaining([{ kind: 'SUBJECT', term: '补偿' }]));
  });
});
