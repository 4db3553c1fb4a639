import { SettableClock } from '@petition/clock';

import type { Platform } from '../src/harness';
import { expectCode, startPlatform, token } from '../src/harness';

// Dispute screening (矛盾纠纷排查) through the gateway: a village reports weekly by Friday 17:00, a
// zero report counts as on time, a missing report is found at its due time and evented once, a
// late report turns it into LATE, sensitive periods add daily reports; risk items are linked and
// resolved. Then every hotspot-screening mutation refuses bad input and changes nothing.
describe('screening: schedules, zero reports, missed reports, compliance, risk items', () => {
  const clock = new SettableClock('2026-03-02T02:00:00Z'); // Monday 10:00 in China; week 2026-W10
  const VILLAGE = '330102001001';
  const TOWNSHIP = '330102001';
  let p: Platform;
  let admin: string, reporter: string, otherReporter: string, supervisor: string, analyst: string;
  let riskItemId: string;

  const ZERO = `mutation($i: ZeroReportInput!) { submitZeroReport(input: $i) { id periodKey zeroReport timeliness dueAt riskItems { id } } }`;
  const REPORT = `mutation($i: ScreeningReportInput!) { submitScreeningReport(input: $i) { id periodKey zeroReport timeliness riskItems { id issue status collectiveSignal } } }`;
  const SCAN = `mutation { runScreeningScan { missed } }`;
  const COMPLIANCE = `query($p: PeriodInput!, $f: ComplianceFilterInput) { screeningCompliance(period: $p, filter: $f) {
    expected onTime late missing onTimeRate
    units { unit { code level } expected onTime late missing zeroReports riskItems onTimeRate periods { periodKey timeliness zeroReport } } } }`;

  const risk = {
    issue: '村民对土地流转租金分配方案有意见，部分农户商议集体上访',
    categoryCode: 'LAND_CONTRACTING',
    place: '某某村三组',
    estimatedPeople: 20,
    measures: '村两委入户解释，镇农经站复核分配方案',
    responsibleOfficial: '李某（村支书）',
    collectiveSignal: true,
  };

  beforeAll(async () => {
    p = await startPlatform({ clock });
    admin = await token({ roles: ['ADMIN'], jurisdiction: '33' });
    reporter = await token({ roles: ['REPORTER'], jurisdiction: VILLAGE, subject: 'reporter-village' });
    otherReporter = await token({ roles: ['REPORTER'], jurisdiction: '330102002001', subject: 'reporter-other' });
    supervisor = await token({ roles: ['SUPERVISOR'], jurisdiction: '330102' });
    analyst = await token({ roles: ['ANALYST'], jurisdiction: '330102' });
    for (const unit of [
      { code: VILLAGE, name: '某某村', level: 'VILLAGE' },
      { code: TOWNSHIP, name: '某某镇', level: 'TOWNSHIP' },
    ]) {
      const r = await p.gql(admin, `mutation($i: ScreeningUnitInput!) { defineScreeningUnit(input: $i) { code level } }`, {
        i: { ...unit, reportingSince: '2026-03-02T00:00:00Z' },
      });
      expect(r.errors).toBeUndefined();
    }
  });
  afterAll(() => p?.stop());

  it('a zero report before Friday 17:00 is on time; a second one for the same week is refused', async () => {
    clock.set('2026-03-04T03:00:00Z'); // Wednesday
    const r = await p.gql(reporter, ZERO, { i: { unitCode: VILLAGE, note: '本周未发现矛盾纠纷' } });
    expect(r.errors).toBeUndefined();
    expect(r.data.submitZeroReport).toMatchObject({
      periodKey: 'W2026-W10',
      zeroReport: true,
      timeliness: 'ON_TIME',
      dueAt: '2026-03-06T09:00:00.000Z',
      riskItems: [],
    });
    expectCode(await p.gql(reporter, ZERO, { i: { unitCode: VILLAGE } }), 'ALREADY_REPORTED');
    // Another village's reporter cannot report for this one.
    expectCode(await p.gql(otherReporter, ZERO, { i: { unitCode: VILLAGE } }), 'UNIT_NOT_FOUND');
    await p.hotspot.relay.flush();
    const events = await p.streamEvents('hotspot', 'hotspot.report.submitted');
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ unitCode: VILLAGE, periodKey: 'W2026-W10', zeroReport: true, onTime: true }),
    ]);
  });

  it('a missing village report is found at its due time, once, and evented', async () => {
    clock.set('2026-03-13T09:00:00.000Z'); // Friday 17:00:00 China: still on time
    expect((await p.gql(admin, SCAN)).data.runScreeningScan.missed).toBe(0);
    clock.set('2026-03-13T09:00:01Z');
    expect((await p.gql(admin, SCAN)).data.runScreeningScan.missed).toBe(1);
    expect((await p.gql(admin, SCAN)).data.runScreeningScan.missed).toBe(0);
    await p.hotspot.relay.flush();
    const missed = await p.streamEvents('hotspot', 'hotspot.report.missed');
    expect(missed.map((e) => e.data)).toEqual([
      expect.objectContaining({ unitCode: VILLAGE, unitLevel: 'VILLAGE', periodKey: 'W2026-W11', dueAt: '2026-03-13T09:00:00.000Z' }),
    ]);
  });

  it('a late report with a risk item turns the missed week into LATE; compliance counts per unit', async () => {
    clock.set('2026-03-14T02:00:00Z'); // Saturday
    const r = await p.gql(reporter, REPORT, { i: { unitCode: VILLAGE, periodKey: 'W2026-W11', riskItems: [risk] } });
    expect(r.errors).toBeUndefined();
    expect(r.data.submitScreeningReport).toMatchObject({ periodKey: 'W2026-W11', zeroReport: false, timeliness: 'LATE' });
    riskItemId = r.data.submitScreeningReport.riskItems[0].id;
    expect(r.data.submitScreeningReport.riskItems[0]).toMatchObject({ status: 'OPEN', collectiveSignal: true });

    const c = await p.gql(supervisor, COMPLIANCE, { p: { from: '2026-03-01', to: '2026-03-14' } });
    expect(c.errors).toBeUndefined();
    const village = c.data.screeningCompliance.units.find((u: { unit: { code: string } }) => u.unit.code === VILLAGE);
    expect(village).toMatchObject({ expected: 2, onTime: 1, late: 1, missing: 0, zeroReports: 1, riskItems: 1, onTimeRate: 0.5 });
    expect(village.periods).toEqual([
      { periodKey: 'W2026-W10', timeliness: 'ON_TIME', zeroReport: true },
      { periodKey: 'W2026-W11', timeliness: 'LATE', zeroReport: false },
    ]);
    // The township's first half-month is due on the 15th at 17:00: not yet expected.
    const township = c.data.screeningCompliance.units.find((u: { unit: { code: string } }) => u.unit.code === TOWNSHIP);
    expect(township).toMatchObject({ expected: 0, onTimeRate: null });

    clock.set('2026-03-16T01:00:00Z');
    const later = await p.gql(analyst, COMPLIANCE, { p: { from: '2026-03-01', to: '2026-03-16' }, f: { level: 'TOWNSHIP' } });
    expect(later.data.screeningCompliance).toMatchObject({ expected: 1, onTime: 0, late: 0, missing: 1, onTimeRate: 0 });
  });

  it('a sensitive period adds daily reports for the units under it', async () => {
    const defined = await p.gql(
      supervisor,
      `mutation($i: SensitivePeriodInput!) { defineSensitivePeriod(input: $i) { id startsOn endsOn regionPrefix } }`,
      { i: { name: '全国两会期间', startsOn: '2026-03-16', endsOn: '2026-03-18', regionPrefix: '330102' } },
    );
    expect(defined.errors).toBeUndefined();
    clock.set('2026-03-16T05:00:00Z');
    const daily = await p.gql(reporter, ZERO, { i: { unitCode: VILLAGE, periodKey: 'D2026-03-16' } });
    expect(daily.data.submitZeroReport).toMatchObject({ periodKey: 'D2026-03-16', timeliness: 'ON_TIME' });
    expectCode(await p.gql(reporter, ZERO, { i: { unitCode: VILLAGE, periodKey: 'D2026-03-25' } }), 'PERIOD_NOT_OPEN');
    expectCode(await p.gql(reporter, ZERO, { i: { unitCode: VILLAGE, periodKey: 'D2026-03-17' } }), 'PERIOD_NOT_OPEN');

    clock.set('2026-03-17T10:00:00Z'); // 18:00 China on the 17th
    await p.gql(admin, SCAN);
    await p.hotspot.relay.flush();
    const missed = (await p.streamEvents('hotspot', 'hotspot.report.missed')).map((e) => `${e.data.unitCode} ${e.data.periodKey}`);
    expect(missed).toEqual(
      expect.arrayContaining([`${VILLAGE} D2026-03-17`, `${TOWNSHIP} D2026-03-17`, `${TOWNSHIP} D2026-03-16`, `${TOWNSHIP} H2026-03-1`]),
    );
    expect(missed).not.toContain(`${VILLAGE} D2026-03-16`);
  });

  it('a risk item is linked to a petition, assigned, and resolved once', async () => {
    const petitionId = '6b0f8a2e-9a7c-4d1e-8f3a-1c2b3d4e5f60';
    const linked = await p.gql(supervisor, `mutation($i: LinkRiskItemInput!) { linkRiskItem(input: $i) { id petitionId hotspotId } }`, {
      i: { riskItemId, petitionId },
    });
    expect(linked.data.linkRiskItem).toEqual({ id: riskItemId, petitionId, hotspotId: null });
    const assigned = await p.gql(supervisor, `mutation($i: AssignRiskItemInput!) { assignRiskItem(input: $i) { assignee } }`, {
      i: { riskItemId, assignee: '镇综治中心' },
    });
    expect(assigned.data.assignRiskItem.assignee).toBe('镇综治中心');
    const RESOLVE = `mutation($i: ResolveRiskItemInput!) { resolveRiskItem(input: $i) { status resolution } }`;
    const resolved = await p.gql(reporter, RESOLVE, { i: { riskItemId, resolution: '分配方案经村民代表会议重新表决通过' } });
    expect(resolved.data.resolveRiskItem).toEqual({ status: 'RESOLVED', resolution: '分配方案经村民代表会议重新表决通过' });
    expectCode(await p.gql(reporter, RESOLVE, { i: { riskItemId, resolution: '再次化解' } }), 'INVALID_STATE');
    expectCode(await p.gql(otherReporter, RESOLVE, { i: { riskItemId, resolution: '别村化解' } }), 'RISK_ITEM_NOT_FOUND');
    await p.hotspot.relay.flush();
    const types = (await p.streamEvents('hotspot'))
      .filter((e) => e.aggregateId === riskItemId)
      .map((e) => (e as unknown as { type: string }).type);
    expect(types).toEqual(['hotspot.riskItem.reported', 'hotspot.riskItem.linked', 'hotspot.riskItem.resolved']);
    // Events carry no text a person wrote: no issue, place, measures or official's name.
    const all = JSON.stringify(await p.streamEvents('hotspot'));
    for (const text of [risk.issue, risk.place, risk.responsibleOfficial, risk.measures]) expect(all).not.toContain(text);
  });

  // ---- bad input for every hotspot-screening mutation --------------------------------------------

  describe('bad input: a coded error and nothing written', () => {
    async function state() {
      const [row] = await p.hotspot.dataSource.query(`SELECT
        (SELECT count(*)::int FROM hotspot.screening_unit) AS units,
        (SELECT count(*)::int FROM hotspot.sensitive_period) AS periods,
        (SELECT count(*)::int FROM hotspot.screening_report) AS reports,
        (SELECT count(*)::int FROM hotspot.risk_item) AS items,
        (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM hotspot.risk_item t) AS item_rows,
        (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.alert_id), '')) FROM hotspot.alert_decision t) AS decisions,
        (SELECT count(*)::int FROM hotspot.missed_report) AS missed,
        (SELECT count(*)::int FROM hotspot.outbox) AS outbox`);
      return row;
    }
    async function refused(tok: string, query: string, variables: Record<string, unknown>, code: string) {
      const before = await state();
      const r = await p.gql(tok, query, variables);
      expectCode(r, code);
      for (const value of Object.values(r.data ?? {})) expect(value).toBeNull();
      expect(await state()).toEqual(before);
    }

    it('submitScreeningReport: no risk items, a malformed period, a future period, a bad item', async () => {
      await refused(reporter, REPORT, { i: { unitCode: VILLAGE, riskItems: [] } }, 'BAD_USER_INPUT');
      await refused(reporter, REPORT, { i: { unitCode: VILLAGE, periodKey: 'W2026-99', riskItems: [risk] } }, 'BAD_USER_INPUT');
      await refused(reporter, REPORT, { i: { unitCode: VILLAGE, periodKey: 'W2026-W20', riskItems: [risk] } }, 'PERIOD_NOT_OPEN');
      await refused(reporter, REPORT, { i: { unitCode: VILLAGE, riskItems: [{ ...risk, estimatedPeople: -1 }] } }, 'BAD_USER_INPUT');
      await refused(reporter, REPORT, { i: { unitCode: '33010200100', riskItems: [risk] } }, 'BAD_USER_INPUT');
      await refused(supervisor, REPORT, { i: { unitCode: VILLAGE, riskItems: [risk] } }, 'FORBIDDEN');
    });

    it('submitZeroReport: an unknown unit, a period before the unit began', async () => {
      await refused(reporter, ZERO, { i: { unitCode: '330102001999' } }, 'UNIT_NOT_FOUND');
      await refused(reporter, ZERO, { i: { unitCode: VILLAGE, periodKey: 'W2026-W01' } }, 'PERIOD_NOT_OPEN');
    });

    it('defineScreeningUnit and defineSensitivePeriod', async () => {
      const UNIT = `mutation($i: ScreeningUnitInput!) { defineScreeningUnit(input: $i) { code } }`;
      await refused(admin, UNIT, { i: { code: '330102001', name: '某村', level: 'VILLAGE' } }, 'BAD_USER_INPUT');
      await refused(admin, UNIT, { i: { code: 'abc', name: '某村', level: 'VILLAGE' } }, 'BAD_USER_INPUT');
      await refused(supervisor, UNIT, { i: { code: '330102003', name: '某镇', level: 'TOWNSHIP' } }, 'FORBIDDEN');
      const PERIOD = `mutation($i: SensitivePeriodInput!) { defineSensitivePeriod(input: $i) { id } }`;
      await refused(
        supervisor,
        PERIOD,
        { i: { name: '倒置', startsOn: '2026-05-02', endsOn: '2026-05-01', regionPrefix: '330102' } },
        'BAD_USER_INPUT',
      );
      await refused(
        supervisor,
        PERIOD,
        { i: { name: '外地', startsOn: '2026-05-01', endsOn: '2026-05-02', regionPrefix: '3302' } },
        'FORBIDDEN',
      );
      await refused(
        supervisor,
        PERIOD,
        { i: { name: '坏日期', startsOn: '2026-5-1', endsOn: '2026-05-02', regionPrefix: '330102' } },
        'BAD_USER_INPUT',
      );
    });

    it('alert decisions: unknown alert, bad owner, short note, wrong role', async () => {
      await refused(supervisor, `mutation { acknowledgeAlert(alertId: "not-a-uuid") { id } }`, {}, 'ALERT_NOT_FOUND');
      await refused(
        supervisor,
        `mutation { acknowledgeAlert(alertId: "6b0f8a2e-9a7c-4d1e-8f3a-1c2b3d4e5f60") { id } }`,
        {},
        'ALERT_NOT_FOUND',
      );
      const OWNER = `mutation($i: AssignAlertOwnerInput!) { assignAlertOwner(input: $i) { id } }`;
      await refused(
        supervisor,
        OWNER,
        { i: { alertId: '6b0f8a2e-9a7c-4d1e-8f3a-1c2b3d4e5f60', ownerName: '王', ownerTitle: '副区长' } },
        'BAD_USER_INPUT',
      );
      const CLEAR = `mutation($i: ClearAlertInput!) { clearAlert(input: $i) { id } }`;
      await refused(supervisor, CLEAR, { i: { alertId: '6b0f8a2e-9a7c-4d1e-8f3a-1c2b3d4e5f60', note: '好' } }, 'BAD_USER_INPUT');
      await refused(analyst, CLEAR, { i: { alertId: '6b0f8a2e-9a7c-4d1e-8f3a-1c2b3d4e5f60', note: '已经化解完毕' } }, 'FORBIDDEN');
    });

    it('risk items: unknown item, nothing to link, bad ids, short texts', async () => {
      const LINK = `mutation($i: LinkRiskItemInput!) { linkRiskItem(input: $i) { id } }`;
      await refused(supervisor, LINK, { i: { riskItemId } }, 'BAD_USER_INPUT');
      await refused(supervisor, LINK, { i: { riskItemId, hotspotId: 'x' } }, 'BAD_USER_INPUT');
      await refused(supervisor, LINK, { i: { riskItemId, hotspotId: '6b0f8a2e-9a7c-4d1e-8f3a-1c2b3d4e5f60' } }, 'HOTSPOT_NOT_FOUND');
      const ASSIGN = `mutation($i: AssignRiskItemInput!) { assignRiskItem(input: $i) { id } }`;
      await refused(supervisor, ASSIGN, { i: { riskItemId: 'nope', assignee: '某人' } }, 'RISK_ITEM_NOT_FOUND');
      await refused(supervisor, ASSIGN, { i: { riskItemId, assignee: '某人' } }, 'INVALID_STATE');
      const RESOLVE = `mutation($i: ResolveRiskItemInput!) { resolveRiskItem(input: $i) { id } }`;
      await refused(supervisor, RESOLVE, { i: { riskItemId, resolution: '好' } }, 'BAD_USER_INPUT');
      await refused(analyst, RESOLVE, { i: { riskItemId, resolution: '已经化解完毕' } }, 'FORBIDDEN');
    });

    it('scans, rebuild and dead letters are for ADMINs; compliance checks its period', async () => {
      await refused(reporter, SCAN, {}, 'FORBIDDEN');
      await refused(supervisor, `mutation { verifyHotspotRebuild { identical } }`, {}, 'FORBIDDEN');
      await refused(admin, `mutation { replayHotspotDeadLetter(id: "6b0f8a2e-9a7c-4d1e-8f3a-1c2b3d4e5f60") { outcome } }`, {}, 'NOT_FOUND');
      expectCode(await p.gql(supervisor, COMPLIANCE, { p: { from: '2026-03-10', to: '2026-03-01' } }), 'BAD_USER_INPUT');
      expectCode(await p.gql(supervisor, COMPLIANCE, { p: { from: '2025-01-01', to: '2026-03-01' } }), 'BAD_USER_INPUT');
      expectCode(await p.gql(supervisor, COMPLIANCE, { p: { from: '2026-3-1', to: '2026-03-10' } }), 'BAD_USER_INPUT');
    });
  });
});
