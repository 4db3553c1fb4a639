// Loads a small demo jurisdiction through the gateway, the way a client would, and prints tokens.
// Idempotent: departments are upserted; petitions are only added to an empty database.
const { signDevToken, DEV_JWT_SECRET } = require('../libs/auth/dist');
const { addDays, chinaDate } = require('../libs/clock/dist');
const { generateValidIdNumber } = require('../services/intake/dist/petitioner/id-number');

const url = process.argv[2] || 'http://127.0.0.1:4000/graphql';
const secret = process.env.JWT_SECRET || DEV_JWT_SECRET;
const REGION = '330102';

async function gql(token, query, variables = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

const departments = [
  ['D-BUREAU', '区信访局'],
  ['D-HOUSING', '区住房和城乡建设局'],
  ['D-LABOUR', '区人力资源和社会保障局'],
  ['D-EDU', '区教育局'],
  ['D-DISCIPLINE', '区纪委监委'],
  ['D-TOWN-A', '城东街道办事处'],
  ['D-TOWN-B', '城西街道办事处'],
];

const p = (name, seq, birth = '1966-05-12') => ({
  name,
  idNumber: generateValidIdNumber(REGION, birth, seq),
  phone: `1390571${String(1000 + seq).slice(-4)}`,
});

async function main() {
  const tok = (roles, department, subject) => signDevToken(secret, { subject, roles, department, jurisdiction: '3301' });
  const admin = await signDevToken(secret, { subject: 'admin', roles: ['ADMIN'], jurisdiction: '33' });
  const clerk = await tok(['CLERK'], 'D-BUREAU', 'demo-clerk');
  const supervisor = await tok(['SUPERVISOR', 'CLERK'], 'D-BUREAU', 'demo-supervisor');
  const handler = await tok(['HANDLER'], 'D-HOUSING', 'demo-handler-housing');
  const analyst = await tok(['ANALYST'], null, 'demo-analyst');

  for (const [code, name] of departments) {
    await gql(admin, 'mutation($i: DepartmentInput!) { upsertDepartment(input: $i) { code } }', { i: { code, name, regionCode: REGION } });
  }
  // Screening units of one township and two of its villages (upserted: idempotent).
  for (const [code, name, level] of [
    ['330102001', '城东街道', 'TOWNSHIP'],
    ['330102001001', '城东街道幸福社区', 'VILLAGE'],
    ['330102001002', '城东街道和平社区', 'VILLAGE'],
  ]) {
    await gql(admin, 'mutation($i: ScreeningUnitInput!) { defineScreeningUnit(input: $i) { code } }', { i: { code, name, level } });
  }
  const reporter = await signDevToken(secret, { subject: 'demo-reporter', roles: ['REPORTER'], jurisdiction: '330102001001' });
  const existing = await gql(supervisor, '{ petitions(first: 1) { totalCount } }');
  if (existing.petitions.totalCount === 0) {
    const register = async (input) =>
      (
        await gql(
          clerk,
          'mutation($i: RegisterPetitionInput!) { registerPetition(input: $i) { petition { id } trackingNumber accessCode } }',
          { i: input },
        )
      ).registerPetition;
    const route = (i) => gql(supervisor, 'mutation($i: RoutePetitionInput!) { routePetition(input: $i) { id } }', { i });
    const base = { regionCode: REGION, level: 'COUNTY' };

    const demolition = await register({
      ...base,
      channel: 'LETTER',
      nature: 'GRIEVANCE',
      categoryCode: 'HOUSING_EXPROPRIATION',
      involvedOrganization: '城东片区旧城改造指挥部',
      summary: '城东片区旧城改造中房屋被征收，拆迁补偿款至今没有发放。',
      demands: '要求尽快发放拆迁补偿款。',
      petitioners: [p('王建国', 1)],
    });
    await route({ petitionId: demolition.petition.id, mode: 'FORWARD', departmentCode: 'D-HOUSING' });

    const wages = await register({
      ...base,
      channel: 'VISIT',
      nature: 'GRIEVANCE',
      categoryCode: 'LABOUR_SOCIAL_SECURITY',
      visitKind: 'COLLECTIVE',
      headcount: 23,
      involvedOrganization: '某建筑劳务有限公司',
      summary: '23名农民工在安置房项目务工，工资被拖欠三个月。',
      demands: '要求结清拖欠的工资。',
      petitioners: [p('李强', 2), p('张伟', 3), p('刘洋', 4)],
    });
    await route({
      petitionId: wages.petition.id,
      mode: 'ASSIGN',
      departmentCode: 'D-LABOUR',
      cooperatingDepartmentCodes: ['D-HOUSING'],
      resultDays: 30,
    });

    // Two more groups from the same site, in other words: with the first, one hotspot and an alert
    // (three collective visits about one organisation within 7 days).
    for (const [summary, names] of [
      [
        '安置房项目工地拖欠我们农民工三个月工钱，劳务公司老板一直推脱。',
        [
          ['周杰', 8],
          ['吴磊', 9],
        ],
      ],
      [
        '某建筑劳务公司在安置房项目欠薪三个月，二十多名工人讨薪无果。',
        [
          ['郑浩', 10],
          ['冯军', 11],
        ],
      ],
    ]) {
      await register({
        ...base,
        regionCode: '330102001',
        channel: 'VISIT',
        nature: 'GRIEVANCE',
        categoryCode: 'LABOUR_SOCIAL_SECURITY',
        visitKind: 'COLLECTIVE',
        headcount: 12,
        involvedOrganization: '某建筑劳务有限公司',
        summary,
        demands: '要求结清拖欠的工资。',
        petitioners: names.map(([n, s]) => p(n, s)),
      });
    }

    await register({
      ...base,
      channel: 'ONLINE',
      nature: 'SUGGESTION',
      categoryCode: 'EDUCATION',
      summary: '建议在城西新建小区附近增设一所公办小学。',
      demands: '增设公办小学学位。',
      petitioners: [p('陈静', 5, '1985-09-01')],
    });

    const court = await register({
      ...base,
      channel: 'PHONE',
      nature: 'GRIEVANCE',
      categoryCode: 'LAW_LITIGATION',
      summary: '对法院民事判决结果不服，要求改判。',
      demands: '要求改判。',
      petitioners: [p('赵敏', 6)],
    });
    await gql(clerk, 'mutation($i: DeclinePetitionInput!) { declinePetition(input: $i) { id } }', {
      i: {
        petitionId: court.petition.id,
        reasonCode: 'LEGAL_CHANNEL',
        reason: '属于人民法院依法处理的事项，请依法申请再审',
        legalChannel: 'LITIGATION',
      },
    });

    const accusation = await register({
      ...base,
      level: 'TOWNSHIP',
      channel: 'MAILBOX',
      nature: 'ACCUSATION',
      categoryCode: 'VILLAGE_AFFAIRS_FINANCE',
      accusedDepartmentCode: 'D-TOWN-A',
      summary: '反映城东街道某村村务财务长期不公开，征地款去向不明。',
      demands: '要求调查并公开账目。',
      petitioners: [p('孙丽', 7)],
    });
    await route({ petitionId: accusation.petition.id, mode: 'ASSIGN', departmentCode: 'D-DISCIPLINE', resultDays: 60 });

    // Let the case service open the demolition case, then the housing bureau accepts it.
    for (let i = 0; i < 50; i++) {
      const d = await gql(handler, 'query($id: ID!) { petition(id: $id) { case { id state } } }', { id: demolition.petition.id });
      if (d.petition?.case) {
        await gql(handler, 'mutation($id: ID!) { acceptCase(caseId: $id) { state } }', { id: d.petition.case.id });
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(
      `[seed] demo petitions loaded; petitioner view: trackPetition(trackingNumber: "${demolition.trackingNumber}", accessCode: "${demolition.accessCode}")`,
    );
  } else {
    console.log('[seed] demo data already present');
  }

  const hall = await seedHall();

  console.log(`
Gateway:  ${url}
Tokens (development only, 12 h):
  SUPERVISOR+CLERK (区信访局, 3301):  ${supervisor}
  HANDLER (区住房和城乡建设局):        ${handler}
  ANALYST:                            ${analyst}
  REPORTER (幸福社区 screening):       ${reporter}
  HALL_COORDINATOR (联合接访中心):      ${hall.coordinator}
Queue screen (open in a browser):     ${hall.screenUrl}
More: npm run token -- --roles HANDLER --dept D-LABOUR --jur 3301
Try:
  curl -s ${url} -H 'content-type: application/json' -H "authorization: Bearer <token>" \\
    -d '{"query":"{ petitions(first: 5) { totalCount edges { node { trackingNumber status summary case { state deadlines { kind dueOn } } } } } }"}'
  Hotspots (same token): {"query":"{ hotspots { edges { node { label figures { petitions headcount collectiveVisits } alerts { rule status } } } } }"}
  Statistics (ANALYST token): {"query":"{ petitionStats(period: { year: ${new Date().getFullYear()} }, groupBy: [LEVEL, VISIT_KIND]) { total { batches people } rows { key { level visitKind } batches people share } } }"}
`);
}

// The district's joint reception hall: three stationed departments on duty today, a few visitors
// waiting, city leaders receiving every Thursday. Idempotent: the hall and stations are found or
// created, the roster is upserted, check-ins and tickets happen once.
async function seedHall() {
  const coordinator = await signDevToken(secret, { subject: 'demo-coordinator', roles: ['HALL_COORDINATOR'], jurisdiction: REGION });
  const { halls } = await gql(coordinator, '{ halls { id code screenPath } }');
  let hall = halls.find((h) => h.code === 'XC-HALL');
  if (!hall) {
    const created = await gql(coordinator, 'mutation($i: HallInput!) { createHall(input: $i) { id } }', {
      i: { code: 'XC-HALL', name: '西城区联合接访中心', regionCode: REGION, opensAt: '08:30', closesAt: '17:30' },
    });
    hall = { id: created.createHall.id };
  }
  const stations = [];
  for (const [windowNo, departmentCode, label] of [
    ['1', 'D-HOUSING', '住建局'],
    ['2', 'D-LABOUR', '人社局'],
    ['3', 'D-EDU', '教育局'],
  ]) {
    const r = await gql(coordinator, 'mutation($i: StationInput!) { stationDepartment(input: $i) { id departmentCode } }', {
      i: { hallId: hall.id, windowNo, departmentCode, label },
    });
    stations.push(r.stationDepartment);
  }
  const { hall: read } = await gql(coordinator, 'query($id: ID!) { hall(id: $id) { screenPath } }', { id: hall.id });
  // Today's roster from now to the end of the day (a demo is started at any hour), everyone checked in.
  const today = chinaDate(new Date());
  const start = new Date(Date.now() + 8 * 3600_000).toISOString().slice(11, 16); // China wall-clock HH:MM
  if (start < '23:50') {
    const { planDutyRoster } = await gql(coordinator, 'mutation($i: RosterInput!) { planDutyRoster(input: $i) { id checkedInAt } }', {
      i: {
        hallId: hall.id,
        serviceDate: today,
        shifts: stations.map((s) => ({
          stationId: s.id,
          dutyRole: 'DUTY_OFFICER',
          staffRef: `demo-officer-${s.departmentCode}`,
          startsAt: start,
          endsAt: '23:59',
        })),
      },
    });
    for (const shift of planDutyRoster.filter((s) => !s.checkedInAt)) {
      await gql(coordinator, 'mutation($id: ID!) { checkInDuty(shiftId: $id) { attendance } }', { id: shift.id }).catch(() => undefined);
    }
    const { queue } = await gql(coordinator, 'query($h: ID!) { queue(hallId: $h) { id } }', { h: hall.id });
    if (queue.length === 0) {
      for (const [visitKind, headcount, departmentCode] of [
        ['INDIVIDUAL', 1, 'D-HOUSING'],
        ['INDIVIDUAL', 2, 'D-LABOUR'],
        ['COLLECTIVE', 8, 'D-LABOUR'],
        ['INDIVIDUAL', 1, null],
      ]) {
        await gql(coordinator, 'mutation($i: TicketInput!) { issueTicket(input: $i) { number } }', {
          i: { hallId: hall.id, visitKind, headcount, ...(departmentCode ? { departmentCode } : {}) },
        });
      }
      await gql(coordinator, 'mutation($s: ID!) { callNextTicket(stationId: $s) { number } }', { s: stations[0].id });
    }
  }
  await gql(coordinator, 'mutation($i: ReceptionScheduleInput!) { scheduleLeaderReceptionDays(input: $i) { id } }', {
    i: {
      hallId: hall.id,
      leaderRef: 'demo-vice-mayor',
      leaderTitle: '副区长',
      weekday: 4,
      from: today,
      to: addDays(today, 28),
      startsAt: '09:00',
      endsAt: '12:00',
      capacity: 10,
    },
  });
  const base = process.env.RECEPTION_BASE || 'http://127.0.0.1:4004';
  return { coordinator, screenUrl: `${base}${read.screenPath}` };
}

main().catch((error) => {
  console.error(`[seed] failed: ${error.message}`);
  process.exit(1);
});
