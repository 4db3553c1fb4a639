import { SettableClock } from '@petition/clock';

import { letter, person, REGISTER, seedDepartments } from '../src/fixtures';
import type { Platform } from '../src/harness';
import { expectCode, startPlatform, token, waitFor } from '../src/harness';

// Hotspots through the gateway on real PostgreSQL and NATS: a burst of related petitions from
// different people forms one hotspot and raises one alert; unrelated petitions stay out; the
// cool-down holds while escalation passes; closing the cases clears the alert; and the whole
// projection rebuilt from the streams comes out identical.
describe('hotspots: clusters, alerts, cool-down, clearing, rebuild', () => {
  const clock = new SettableClock('2026-03-02T02:00:00Z'); // Monday 10:00 in China
  const TOWNSHIP = '330102001';
  let p: Platform;
  let admin: string, clerk: string, supervisor: string, leader: string, handler: string, analyst: string, otherCity: string;

  const HOTSPOT_FIELDS = `id kind label regionCode involvedOrganization
    figures { petitions headcount collectiveVisits skipLevelVisits highestLevel last7Days last30Days openCases closedCases unsettledPetitions }
    alerts { id rule status description petitionsAtRaise clearedReason }
    petitions { petition { id } joinedBy similarity }`;

  const burst = [
    {
      summary: '宏达建筑工程有限公司承建的城北安置房项目拖欠我们农民工工资九个月，共计约八十万元，多次讨要无果。',
      demands: '要求公司尽快结清拖欠的农民工工资。',
      involvedOrganization: '宏达建筑工程有限公司',
    },
    {
      summary: '我们在城北安置房工地给宏达建筑干活，工钱拖了九个月没发，老板一直推脱。',
      demands: '请政府督促宏达建筑支付工资。',
      involvedOrganization: '宏达建筑工程 有限公司',
    },
    {
      summary: '城北安置房项目农民工工资被拖欠九个月，宏达公司至今未支付。',
      demands: '请求依法追讨欠薪。',
      involvedOrganization: '宏达建筑工程有限公司',
    },
  ];

  function visit(text: { summary: string; demands: string; involvedOrganization?: string }, overrides: Record<string, unknown> = {}) {
    return letter({
      channel: 'VISIT',
      visitKind: 'COLLECTIVE',
      headcount: 8,
      petitioners: [person(), person()],
      categoryCode: 'LABOUR_SOCIAL_SECURITY',
      regionCode: TOWNSHIP,
      level: 'COUNTY',
      ...text,
      involvedOrganization: text.involvedOrganization,
      ...overrides,
    });
  }

  async function register(input: Record<string, unknown>): Promise<string> {
    const r = await p.gql(clerk, REGISTER, { input });
    expect(r.errors).toBeUndefined();
    return r.data.registerPetition.petition.id;
  }

  async function hotspotOf(petitionId: string, minPetitions = 2) {
    return waitFor(`hotspot of ${petitionId}`, async () => {
      const r = await p.gql(supervisor, `query($id: ID!) { petition(id: $id) { hotspot { ${HOTSPOT_FIELDS} } } }`, { id: petitionId });
      const h = r.data?.petition?.hotspot;
      return h && h.figures.petitions >= minPetitions ? h : null;
    });
  }

  async function projected(petitionId: string) {
    await waitFor(`petition ${petitionId} projected`, async () => {
      const [row] = await p.hotspot.dataSource.query(`SELECT 1 FROM hotspot.member WHERE petition_id = $1`, [petitionId]);
      return !!row;
    });
  }

  const alertsOf = async (hotspotId: string) =>
    (await p.streamEvents('hotspot', 'hotspot.alert.raised')).filter((e) => e.data.hotspotId === hotspotId);

  const burstIds: string[] = [];
  let hotspotId: string;

  beforeAll(async () => {
    p = await startPlatform({ clock });
    admin = await token({ roles: ['ADMIN'], jurisdiction: '33' });
    clerk = await token({ roles: ['CLERK'], department: 'D-BUREAU' });
    supervisor = await token({ roles: ['SUPERVISOR'], department: 'D-BUREAU', subject: 'supervisor-1' });
    leader = await token({ roles: ['LEADER'], subject: 'leader-1' });
    handler = await token({ roles: ['HANDLER'], department: 'D-LABOUR' });
    analyst = await token({ roles: ['ANALYST'] });
    otherCity = await token({ roles: ['SUPERVISOR'], jurisdiction: '3302' });
    await seedDepartments(p, admin);
  });
  afterAll(() => p?.stop());

  it('a burst of related collective visits (different people, paraphrased, one organisation) forms one hotspot and raises one alert', async () => {
    for (const text of burst) {
      burstIds.push(await register(visit(text)));
      clock.advanceMs(60 * 60_000);
    }
    const h = await hotspotOf(burstIds[0], 3);
    hotspotId = h.id;
    expect(h.kind).toBe('ORGANIZATION');
    expect(h.involvedOrganization).toBe('宏达建筑工程有限公司');
    expect(h.figures).toMatchObject({
      petitions: 3,
      headcount: 24,
      collectiveVisits: 3,
      highestLevel: 'COUNTY',
      last7Days: 3,
      last30Days: 3,
    });
    expect(h.petitions.map((m: { petition: { id: string } }) => m.petition.id).sort()).toEqual([...burstIds].sort());
    expect(h.petitions.filter((m: { joinedBy: string }) => m.joinedBy === 'ORGANIZATION')).toHaveLength(2);
    // The third collective visit within 7 days raises the alert, once.
    expect(h.alerts).toEqual([expect.objectContaining({ rule: 'COLLECTIVE_VISITS', status: 'RAISED', petitionsAtRaise: 3 })]);
    await p.hotspot.relay.flush();
    const raised = await alertsOf(hotspotId);
    expect(raised).toHaveLength(1);
    expect(raised[0].data).toMatchObject({
      rule: 'COLLECTIVE_VISITS',
      petitions: 3,
      headcount: 24,
      collectiveVisits: 3,
      regionCode: TOWNSHIP,
    });
    // Nothing in the event names a person.
    expect(JSON.stringify(raised[0])).not.toMatch(/测试人|\d{17}[\dX]|1380000/);
  });

  it('a paraphrase without the organisation joins by text; unrelated petitions do not join', async () => {
    const similar = await register(
      visit(
        { summary: '城北安置房项目的农民工工资拖欠了九个月一直没有结清，工人多次讨要无果。', demands: '请求尽快结清拖欠的农民工工资。' },
        { visitKind: 'INDIVIDUAL', headcount: 1, petitioners: [person()], channel: 'LETTER', categoryCode: 'OTHER', regionCode: '330102' },
      ),
    );
    clock.advanceMs(60 * 60_000);
    const unrelated = await register(
      letter({
        petitioners: [person()],
        categoryCode: 'EDUCATION',
        regionCode: '330102',
        involvedOrganization: '城关第二小学',
        summary: '学校强制学生购买指定教辅资料，每学期收费三百元。',
        demands: '请求教育局制止乱收费。',
      }),
    );
    clock.advanceMs(60 * 60_000);
    const h = await hotspotOf(similar, 4);
    expect(h.id).toBe(hotspotId);
    const member = h.petitions.find((m: { petition: { id: string } }) => m.petition.id === similar);
    expect(member.joinedBy).toBe('SIMILAR_TEXT');
    expect(member.similarity).toBeGreaterThanOrEqual(0.225);
    burstIds.push(similar);

    await projected(unrelated);
    const r = await p.gql(supervisor, `query($id: ID!) { petition(id: $id) { id hotspot { id } } }`, { id: unrelated });
    expect(r.data.petition).toEqual({ id: unrelated, hotspot: null });
    const list = await p.gql(supervisor, `{ hotspots(first: 20) { totalCount edges { node { id figures { petitions } } } } }`);
    expect(list.data.hotspots.totalCount).toBe(1);
    expect(list.data.hotspots.edges[0].node).toEqual({ id: hotspotId, figures: { petitions: 4 } });
  });

  it('the cool-down holds: more collective visits within 7 days raise no second alert, but a visit to the province escalates', async () => {
    burstIds.push(await register(visit(burst[0])));
    clock.advanceMs(60 * 60_000);
    burstIds.push(await register(visit(burst[2])));
    clock.advanceMs(60 * 60_000);
    let h = await hotspotOf(burstIds[0], 6);
    expect(h.figures.collectiveVisits).toBe(5);
    expect(h.alerts).toHaveLength(1);

    burstIds.push(await register(visit(burst[1], { level: 'PROVINCE', skipLevel: true })));
    clock.advanceMs(60 * 60_000);
    h = await hotspotOf(burstIds[0], 7);
    expect(h.figures).toMatchObject({ highestLevel: 'PROVINCE', skipLevelVisits: 1 });
    expect(h.alerts.map((a: { rule: string }) => a.rule)).toEqual(['HIGH_LEVEL', 'COLLECTIVE_VISITS']);
    await p.hotspot.relay.flush();
    expect(await alertsOf(hotspotId)).toHaveLength(2);
  });

  it('an alert is acknowledged, taken by a leader (包案), and refuses moves its state does not allow', async () => {
    const [high] = (await hotspotOf(burstIds[0], 7)).alerts;
    const ACK = `mutation($id: ID!) { acknowledgeAlert(alertId: $id) { id status acknowledgedAt } }`;
    const acked = await p.gql(supervisor, ACK, { id: high.id });
    expect(acked.data.acknowledgeAlert.status).toBe('ACKNOWLEDGED');
    expectCode(await p.gql(supervisor, ACK, { id: high.id }), 'INVALID_STATE');
    expectCode(await p.gql(analyst, ACK, { id: high.id }), 'FORBIDDEN');
    expectCode(await p.gql(otherCity, ACK, { id: high.id }), 'ALERT_NOT_FOUND');
    const owned = await p.gql(
      leader,
      `mutation($i: AssignAlertOwnerInput!) { assignAlertOwner(input: $i) { status ownerName ownerTitle } }`,
      { i: { alertId: high.id, ownerName: '王某某', ownerTitle: '副区长', note: '一周内拿出化解方案' } },
    );
    expect(owned.data.assignAlertOwner).toEqual({ status: 'OWNED', ownerName: '王某某', ownerTitle: '副区长' });
  });

  it('analysts see the figures but never the petitions; another city sees nothing; a handler is refused', async () => {
    const figures = await p.gql(analyst, `query($id: ID!) { hotspot(id: $id) { id figures { petitions headcount } } }`, { id: hotspotId });
    expect(figures.data.hotspot).toEqual({ id: hotspotId, figures: { petitions: 7, headcount: 49 } });
    const petitions = await p.gql(analyst, `query($id: ID!) { hotspot(id: $id) { petitions { petition { id } } } }`, { id: hotspotId });
    expectCode(petitions, 'FORBIDDEN');
    const other = await p.gql(otherCity, `query($id: ID!) { hotspot(id: $id) { id } hotspots { totalCount } alerts { id } }`, {
      id: hotspotId,
    });
    expect(other.data).toEqual({ hotspot: null, hotspots: { totalCount: 0 }, alerts: [] });
    expectCode(await p.gql(handler, `{ hotspots { totalCount } }`), 'FORBIDDEN');
    // Straight at the subgraph: no token, no entity.
    const direct = await p.gql(
      null,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Hotspot { id label } } }`,
      { r: [{ __typename: 'Hotspot', id: hotspotId }] },
      p.hotspot.url,
    );
    expectCode(direct, 'UNAUTHENTICATED');
    expect(JSON.stringify(direct.data ?? null)).not.toContain('宏达');
    const foreign = await p.gql(
      otherCity,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Hotspot { id label } } }`,
      { r: [{ __typename: 'Hotspot', id: hotspotId }] },
      p.hotspot.url,
    );
    expect(foreign.data._entities).toEqual([null]);
  });

  it('closing every case of the hotspot clears its open alerts (CASES_CLOSED) and says so in an event', async () => {
    for (const petitionId of burstIds) {
      const routed = await p.gql(clerk, `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { id } }`, {
        i: { petitionId, mode: 'FORWARD', departmentCode: 'D-LABOUR' },
      });
      expect(routed.errors).toBeUndefined();
    }
    for (const petitionId of burstIds) {
      const caseId = await waitFor(
        'case opened',
        async () =>
          (await p.gql(handler, `query($id: ID!) { petition(id: $id) { case { id } } }`, { id: petitionId })).data?.petition?.case?.id,
      );
      await p.gql(handler, `mutation($id: ID!) { acceptCase(caseId: $id) { id } }`, { id: caseId });
      const replied = await p.gql(handler, `mutation($i: AnswerInput!) { replyToCase(input: $i) { id } }`, {
        i: { caseId, outcome: 'SUPPORT', body: '已督促施工单位结清全部农民工工资。' },
      });
      expect(replied.errors).toBeUndefined();
    }
    let h = await hotspotOf(burstIds[0], 7);
    expect(h.figures.openCases).toBe(7);
    expect(h.alerts.every((a: { status: string }) => a.status !== 'CLEARED')).toBe(true);

    // The review window lapses: the overdue scan closes every case.
    clock.advanceDays(32);
    const scan = await p.gql(supervisor, `mutation { runOverdueScan { closed } }`);
    expect(scan.data.runOverdueScan.closed).toBe(7);
    h = await waitFor('alerts cleared', async () => {
      const x = await hotspotOf(burstIds[0], 7);
      return x.alerts.every((a: { status: string }) => a.status === 'CLEARED') ? x : null;
    });
    expect(h.figures).toMatchObject({ openCases: 0, closedCases: 7, unsettledPetitions: 0, last7Days: 0 });
    expect(h.alerts.map((a: { clearedReason: string }) => a.clearedReason)).toEqual(['CASES_CLOSED', 'CASES_CLOSED']);
    await p.hotspot.relay.flush();
    const cleared = (await p.streamEvents('hotspot', 'hotspot.alert.cleared')).filter((e) => e.data.hotspotId === hotspotId);
    expect(cleared.map((e) => e.data.reason)).toEqual(['CASES_CLOSED', 'CASES_CLOSED']);
    const filtered = await p.gql(supervisor, `{ hotspots(filter: { alerting: true }) { totalCount } }`);
    expect(filtered.data.hotspots.totalCount).toBe(0);
  });

  it('a single visit to Beijing alerts on its own, and a manual clear records the note', async () => {
    const id = await register(
      letter({
        petitioners: [person()],
        channel: 'VISIT',
        level: 'NATIONAL',
        skipLevel: true,
        categoryCode: 'HOUSING_EXPROPRIATION',
        regionCode: '330102',
        involvedOrganization: '城南片区改造指挥部',
        summary: '城南片区改造中房屋被强拆，补偿标准过低。',
        demands: '要求按市场价重新评估补偿。',
      }),
    );
    const alert = await waitFor('national-level alert', async () => {
      const r = await p.gql(supervisor, `{ alerts(filter: { statuses: [RAISED] }) { id rule hotspotId status } }`);
      return r.data?.alerts?.find((a: { rule: string }) => a.rule === 'HIGH_LEVEL');
    });
    const CLEAR = `mutation($i: ClearAlertInput!) { clearAlert(input: $i) { status clearedReason clearNote } }`;
    const cleared = await p.gql(supervisor, CLEAR, { i: { alertId: alert.id, note: '已约见信访人，达成补偿协议' } });
    expect(cleared.data.clearAlert).toEqual({ status: 'CLEARED', clearedReason: 'MANUAL', clearNote: '已约见信访人，达成补偿协议' });
    expectCode(await p.gql(supervisor, CLEAR, { i: { alertId: alert.id, note: '再次解除' } }), 'INVALID_STATE');
    await p.hotspot.relay.flush();
    const events = (await p.streamEvents('hotspot', 'hotspot.alert.cleared')).filter((e) => e.data.alertId === alert.id);
    expect(events.map((e) => e.data.reason)).toEqual(['MANUAL']);
    // A single petition is not a hotspot in lists, but its alert is there.
    const r = await p.gql(supervisor, `query($id: ID!) { petition(id: $id) { hotspot { id } } }`, { id });
    expect(r.data.petition.hotspot).toBeNull();
  });

  it('rebuilding the projection from the intake and case streams gives identical tables', async () => {
    await waitFor('consumers caught up', async () => {
      const [{ n }] = await p.hotspot.dataSource.query(`SELECT count(*)::int AS n FROM hotspot.member`);
      const [{ closed }] = await p.hotspot.dataSource.query(
        `SELECT count(*)::int AS closed FROM hotspot.case_state WHERE state = 'CLOSED'`,
      );
      return n === 9 && closed === 7;
    });
    const r = await p.gql(admin, `mutation { verifyHotspotRebuild { events identical tables { table liveRows rebuiltRows identical } } }`);
    expect(r.errors).toBeUndefined();
    const check = r.data.verifyHotspotRebuild;
    expect(check.tables).toEqual(
      expect.arrayContaining([
        { table: 'hotspot', liveRows: 3, rebuiltRows: 3, identical: true },
        { table: 'member', liveRows: 9, rebuiltRows: 9, identical: true },
        { table: 'alert', liveRows: 3, rebuiltRows: 3, identical: true },
      ]),
    );
    expect(check.identical).toBe(true);
    expect(check.events).toBeGreaterThan(9 + 7 * 4);
  });
});
