import { randomUUID } from 'crypto';
import { execFileSync } from 'child_process';
import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';

import { connect, type NatsConnection } from 'nats';

import { SettableClock } from '@petition/clock';
import type { EventData, EventType } from '@petition/events';
import { createEnvelope, sourceOf } from '@petition/events';

import { expectCode, startPlatform, token, waitFor, NATS_URL, type Platform } from '../src/harness';

// The assessment read model fed with generated events on the real broker, reproducing the figures
// of the source documents exactly (DOMAIN.md: city report 002, township rules 003).
describe('assessment: escalation statistics, indicators, township scores, bulletin, rebuild', () => {
  const clock = new SettableClock('2026-01-05T02:00:00Z');
  let p: Platform;
  let nc: NatsConnection;
  let analyst: string;
  let supervisor: string;
  let published = 0;
  const ids: Record<string, string> = {};

  async function publish<T extends EventType>(
    type: T,
    aggregateId: string,
    aggregateVersion: number,
    occurredAt: string,
    data: EventData<T>,
  ) {
    const envelope = createEnvelope(sourceOf(type), { type, aggregateId, aggregateVersion, occurredAt: new Date(occurredAt), data });
    await nc.jetstream().publish(`${p.prefix}${type}`, JSON.stringify(envelope), { msgID: envelope.id });
    published++;
    return envelope;
  }

  let seq = 0;
  async function petition(o: {
    level: 'NATIONAL' | 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP';
    kind: 'INDIVIDUAL' | 'COLLECTIVE';
    people: number;
    at: string;
    region: string;
    category?: string;
    channel?: 'VISIT' | 'LETTER';
  }) {
    const id = randomUUID();
    seq++;
    const envelope = await publish('intake.petition.registered', id, 1, o.at, {
      petitionId: id,
      trackingNumber: `XF${String(seq).padStart(15, '0')}`,
      channel: o.channel ?? 'VISIT',
      visitKind: o.kind,
      headcount: o.people,
      nature: 'GRIEVANCE',
      categoryCode: o.category ?? 'OTHER',
      level: o.level,
      skipLevel: false,
      regionCode: o.region,
      involvedOrganization: null,
      registeredAt: o.at,
      repeatOfPetitionId: null,
    });
    return { id, eventId: envelope.id };
  }

  /** `batches` collective visits with `people` in all (5 or more each), spread over the year's months. */
  async function collective(level: 'NATIONAL' | 'PROVINCE' | 'CITY', year: number, batches: number, people: number, category = 'OTHER') {
    for (let i = 0; i < batches; i++) {
      const size = Math.floor(people / batches) + (i < people % batches ? 1 : 0);
      const month = String((i % 12) + 1).padStart(2, '0');
      await petition({ level, kind: 'COLLECTIVE', people: size, at: `${year}-${month}-10T02:00:00Z`, region: '330106', category });
    }
  }

  beforeAll(async () => {
    p = await startPlatform({ clock });
    nc = await connect({ servers: NATS_URL });
    analyst = await token({ roles: ['ANALYST'], subject: 'analyst-1', jurisdiction: '3301' });
    supervisor = await token({ roles: ['SUPERVISOR'], subject: 'sup-1', jurisdiction: '3301' });

    // City report 002: collective visits to Beijing, the province and the city, this year and last.
    await collective('NATIONAL', 2025, 15, 75, 'URBAN_RURAL_CONSTRUCTION');
    await collective('NATIONAL', 2025, 13, 65, 'LABOUR_SOCIAL_SECURITY');
    await collective('NATIONAL', 2025, 6, 30, 'LAND_RESOURCES');
    await collective('NATIONAL', 2025, 29, 146, 'OTHER');
    await collective('NATIONAL', 2024, 49, 363);
    await collective('PROVINCE', 2025, 169, 1930);
    await collective('PROVINCE', 2024, 140, 1802);
    await collective('CITY', 2025, 149, 3902);
    await collective('CITY', 2024, 171, 3780);

    // Township rules 003, June 2025, three townships of district 330102.
    const T1 = '330102001';
    const T2 = '330102002';
    const T3 = '330102003';
    // T1: a village reports a collective-visit signal on 1 June; the matter reaches the city on 12 June.
    await publish('hotspot.report.submitted', randomUUID(), 1, '2025-06-01T03:00:00Z', {
      reportId: (ids.report = randomUUID()),
      unitCode: `${T1}001`,
      unitLevel: 'VILLAGE',
      periodKey: 'W2025-22',
      zeroReport: false,
      riskItems: 1,
      dueAt: '2025-06-06T09:00:00Z',
      submittedAt: '2025-06-01T03:00:00Z',
      onTime: true,
    });
    ids.risk = randomUUID();
    await publish('hotspot.riskItem.reported', ids.risk, 1, '2025-06-01T03:00:00Z', {
      riskItemId: ids.risk,
      reportId: ids.report,
      unitCode: `${T1}001`,
      categoryCode: 'LABOUR_SOCIAL_SECURITY',
      estimatedPeople: 20,
      collectiveSignal: true,
      reportedAt: '2025-06-01T03:00:00Z',
    });
    const t1County = await petition({ level: 'COUNTY', kind: 'INDIVIDUAL', people: 1, at: '2025-06-03T02:00:00Z', region: T1 });
    const t1City = await petition({ level: 'CITY', kind: 'COLLECTIVE', people: 20, at: '2025-06-12T02:00:00Z', region: T1 });
    ids.t1County = t1County.eventId;
    ids.t1City = t1City.eventId;
    const link = await publish('hotspot.riskItem.linked', ids.risk, 2, '2025-06-12T05:00:00Z', {
      riskItemId: ids.risk,
      unitCode: `${T1}001`,
      petitionId: t1City.id,
      hotspotId: null,
      linkedAt: '2025-06-12T05:00:00Z',
    });
    ids.link = link.id;
    // T2: an individual visit to the city whose assigned case goes overdue; a village misses its weekly report.
    const t2City = await petition({ level: 'CITY', kind: 'INDIVIDUAL', people: 1, at: '2025-06-05T02:00:00Z', region: T2 });
    ids.t2City = t2City.eventId;
    // Routed to the township's office: the petition moves to that department in the rollups.
    await publish('intake.petition.routed', t2City.id, 2, '2025-06-06T01:00:00Z', {
      petitionId: t2City.id,
      trackingNumber: 'XF000000000000000',
      channel: 'VISIT',
      visitKind: 'INDIVIDUAL',
      headcount: 1,
      nature: 'GRIEVANCE',
      categoryCode: 'OTHER',
      level: 'CITY',
      skipLevel: false,
      regionCode: T2,
      involvedOrganization: null,
      registeredAt: '2025-06-05T02:00:00Z',
      routingId: randomUUID(),
      mode: 'ASSIGN',
      departmentCode: 'D-TOWN-2',
      leadDepartmentCode: null,
      cooperatingDepartmentCodes: [],
      accusedDepartmentCode: null,
      resultDueOn: '2025-06-20',
      routedAt: '2025-06-06T01:00:00Z',
      routedWithinDeadline: true,
    });
    const caseId = randomUUID();
    await publish('case.case.opened', caseId, 1, '2025-06-06T02:00:00Z', {
      caseId,
      petitionId: t2City.id,
      mode: 'ASSIGN',
      departmentCode: 'D-TOWN-2',
      leadDepartmentCode: null,
      cooperatingDepartmentCodes: [],
      regionCode: T2,
      categoryCode: 'OTHER',
      acceptanceDueOn: '2025-06-21',
      openedAt: '2025-06-06T02:00:00Z',
    });
    await publish('case.case.accepted', caseId, 2, '2025-06-09T02:00:00Z', {
      caseId,
      petitionId: t2City.id,
      acceptedAt: '2025-06-09T02:00:00Z',
      handlingDueOn: '2025-06-20',
      onTime: true,
    });
    const overdue = await publish('case.case.overdue', caseId, 3, '2025-06-21T00:05:00Z', {
      caseId,
      petitionId: t2City.id,
      deadlineKind: 'RESULT',
      dueOn: '2025-06-20',
      departmentCode: 'D-TOWN-2',
      detectedAt: '2025-06-21T00:05:00Z',
    });
    ids.overdue = overdue.id;
    const missed = await publish('hotspot.report.missed', randomUUID(), 1, '2025-06-13T09:01:00Z', {
      unitCode: `${T2}001`,
      unitLevel: 'VILLAGE',
      periodKey: 'W2025-24',
      dueAt: '2025-06-13T09:00:00Z',
      detectedAt: '2025-06-13T09:01:00Z',
    });
    ids.missed = missed.id;
    // T3: a collective visit to the province: veto for the year.
    ids.t3Province = (await petition({ level: 'PROVINCE', kind: 'COLLECTIVE', people: 8, at: '2025-06-20T02:00:00Z', region: T3 })).eventId;

    await waitFor(
      'the read model to hold every petition',
      async () => {
        const [row] = await p.assessment.dataSource.query(`SELECT count(*)::int AS n FROM assessment.petition_fact`);
        return row.n === 63 + 49 + 169 + 140 + 149 + 171 + 4;
      },
      60_000,
    );
    await waitFor('case and screening facts', async () => {
      const [row] = await p.assessment.dataSource.query(
        `SELECT (SELECT count(*) FROM assessment.case_fact WHERE overdue_at IS NOT NULL)::int AS overdue,
                (SELECT count(*) FROM assessment.screening_fact WHERE missed_event_id IS NOT NULL)::int AS missed,
                (SELECT count(*) FROM assessment.risk_link WHERE petition_id IS NOT NULL)::int AS linked`,
      );
      return row.overdue === 1 && row.missed === 1 && row.linked === 1;
    });
  }, 120_000);
  afterAll(async () => {
    await nc?.close();
    await p?.stop();
  });

  const STATS = `query($period: StatsPeriodInput!, $filter: StatsFilterInput, $groupBy: [StatsDimension!]) {
    petitionStats(period: $period, filter: $filter, groupBy: $groupBy) {
      period { from to } previousPeriod { from to }
      total { batches people previousBatches previousPeople batchesChange peopleChange }
      rows { key { level category month } batches people share previousBatches previousPeople batchesChange peopleChange } } }`;

  it('collective visits by level, year on year, exactly as the city report (002) gives them', async () => {
    const r = await p.gql(analyst, STATS, {
      period: { year: 2025 },
      filter: { regionPrefix: '330106', visitKinds: ['COLLECTIVE'], levels: ['NATIONAL', 'PROVINCE', 'CITY'] },
      groupBy: ['LEVEL'],
    });
    expect(r.errors).toBeUndefined();
    const byLevel = Object.fromEntries(r.data.petitionStats.rows.map((row: any) => [row.key.level, row]));
    expect(byLevel.NATIONAL).toMatchObject({
      batches: 63,
      people: 316,
      previousBatches: 49,
      previousPeople: 363,
      batchesChange: 28.6,
      peopleChange: -12.9,
    });
    expect(byLevel.PROVINCE).toMatchObject({
      batches: 169,
      people: 1930,
      previousBatches: 140,
      previousPeople: 1802,
      batchesChange: 20.7,
      peopleChange: 7.1,
    });
    expect(byLevel.CITY).toMatchObject({
      batches: 149,
      people: 3902,
      previousBatches: 171,
      previousPeople: 3780,
      batchesChange: -12.9,
      peopleChange: 3.2,
    });
    expect(r.data.petitionStats.previousPeriod).toEqual({ from: '2024-01-01', to: '2024-12-31' });
  });

  it('category shares of the collective visits to Beijing: 15 of 63 batches is 23.8 %', async () => {
    const r = await p.gql(analyst, STATS, { period: { year: 2025 }, filter: { levels: ['NATIONAL'] }, groupBy: ['CATEGORY'] });
    const byCategory = Object.fromEntries(r.data.petitionStats.rows.map((row: any) => [row.key.category, row]));
    expect(byCategory.URBAN_RURAL_CONSTRUCTION).toMatchObject({ batches: 15, people: 75, share: 23.8 });
    expect(byCategory.LABOUR_SOCIAL_SECURITY).toMatchObject({ batches: 13, people: 65, share: 20.6 });
    expect(byCategory.LAND_RESOURCES).toMatchObject({ batches: 6, people: 30, share: 9.5 });
    expect(r.data.petitionStats.total).toMatchObject({ batches: 63, people: 316 });
  });

  it('the rollup and the raw facts give the same figures for any grouping; CSV export', async () => {
    const { parsePeriod } = await import('@petition/assessment');
    const caller = { subject: 'a', department: null, roles: ['ANALYST'] as const, jurisdiction: '3301' } as never;
    // Each grouping reads a different rollup (monthly coarse, monthly by township, monthly by
    // department, daily for a range that is not whole months); all equal the raw facts.
    const cases = [
      [{ year: 2025 }, {}, ['LEVEL', 'MONTH', 'CHANNEL']],
      [{ quarter: '2025-Q2' }, { regionDigits: 9 }, ['REGION', 'VISIT_KIND']],
      [{ month: '2025-06' }, { regionPrefix: '330102' }, ['DEPARTMENT', 'LEVEL']],
      [{ half: '2025-H1' }, { departmentCodes: ['D-TOWN-2'] }, ['CATEGORY']],
      [{ from: '2025-06-04', to: '2025-06-20' }, { regionDigits: 9 }, ['REGION', 'NATURE', 'DEPARTMENT']],
    ] as const;
    for (const [spec, filter, groupBy] of cases) {
      const period = parsePeriod(spec);
      const rollup = await p.assessment.stats.petitionStats(caller, period, { ...filter } as never, [...groupBy], 'ROLLUP');
      const daily = await p.assessment.stats.petitionStats(caller, period, { ...filter } as never, [...groupBy], 'DAILY');
      const facts = await p.assessment.stats.petitionStats(caller, period, { ...filter } as never, [...groupBy], 'FACTS');
      expect([spec, rollup]).toEqual([spec, facts]);
      expect(daily).toEqual(facts);
    }
    const byDepartment = await p.gql(analyst, STATS.replace('key { level category month }', 'key { department }'), {
      period: { month: '2025-06' },
      filter: { regionPrefix: '330102' },
      groupBy: ['DEPARTMENT'],
    });
    expect(byDepartment.data.petitionStats.rows.map((r: any) => [r.key.department, r.batches])).toEqual([
      ['D-TOWN-2', 1],
      [null, 3],
    ]);
    const csv = await p.gql(
      analyst,
      `query { petitionStatsCsv(period: { year: 2025 }, filter: { regionPrefix: "330106", visitKinds: [COLLECTIVE] }, groupBy: [LEVEL]) }`.replace(
        '[COLLECTIVE]',
        '["COLLECTIVE"]',
      ),
    );
    expect(csv.errors).toBeUndefined();
    const lines = csv.data.petitionStatsCsv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'LEVEL,batches,people,share_percent,previous_batches,previous_people,batches_change_percent,people_change_percent',
    );
    expect(lines).toContain('NATIONAL,63,316,16.5,49,363,28.6,-12.9');
    // Month by month, each month compared with the same month last year.
    const monthly = await p.gql(analyst, STATS, { period: { quarter: '2025-Q1' }, filter: { levels: ['NATIONAL'] }, groupBy: ['MONTH'] });
    expect(monthly.data.petitionStats.rows.map((r: any) => [r.key.month, r.batches, r.previousBatches])).toEqual([
      // (15, 13, 6 and 29 batches this year, 49 last year, each spread January first)
      ['2025-01', 2 + 2 + 1 + 3, 5],
      ['2025-02', 2 + 1 + 1 + 3, 4],
      ['2025-03', 2 + 1 + 1 + 3, 4],
    ]);
  });

  it('township scores: a halved deduction, a doubled one, a missed report and a veto, each traced to its events', async () => {
    const r = await p.gql(
      analyst,
      `query { rankings(ruleSet: "TOWNSHIP", period: { month: "2025-06" }, regionPrefix: "330102") {
        ruleSet { code version } rows { rank unitCode score deductions veto items { reason points note eventIds } } } }`,
    );
    expect(r.errors).toBeUndefined();
    const rows = r.data.rankings.rows;
    expect(r.data.rankings.ruleSet).toEqual({ code: 'TOWNSHIP', version: 1 });
    expect(rows.map((x: any) => [x.rank, x.unitCode, x.score, x.veto])).toEqual([
      [1, '330102001', 94, false],
      [2, '330102002', 89, false],
      [3, '330102003', 100, true],
    ]);
    const [t1, t2, t3] = rows;
    expect(t1.items).toEqual([
      { reason: 'PETITION', points: -1, note: '到县个体访 -1', eventIds: [ids.t1County] },
      { reason: 'PETITION', points: -5, note: '到市集体访 -10 ×0.5（提前报告苗头）', eventIds: [ids.t1City, ids.link] },
    ]);
    expect(t2.items).toEqual([
      { reason: 'PETITION', points: -6, note: '到市个体访 -3 ×2（交办件逾期办理）', eventIds: [ids.t2City, ids.overdue] },
      { reason: 'MISSED_REPORT', points: -5, note: '330102002001 W2025-24 漏报排查（零）报告 -5', eventIds: [ids.missed] },
    ]);
    expect(t3.items).toEqual([{ reason: 'VETO', points: 0, note: '到省集体访 一票否决', eventIds: [ids.t3Province] }]);

    // The veto holds for the rest of the year.
    const july = await p.gql(
      analyst,
      `query { rankings(period: { month: "2025-07" }, regionPrefix: "330102") { rows { unitCode veto items { note } } } }`,
    );
    expect(july.data.rankings.rows.find((x: any) => x.unitCode === '330102003')).toEqual({
      unitCode: '330102003',
      veto: true,
      items: [{ note: '到省集体访 一票否决（本年度此前）' }],
    });
  });

  it('indicators with their numerators and denominators', async () => {
    const r = await p.gql(
      analyst,
      `query { indicators(period: { month: "2025-06" }, unit: { regionPrefix: "330102" }) { code numerator denominator value } }`,
    );
    expect(r.errors).toBeUndefined();
    const by = Object.fromEntries(r.data.indicators.map((i: any) => [i.code, i]));
    expect(by.TIMELY_ACCEPTANCE).toEqual({ code: 'TIMELY_ACCEPTANCE', numerator: 1, denominator: 1, value: 100 });
    expect(by.SCREENING_ON_TIME).toEqual({ code: 'SCREENING_ON_TIME', numerator: 1, denominator: 2, value: 50 });
    expect(by.OVERDUE_CASES).toEqual({ code: 'OVERDUE_CASES', numerator: 1, denominator: null, value: null });
    expect(by.REPEAT_RATE).toEqual({ code: 'REPEAT_RATE', numerator: 0, denominator: 4, value: 0 });
  });

  it('rebuilding the read model from the streams gives identical tables', async () => {
    const admin = await token({ roles: ['ADMIN'], jurisdiction: '33' });
    const r = await p.gql(admin, `mutation { verifyAssessmentRebuild { events identical differing } }`);
    expect(r.errors).toBeUndefined();
    // Every event of the four streams: the ones generated here and what the services published in turn.
    expect(r.data.verifyAssessmentRebuild).toMatchObject({ identical: true, differing: [] });
    expect(r.data.verifyAssessmentRebuild.events).toBeGreaterThanOrEqual(published);
  });

  it('publishes the bulletin: structured data, printable HTML and a PDF, evented', async () => {
    const r = await p.gql(
      supervisor,
      `mutation { generateBulletin(period: { year: 2025 }, regionPrefix: "3301", scopeName: "某市") { id title data html } }`,
    );
    expect(r.errors).toBeUndefined();
    const bulletin = r.data.generateBulletin;
    expect(bulletin.title).toBe('某市2025年信访工作通报');
    const data = JSON.parse(bulletin.data);
    expect(data.byLevel.find((l: any) => l.level === 'NATIONAL').collectiveBatches).toEqual({ current: 63, previous: 49, change: 28.6 });
    expect(bulletin.html).toContain('上升28.6%');
    expect(bulletin.html).not.toMatch(/https?:\/\//);
    const pdf = await p.gql(analyst, `query($id: String!) { bulletinPdf(id: $id) }`, { id: bulletin.id });
    const bytes = Buffer.from(pdf.data.bulletinPdf, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    if (process.env.UPDATE_SCREENSHOTS) {
      const docs = join(__dirname, '..', '..', 'docs');
      writeFileSync(join(docs, 'sample-bulletin.pdf'), bytes);
      if (existsSync('/usr/bin/pdftoppm')) {
        execFileSync('pdftoppm', [
          '-png',
          '-r',
          '80',
          '-f',
          '1',
          '-l',
          '1',
          '-singlefile',
          join(docs, 'sample-bulletin.pdf'),
          join(docs, 'images', 'sample-bulletin-page1'),
        ]);
      }
    }
    const events = await waitFor('bulletin.published', async () => {
      const e = await p.streamEvents('assessment', 'assessment.bulletin.published');
      return e.length === 1 && e;
    });
    expect(events[0].data).toMatchObject({
      bulletinId: bulletin.id,
      regionPrefix: '3301',
      periodFrom: '2025-01-01',
      periodTo: '2025-12-31',
    });
  });

  it('refuses what it must: other jurisdictions, persons, bad periods, bad rule sets', async () => {
    expectCode(await p.gql(analyst, STATS, { period: { year: 2025 }, filter: { regionPrefix: '4401' } }), 'FORBIDDEN');
    expectCode(await p.gql(analyst, STATS, { period: { month: '2025-13' } }), 'BAD_USER_INPUT');
    expectCode(await p.gql(analyst, STATS, { period: { year: 2025, month: '2025-06' } }), 'BAD_USER_INPUT');
    expectCode(await p.gql(analyst, `mutation { generateBulletin(period: { year: 2025 }) { id } }`), 'FORBIDDEN');
    const handler = await token({ roles: ['HANDLER'], department: 'D-HOUSING' });
    expectCode(await p.gql(handler, STATS, { period: { year: 2025 } }), 'FORBIDDEN');
    const admin = await token({ roles: ['ADMIN'], jurisdiction: '33' });
    const define = `mutation($d: String!) { defineRuleSet(code: "TOWNSHIP", name: "乡镇考核", definition: $d) { code version } }`;
    expectCode(await p.gql(admin, define, { d: '{not json' }), 'BAD_USER_INPUT');
    expectCode(await p.gql(admin, define, { d: JSON.stringify({ unit: 'TOWNSHIP', base: 100 }) }), 'BAD_USER_INPUT');
    expectCode(await p.gql(analyst, define, { d: '{}' }), 'FORBIDDEN');
    expectCode(await p.gql(admin, `query { rankings(ruleSet: "NOPE", period: { year: 2025 }) { rows { rank } } }`), 'NOT_FOUND');
    expectCode(await p.gql(admin, `mutation($id: ID!) { replayAssessmentDeadLetter(id: $id) { id } }`, { id: randomUUID() }), 'NOT_FOUND');
    // A new version leaves the old one in place, and rankings can name either.
    const { TOWNSHIP_RULES_V1 } = await import('@petition/assessment');
    const v2 = await p.gql(admin, define, { d: JSON.stringify({ ...TOWNSHIP_RULES_V1, missedReport: -2 }) });
    expect(v2.data.defineRuleSet).toEqual({ code: 'TOWNSHIP', version: 2 });
    const scores = async (version: number) =>
      (
        await p.gql(
          analyst,
          `query { rankings(version: ${version}, period: { month: "2025-06" }, regionPrefix: "330102") { rows { unitCode score } } }`,
        )
      ).data.rankings.rows;
    expect((await scores(1)).find((x: any) => x.unitCode === '330102002').score).toBe(89);
    expect((await scores(2)).find((x: any) => x.unitCode === '330102002').score).toBe(92);
  });
});
