import { SettableClock } from '@petition/clock';

import { DEPARTMENTS, letter, person, REGION, REGISTER, seedDepartments } from '../src/fixtures';
import { expectCode, startPlatform, token, waitFor, type Platform } from '../src/harness';

// A day in a joint reception hall (联合接访大厅), on the real PostgreSQL and NATS, through the gateway:
// roster and check-ins, ten visitors called and served with demand forms, a joint session whose lead
// and cooperating units reach the case, a leader reception day with two appointments, the figures.
const DAY = '2026-03-05'; // a Thursday, a working day
const at = (clock: SettableClock, hhmm: string, day = DAY) => clock.set(new Date(`${day}T${hhmm}:00+08:00`));

const HALL_FIELDS = `id code name regionCode screenPath stations { id windowNo departmentCode label department { name } }`;
const SHIFT_FIELDS = `id stationId departmentCode dutyRole staffRef attendance lateMinutes leftEarlyMinutes checkedInAt`;
const TICKET_FIELDS = `id number state stationId windowNo visitKind headcount waitMinutes serviceMinutes
  demandForm { petition { id } answer settledInHall }`;

describe('joint reception: a day in the hall', () => {
  const clock = new SettableClock(`${DAY}T07:50:00+08:00`);
  let p: Platform;
  let admin: string;
  let coordinator: string;
  let clerk: string;
  let leader: string;
  let analyst: string;
  const officer: Record<string, string> = {};
  let hall: { id: string; screenPath: string; stations: Array<{ id: string; windowNo: string; departmentCode: string }> };
  const station = (code: string) => hall.stations.find((s) => s.departmentCode === code)!.id;
  let shifts: Array<{ id: string; staffRef: string; dutyRole: string; departmentCode: string }>;
  const petitions: string[] = [];

  beforeAll(async () => {
    p = await startPlatform({ clock });
    admin = await token({ roles: ['ADMIN'], subject: 'admin-1', jurisdiction: '3301' });
    coordinator = await token({ roles: ['HALL_COORDINATOR'], subject: 'coord-1', jurisdiction: REGION });
    clerk = await token({ roles: ['CLERK'], subject: 'clerk-1', jurisdiction: REGION, department: 'BUREAU' });
    leader = await token({ roles: ['LEADER'], subject: 'vice-mayor', jurisdiction: REGION });
    analyst = await token({ roles: ['ANALYST'], subject: 'analyst-1', jurisdiction: REGION });
    for (const d of ['D-HOUSING', 'D-LABOUR', 'D-EDU']) {
      officer[d] = await token({ roles: ['HANDLER'], subject: `officer-${d}`, department: d, jurisdiction: REGION });
    }
    await seedDepartments(p, admin);
  });
  afterAll(() => p?.stop());

  it('sets up the hall: three stationed departments and the day roster', async () => {
    const created = await p.gql(coordinator, `mutation($i: HallInput!) { createHall(input: $i) { id } }`, {
      i: { code: 'XC-HALL', name: '西城区联合接访中心', regionCode: REGION },
    });
    expect(created.errors).toBeUndefined();
    const hallId = created.data.createHall.id;
    for (const [windowNo, code, label] of [
      ['1', 'D-HOUSING', '住建局'],
      ['2', 'D-LABOUR', '人社局'],
      ['3', 'D-EDU', '教育局'],
    ]) {
      const r = await p.gql(coordinator, `mutation($i: StationInput!) { stationDepartment(input: $i) { id } }`, {
        i: { hallId, windowNo, departmentCode: code, label },
      });
      expect(r.errors).toBeUndefined();
    }
    const read = await p.gql(coordinator, `query($id: ID!) { hall(id: $id) { ${HALL_FIELDS} } }`, { id: hallId });
    hall = read.data.hall;
    expect(hall.stations.map((s) => s.windowNo)).toEqual(['1', '2', '3']);
    // The stationed department's name comes from intake through the gateway (a Department reference).
    expect(read.data.hall.stations.map((s: { department: { name: string } }) => s.department.name)).toEqual([
      '区住房和城乡建设局',
      '区人力资源和社会保障局',
      '区教育局',
    ]);
    expect(hall.screenPath).toMatch(new RegExp(`^/screen/${hallId}\\?key=[A-Za-z0-9_-]{20,}$`));

    const shift = (code: string, dutyRole: string, staffRef: string) => ({
      stationId: station(code),
      dutyRole,
      staffRef,
      startsAt: '08:30',
      endsAt: '17:30',
    });
    const roster = await p.gql(coordinator, `mutation($i: RosterInput!) { planDutyRoster(input: $i) { ${SHIFT_FIELDS} } }`, {
      i: {
        hallId,
        serviceDate: DAY,
        shifts: [
          shift('D-HOUSING', 'DUTY_OFFICER', 'officer-D-HOUSING'),
          shift('D-HOUSING', 'DUTY_LEADER', 'leader-housing'),
          shift('D-LABOUR', 'DUTY_OFFICER', 'officer-D-LABOUR'),
          shift('D-EDU', 'DUTY_OFFICER', 'officer-D-EDU'),
        ],
      },
    });
    expect(roster.errors).toBeUndefined();
    shifts = roster.data.planDutyRoster;
    expect(shifts).toHaveLength(4);
    expect(roster.data.planDutyRoster.every((s: { attendance: string }) => s.attendance === 'SCHEDULED')).toBe(true);
    // The other services' analysts see no hall, only figures.
    expect((await p.gql(analyst, `{ halls { id } }`)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('records check-ins: one late, one absent, each recorded once and evented', async () => {
    const shiftOf = (staff: string) => shifts.find((s) => s.staffRef === staff)!.id;
    const checkIn = (tok: string, staff: string) =>
      p.gql(tok, `mutation($id: ID!) { checkInDuty(shiftId: $id) { ${SHIFT_FIELDS} } }`, { id: shiftOf(staff) });

    at(clock, '08:25');
    expect((await checkIn(officer['D-HOUSING'], 'officer-D-HOUSING')).data.checkInDuty.attendance).toBe('ON_DUTY');
    at(clock, '08:29');
    // The coordinator's ID reader checks an officer in; another department's officer may not.
    expectCode(await checkIn(officer['D-EDU'], 'officer-D-LABOUR'), 'NOT_ON_ROSTER');
    expect((await checkIn(coordinator, 'officer-D-LABOUR')).data.checkInDuty.attendance).toBe('ON_DUTY');
    expectCode(await checkIn(coordinator, 'officer-D-LABOUR'), 'ALREADY_CHECKED_IN');
    at(clock, '08:47');
    const late = (await checkIn(officer['D-EDU'], 'officer-D-EDU')).data.checkInDuty;
    expect(late).toMatchObject({ attendance: 'LATE', lateMinutes: 17 });

    // 09:00 is 30 minutes after the start: the duty leader who never came is absent (once).
    at(clock, '08:59');
    expect((await p.gql(coordinator, `mutation { runDutyScan }`)).data.runDutyScan).toBe(0);
    at(clock, '09:01');
    expect((await p.gql(coordinator, `mutation { runDutyScan }`)).data.runDutyScan).toBe(1);
    expect((await p.gql(coordinator, `mutation { runDutyScan }`)).data.runDutyScan).toBe(0);

    const roster = await p.gql(
      coordinator,
      `query($h: ID!, $d: String!) { roster(hallId: $h, serviceDate: $d) { staffRef attendance lateMinutes } }`,
      {
        h: hall.id,
        d: DAY,
      },
    );
    expect(Object.fromEntries(roster.data.roster.map((s: { staffRef: string; attendance: string }) => [s.staffRef, s.attendance]))).toEqual(
      {
        'officer-D-HOUSING': 'ON_DUTY',
        'leader-housing': 'ABSENT',
        'officer-D-LABOUR': 'ON_DUTY',
        'officer-D-EDU': 'LATE',
      },
    );
    const missed = await waitFor('duty.missed events', async () => {
      const events = await p.streamEvents('reception', 'reception.duty.missed');
      return events.length === 2 && events;
    });
    expect(missed.map((e) => [e.data.departmentCode, e.data.dutyRole, e.data.kind, e.data.minutes])).toEqual([
      ['D-EDU', 'DUTY_OFFICER', 'LATE', 17],
      ['D-HOUSING', 'DUTY_LEADER', 'ABSENT', 31],
    ]);
    // The event names the department and the role, never the person on duty.
    expect(JSON.stringify(missed)).not.toContain('leader-housing');
  });

  it('issues ten tickets, calls and serves them, each with a demand form linked to a registered petition', async () => {
    // 09:00–09:09: the ticket machine issues ten numbers; the visitor picks the matter, so the department.
    const windows = ['D-HOUSING', 'D-LABOUR', 'D-EDU'];
    const tickets: Array<{ id: string; number: string; department: string; collective: boolean }> = [];
    for (let i = 0; i < 10; i++) {
      at(clock, `09:0${i}`);
      const collective = i === 9;
      const r = await p.gql(coordinator, `mutation($i: TicketInput!) { issueTicket(input: $i) { ${TICKET_FIELDS} } }`, {
        i: {
          hallId: hall.id,
          visitKind: collective ? 'COLLECTIVE' : 'INDIVIDUAL',
          headcount: collective ? 6 : 1,
          departmentCode: windows[i % 3],
          ...(i === 4 ? { language: 'ug' } : {}),
        },
      });
      expect(r.errors).toBeUndefined();
      expect(r.data.issueTicket).toMatchObject({ state: 'WAITING', stationId: station(windows[i % 3]) });
      tickets.push({ id: r.data.issueTicket.id, number: r.data.issueTicket.number, department: windows[i % 3], collective });
    }
    expect(tickets.map((t) => t.number)).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'A006', 'A007', 'A008', 'A009', 'B010']);

    // Rounds at 09:10, 09:20, 09:30, 09:40: each window calls its next visitor, registers the
    // matter in intake (8 minutes at the window) and hands over the demand form.
    const settled = new Set([0, 1, 2, 3, 4, 5, 6]);
    for (let round = 0; round < 4; round++) {
      for (const department of windows) {
        at(clock, `09:${round + 1}0`);
        const called = await p.gql(officer[department], `mutation($s: ID!) { callNextTicket(stationId: $s) { ${TICKET_FIELDS} } }`, {
          s: station(department),
        });
        expect(called.errors).toBeUndefined();
        const next = tickets.filter((t) => t.department === department)[round];
        if (!next) {
          expect(called.data.callNextTicket).toBeNull();
          continue;
        }
        expect(called.data.callNextTicket).toMatchObject({ id: next.id, state: 'CALLED' });
        // A window with a visitor not yet served cannot call the next one.
        expectCode(
          await p.gql(officer[department], `mutation($s: ID!) { callNextTicket(stationId: $s) { id } }`, { s: station(department) }),
          'INVALID_STATE',
        );

        at(clock, `09:${round + 1}8`);
        const index = tickets.indexOf(next);
        const registered = await p.gql(clerk, REGISTER, {
          input: letter({
            channel: 'VISIT',
            level: 'CITY',
            categoryCode: index % 3 === 1 ? 'SOCIAL_SECURITY' : 'HOUSING_EXPROPRIATION',
            summary: `来访第${index + 1}号：反映的问题与诉求，窗口当场登记（测试）。`,
            ...(next.collective
              ? { visitKind: 'COLLECTIVE', headcount: 6, petitioners: [person(), person(), person()] }
              : { petitioners: [person()] }),
          }),
        });
        expect(registered.errors).toBeUndefined();
        petitions[index] = registered.data.registerPetition.petition.id;
        const served = await p.gql(officer[department], `mutation($i: ServeTicketInput!) { serveTicket(input: $i) { ${TICKET_FIELDS} } }`, {
          i: { ticketId: next.id, petitionId: petitions[index], answer: '已登记并告知办理部门和期限。', settledInHall: settled.has(index) },
        });
        expect(served.errors).toBeUndefined();
        expect(served.data.serveTicket).toMatchObject({
          state: 'SERVED',
          serviceMinutes: 8,
          demandForm: { petition: { id: petitions[index] } },
        });
      }
    }

    const served = await waitFor('ten visit.served events', async () => {
      const events = await p.streamEvents('reception', 'reception.visit.served');
      return events.length === 10 && events;
    });
    expect(served.map((e) => e.data.waitSeconds / 60).sort((a, b) => a - b)).toEqual([8, 9, 10, 15, 16, 17, 22, 23, 24, 31]);
    expect((await p.streamEvents('reception', 'reception.visit.checkedIn')).length).toBe(10);

    // The petition shows its visit through the gateway (intake's Petition, extended by the reception).
    const petition = await p.gql(
      clerk,
      `query($id: ID!) { petition(id: $id) { trackingNumber receptionVisits { number windowNo demandForm { answer settledInHall } } } }`,
      {
        id: petitions[9],
      },
    );
    expect(petition.errors).toBeUndefined();
    expect(petition.data.petition.receptionVisits).toEqual([
      { number: 'B010', windowNo: '1', demandForm: { answer: '已登记并告知办理部门和期限。', settledInHall: false } },
    ]);
  });

  it('a joint session concludes, and the case shows the lead and cooperating departments', async () => {
    // The collective visit concerns both housing and labour: it is routed, then the departments meet.
    at(clock, '09:49');
    const routed = await p.gql(clerk, `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { status } }`, {
      i: { petitionId: petitions[9], mode: 'ASSIGN', departmentCode: 'D-HOUSING', resultDays: 30 },
    });
    expect(routed.errors).toBeUndefined();
    await waitFor('case opened', async () => {
      const r = await p.gql(officer['D-HOUSING'], `query($id: ID!) { petition(id: $id) { case { id } } }`, { id: petitions[9] });
      return r.data?.petition?.case;
    });

    at(clock, '09:50');
    const convened = await p.gql(
      coordinator,
      `mutation($i: ConveneJointSessionInput!) { conveneJointSession(input: $i) { id state presentDepartmentCodes } }`,
      {
        i: { hallId: hall.id, petitionId: petitions[9], departmentCodes: ['D-HOUSING', 'D-LABOUR'] },
      },
    );
    expect(convened.errors).toBeUndefined();
    at(clock, '10:20');
    const concluded = await p.gql(
      coordinator,
      `mutation($i: ConcludeJointSessionInput!) { concludeJointSession(input: $i) {
        state leadDepartmentCode cooperatingDepartmentCodes settledInHall leadDepartment { name } cooperatingDepartments { name } } }`,
      {
        i: {
          sessionId: convened.data.conveneJointSession.id,
          plan: '住建局牵头核实安置补偿标准，人社局核查拖欠工资，十个工作日内联合答复。',
          leadDepartmentCode: 'D-HOUSING',
          cooperatingDepartmentCodes: ['D-LABOUR'],
          settledInHall: false,
        },
      },
    );
    expect(concluded.errors).toBeUndefined();
    expect(concluded.data.concludeJointSession).toEqual({
      state: 'CONCLUDED',
      leadDepartmentCode: 'D-HOUSING',
      cooperatingDepartmentCodes: ['D-LABOUR'],
      settledInHall: false,
      leadDepartment: { name: '区住房和城乡建设局' },
      cooperatingDepartments: [{ name: '区人力资源和社会保障局' }],
    });

    // The case service consumed reception.jointSession.concluded: the labour bureau now sees the case too.
    const kase = await waitFor('case assigned by the joint session', async () => {
      const r = await p.gql(
        officer['D-LABOUR'],
        `query($id: ID!) { petition(id: $id) { case { leadDepartmentCode cooperatingDepartmentCodes timeline { action } } } }`,
        {
          id: petitions[9],
        },
      );
      return r.data?.petition?.case?.leadDepartmentCode === 'D-HOUSING' && r.data.petition.case;
    });
    expect(kase.cooperatingDepartmentCodes).toEqual(['D-LABOUR']);
    expect(kase.timeline.map((t: { action: string }) => t.action)).toContain('JOINT_SESSION_ASSIGNED');
  });

  it('a session held before routing reaches the case opened afterwards', async () => {
    at(clock, '10:30');
    const convened = await p.gql(coordinator, `mutation($i: ConveneJointSessionInput!) { conveneJointSession(input: $i) { id } }`, {
      i: { hallId: hall.id, petitionId: petitions[8], departmentCodes: ['D-EDU', 'D-HOUSING', 'D-EDU'] },
    });
    expect(convened.errors).toBeUndefined();
    await p.gql(coordinator, `mutation($i: ConcludeJointSessionInput!) { concludeJointSession(input: $i) { id } }`, {
      i: {
        sessionId: convened.data.conveneJointSession.id,
        plan: '教育局牵头，住建局配合，当场答复。',
        leadDepartmentCode: 'D-EDU',
        cooperatingDepartmentCodes: ['D-HOUSING'],
        settledInHall: true,
      },
    });
    await waitFor('concluded event', async () => (await p.streamEvents('reception', 'reception.jointSession.concluded')).length === 2);
    await p.gql(clerk, `mutation($i: RoutePetitionInput!) { routePetition(input: $i) { status } }`, {
      i: { petitionId: petitions[8], mode: 'FORWARD', departmentCode: 'D-EDU' },
    });
    const kase = await waitFor('case opened with the session assignment', async () => {
      const r = await p.gql(
        officer['D-HOUSING'],
        `query($id: ID!) { petition(id: $id) { case { departmentCode leadDepartmentCode cooperatingDepartmentCodes } } }`,
        {
          id: petitions[8],
        },
      );
      return r.data?.petition?.case;
    });
    expect(kase).toEqual({ departmentCode: 'D-EDU', leadDepartmentCode: 'D-EDU', cooperatingDepartmentCodes: ['D-HOUSING'] });
  });

  it('a leader reception day (every Thursday) with two appointments', async () => {
    at(clock, '10:40');
    const scheduled = await p.gql(
      coordinator,
      `mutation($i: ReceptionScheduleInput!) { scheduleLeaderReceptionDays(input: $i) { id serviceDate capacity booked } }`,
      {
        i: {
          hallId: hall.id,
          leaderRef: 'vice-mayor',
          leaderTitle: '副区长',
          weekday: 4,
          from: DAY,
          to: '2026-03-26',
          startsAt: '13:30',
          endsAt: '17:00',
          capacity: 2,
        },
      },
    );
    expect(scheduled.errors).toBeUndefined();
    expect(scheduled.data.scheduleLeaderReceptionDays.map((d: { serviceDate: string }) => d.serviceDate)).toEqual([
      '2026-03-05',
      '2026-03-12',
      '2026-03-19',
      '2026-03-26',
    ]);
    // Weekday 7 is Sunday: a leader may receive at the weekend (holidays are skipped, weekends are not).
    const sundays = await p.gql(
      coordinator,
      `mutation($i: ReceptionScheduleInput!) { scheduleLeaderReceptionDays(input: $i) { serviceDate } }`,
      {
        i: { hallId: hall.id, leaderRef: 'mayor', leaderTitle: '区长', weekday: 7, from: DAY, to: '2026-03-15' },
      },
    );
    expect(sundays.data.scheduleLeaderReceptionDays).toEqual([{ serviceDate: '2026-03-08' }, { serviceDate: '2026-03-15' }]);
    const today = scheduled.data.scheduleLeaderReceptionDays[0].id;
    const book = (petitionId: string) =>
      p.gql(clerk, `mutation($i: AppointmentInput!) { bookAppointment(input: $i) { id state } }`, {
        i: { receptionDayId: today, petitionId },
      });
    const first = await book(petitions[0]);
    const second = await book(petitions[1]);
    expect([first.errors, second.errors]).toEqual([undefined, undefined]);
    expectCode(await book(petitions[1]), 'ALREADY_BOOKED');
    expectCode(await book(petitions[2]), 'RECEPTION_DAY_FULL');

    at(clock, '14:30');
    for (const [appointment, outcome] of [
      [first.data.bookAppointment.id, 'SETTLED'],
      [second.data.bookAppointment.id, 'INSTRUCTED'],
    ]) {
      const r = await p.gql(leader, `mutation($i: AppointmentOutcomeInput!) { recordAppointmentOutcome(input: $i) { state outcome } }`, {
        i: { appointmentId: appointment, outcome, note: '领导当面听取诉求。' },
      });
      expect(r.data.recordAppointmentOutcome).toEqual({ state: 'CONCLUDED', outcome });
    }
    const days = await p.gql(
      coordinator,
      `query($h: ID!) { leaderReceptionDays(hallId: $h, period: { from: "${DAY}", to: "${DAY}" }) { booked } }`,
      { h: hall.id },
    );
    expect(days.data.leaderReceptionDays).toEqual([{ booked: 2 }]);
  });

  it("the day's figures are right to the visit", async () => {
    // Afternoon: the labour officer leaves 45 minutes early, the others at the end of the shift.
    const shiftOf = (staff: string) => shifts.find((s) => s.staffRef === staff)!.id;
    const checkOut = (tok: string, staff: string) =>
      p.gql(tok, `mutation($id: ID!) { checkOutDuty(shiftId: $id) { attendance leftEarlyMinutes } }`, { id: shiftOf(staff) });
    at(clock, '16:45');
    expect((await checkOut(officer['D-LABOUR'], 'officer-D-LABOUR')).data.checkOutDuty).toEqual({
      attendance: 'LEFT_EARLY',
      leftEarlyMinutes: 45,
    });
    at(clock, '17:30');
    expect((await checkOut(officer['D-HOUSING'], 'officer-D-HOUSING')).data.checkOutDuty.attendance).toBe('PRESENT');
    expect((await checkOut(officer['D-EDU'], 'officer-D-EDU')).data.checkOutDuty.attendance).toBe('LATE');

    const figures = await p.gql(
      analyst,
      `query($h: ID) { receptionFigures(hallId: $h, period: { from: "${DAY}", to: "${DAY}" }) {
        days { date ticketsIssued visitsServed people collectiveVisits }
        visitsServed people averageWaitMinutes p90WaitMinutes averageServiceMinutes settledInHall settledInHallRate
        jointSessions jointSessionsSettledInHall leaderAppointments
        attendance { departmentCode shifts compliant late absent leftEarly complianceRate } } }`,
      { h: hall.id },
    );
    expect(figures.errors).toBeUndefined();
    // Waits 8, 9, 10, 15, 16, 17, 22, 23, 24, 31 minutes: mean 17.5; p90 = 24 + 0.1 × (31 − 24) = 24.7.
    expect(figures.data.receptionFigures).toEqual({
      days: [{ date: DAY, ticketsIssued: 10, visitsServed: 10, people: 15, collectiveVisits: 1 }],
      visitsServed: 10,
      people: 15,
      averageWaitMinutes: 17.5,
      p90WaitMinutes: 24.7,
      averageServiceMinutes: 8,
      settledInHall: 7,
      settledInHallRate: 0.7,
      jointSessions: 2,
      jointSessionsSettledInHall: 1,
      leaderAppointments: 2,
      attendance: [
        { departmentCode: 'D-EDU', shifts: 1, compliant: 0, late: 1, absent: 0, leftEarly: 0, complianceRate: 0 },
        { departmentCode: 'D-HOUSING', shifts: 2, compliant: 1, late: 0, absent: 1, leftEarly: 0, complianceRate: 0.5 },
        { departmentCode: 'D-LABOUR', shifts: 1, compliant: 0, late: 0, absent: 0, leftEarly: 1, complianceRate: 0 },
      ],
    });
    const events = await p.streamEvents('reception');
    expect(events.length).toBeGreaterThanOrEqual(10 + 10 + 2 + 3 + 2);
    // No name, ID number or phone of any visitor ever leaves intake in a reception event.
    expect(JSON.stringify(events)).not.toMatch(/测试人|1380000/);
    expect(DEPARTMENTS.length).toBeGreaterThan(0);
  });

  describe('bad input: a coded error and nothing half-written', () => {
    async function snapshot() {
      const [row] = await p.reception.dataSource.query(
        `SELECT (SELECT count(*)::int FROM reception.ticket) AS tickets,
                (SELECT count(*)::int FROM reception.ticket WHERE state = 'WAITING') AS waiting,
                (SELECT count(*)::int FROM reception.joint_session) AS sessions,
                (SELECT count(*)::int FROM reception.outbox) AS outbox,
                (SELECT count(*)::int FROM reception.hall) AS halls,
                (SELECT count(*)::int FROM reception.duty_shift) AS shifts,
                (SELECT count(*)::int FROM reception.appointment) AS appointments`,
      );
      return row;
    }
    const unchanged = async (run: () => Promise<unknown>) => {
      const before = await snapshot();
      await run();
      expect(await snapshot()).toEqual(before);
    };

    it('calling a ticket at a window with nobody on duty → NO_OFFICER_ON_DUTY, the ticket still waits', async () => {
      at(clock, '17:40');
      const issued = await p.gql(coordinator, `mutation($i: TicketInput!) { issueTicket(input: $i) { id number state } }`, {
        i: { hallId: hall.id, departmentCode: 'D-EDU' },
      });
      expect(issued.data.issueTicket).toMatchObject({ number: 'A011', state: 'WAITING' });
      await unchanged(async () =>
        expectCode(
          await p.gql(coordinator, `mutation($s: ID!) { callNextTicket(stationId: $s) { id } }`, { s: station('D-EDU') }),
          'NO_OFFICER_ON_DUTY',
        ),
      );
      const ticket = await p.gql(coordinator, `query($id: ID!) { ticket(id: $id) { state calledAt } }`, { id: issued.data.issueTicket.id });
      expect(ticket.data.ticket).toEqual({ state: 'WAITING', calledAt: null });
    });

    it('serving a ticket twice → TICKET_ALREADY_SERVED, one served event', async () => {
      const queue = await p.gql(coordinator, `query($h: ID!) { queue(hallId: $h, serviceDate: "${DAY}") { id number state } }`, {
        h: hall.id,
      });
      const first = queue.data.queue.find((t: { number: string }) => t.number === 'A001');
      await unchanged(async () =>
        expectCode(
          await p.gql(coordinator, `mutation($i: ServeTicketInput!) { serveTicket(input: $i) { id } }`, {
            i: { ticketId: first.id, petitionId: petitions[0], answer: '再次出具诉求单', settledInHall: true },
          }),
          'TICKET_ALREADY_SERVED',
        ),
      );
      const served = await p.streamEvents('reception', 'reception.visit.served');
      expect(served.filter((e) => e.data.ticketId === first.id)).toHaveLength(1);
    });

    it('a joint session with one department → JOINT_SESSION_NEEDS_TWO_DEPARTMENTS, no session', async () => {
      for (const departmentCodes of [['D-HOUSING'], ['D-HOUSING', 'D-HOUSING'], []]) {
        await unchanged(async () =>
          expectCode(
            await p.gql(coordinator, `mutation($i: ConveneJointSessionInput!) { conveneJointSession(input: $i) { id } }`, {
              i: { hallId: hall.id, petitionId: petitions[3], departmentCodes },
            }),
            'JOINT_SESSION_NEEDS_TWO_DEPARTMENTS',
          ),
        );
      }
    });

    it('other refusals of the hall mutations, each coded, none writing anything', async () => {
      const unknown = '0b7d2a8e-1c3f-4d5e-9a6b-7c8d9e0f1a2b';
      const cases: Array<[string, string, Record<string, unknown>, string, string?]> = [
        [
          `mutation($i: HallInput!) { createHall(input: $i) { id } }`,
          'i',
          { code: 'XC-HALL', name: '重复的大厅', regionCode: REGION },
          'BAD_USER_INPUT',
        ],
        [
          `mutation($i: HallInput!) { createHall(input: $i) { id } }`,
          'i',
          { code: 'X2', name: '外区大厅', regionCode: '440101' },
          'FORBIDDEN',
        ],
        [
          `mutation($i: HallInput!) { createHall(input: $i) { id } }`,
          'i',
          { code: 'X3', name: '时间错', regionCode: REGION, opensAt: '25:00' },
          'BAD_USER_INPUT',
        ],
        [
          `mutation($i: HallInput!) { createHall(input: $i) { id } }`,
          'i',
          { code: 'X4', name: '村级', regionCode: '330102001001' },
          'BAD_USER_INPUT',
        ],
        [
          `mutation($i: StationInput!) { stationDepartment(input: $i) { id } }`,
          'i',
          { hallId: unknown, windowNo: '9', departmentCode: 'D-X', label: '某局' },
          'HALL_NOT_FOUND',
        ],
        [
          `mutation($i: StationInput!) { stationDepartment(input: $i) { id } }`,
          'i',
          { hallId: hall.id, windowNo: '1', departmentCode: 'D-NEW', label: '新局' },
          'BAD_USER_INPUT',
        ],
        [
          `mutation($i: RosterInput!) { planDutyRoster(input: $i) { id } }`,
          'i',
          {
            hallId: hall.id,
            serviceDate: '2026-02-30',
            shifts: [{ stationId: station('D-EDU'), dutyRole: 'DUTY_OFFICER', staffRef: 'x', startsAt: '08:30', endsAt: '17:30' }],
          },
          'BAD_USER_INPUT',
        ],
        [
          `mutation($i: RosterInput!) { planDutyRoster(input: $i) { id } }`,
          'i',
          {
            hallId: hall.id,
            serviceDate: '2026-03-06',
            shifts: [{ stationId: unknown, dutyRole: 'DUTY_OFFICER', staffRef: 'x', startsAt: '08:30', endsAt: '17:30' }],
          },
          'STATION_NOT_FOUND',
        ],
        [
          `mutation($i: RosterInput!) { planDutyRoster(input: $i) { id } }`,
          'i',
          {
            hallId: hall.id,
            serviceDate: '2026-03-06',
            shifts: [{ stationId: station('D-EDU'), dutyRole: 'DUTY_OFFICER', staffRef: 'x', startsAt: '17:30', endsAt: '08:30' }],
          },
          'BAD_USER_INPUT',
        ],
        [`mutation($i: ID!) { checkInDuty(shiftId: $i) { id } }`, 'i', 'nope' as never, 'SHIFT_NOT_FOUND'],
        [
          `mutation($i: ID!) { checkOutDuty(shiftId: $i) { id } }`,
          'i',
          shifts.find((s) => s.staffRef === 'leader-housing')!.id as never,
          'NOT_CHECKED_IN',
        ],
        [
          `mutation($i: TicketInput!) { issueTicket(input: $i) { id } }`,
          'i',
          { hallId: hall.id, visitKind: 'COLLECTIVE', headcount: 3 },
          'BAD_USER_INPUT',
        ],
        [`mutation($i: TicketInput!) { issueTicket(input: $i) { id } }`, 'i', { hallId: hall.id, language: 'zh' }, 'BAD_USER_INPUT'],
        [
          `mutation($i: TicketInput!) { issueTicket(input: $i) { id } }`,
          'i',
          { hallId: hall.id, departmentCode: 'D-NOT-HERE' },
          'DEPARTMENT_NOT_STATIONED',
        ],
        [
          `mutation($i: ID!) { triageTicket(ticketId: $i, stationId: "${station('D-EDU')}") { id } }`,
          'i',
          unknown as never,
          'TICKET_NOT_FOUND',
        ],
        [`mutation($i: ID!) { callNextTicket(stationId: $i) { id } }`, 'i', 'x' as never, 'STATION_NOT_FOUND'],
        [`mutation($i: ID!) { markTicketNoShow(ticketId: $i) { id } }`, 'i', unknown as never, 'TICKET_NOT_FOUND'],
        [
          `mutation($i: ServeTicketInput!) { serveTicket(input: $i) { id } }`,
          'i',
          { ticketId: unknown, petitionId: unknown, answer: '答复', settledInHall: false },
          'PETITION_NOT_REGISTERED',
        ],
        [
          `mutation($i: ConcludeJointSessionInput!) { concludeJointSession(input: $i) { id } }`,
          'i',
          { sessionId: unknown, plan: '方案', leadDepartmentCode: 'D-EDU', cooperatingDepartmentCodes: ['D-HOUSING'], settledInHall: true },
          'JOINT_SESSION_NOT_FOUND',
        ],
        [
          `mutation($i: ReceptionScheduleInput!) { scheduleLeaderReceptionDays(input: $i) { id } }`,
          'i',
          { hallId: hall.id, leaderRef: 'm', leaderTitle: '市长', weekday: 8, from: DAY, to: DAY },
          'BAD_USER_INPUT',
        ],
        [
          `mutation($i: ReceptionScheduleInput!) { scheduleLeaderReceptionDays(input: $i) { id } }`,
          'i',
          { hallId: hall.id, leaderRef: 'm', leaderTitle: '市长', weekday: 4, from: '2026-03-26', to: DAY },
          'BAD_USER_INPUT',
        ],
        [
          `mutation($i: AppointmentInput!) { bookAppointment(input: $i) { id } }`,
          'i',
          { receptionDayId: unknown, petitionId: petitions[0] },
          'RECEPTION_DAY_NOT_FOUND',
        ],
        [
          `mutation($i: AppointmentOutcomeInput!) { recordAppointmentOutcome(input: $i) { id } }`,
          'i',
          { appointmentId: unknown, outcome: 'SETTLED' },
          'APPOINTMENT_NOT_FOUND',
        ],
        [
          `mutation($i: FieldVisitInput!) { recordFieldVisit(input: $i) { id } }`,
          'i',
          {
            leaderRef: 'm',
            leaderTitle: '区长',
            visitDate: DAY,
            regionCode: REGION,
            destination: '某村',
            problemsFound: 1,
            problemsSolved: 2,
          },
          'BAD_USER_INPUT',
        ],
        [
          `mutation($i: FieldVisitInput!) { recordFieldVisit(input: $i) { id } }`,
          'i',
          {
            leaderRef: 'm',
            leaderTitle: '区长',
            visitDate: DAY,
            regionCode: '440101',
            destination: '外区',
            problemsFound: 1,
            problemsSolved: 1,
          },
          'FORBIDDEN',
        ],
      ];
      for (const [query, name, value, code] of cases) {
        await unchanged(async () => {
          const r = await p.gql(coordinator, query, { [name]: value });
          expect([query.slice(9, 40), r.errors?.[0]?.extensions?.code]).toEqual([query.slice(9, 40), code]);
          expectCode(r, code);
        });
      }
      // Roles: a clerk cannot run the hall, an analyst cannot issue tickets, nobody without a token does anything.
      await unchanged(async () => {
        expectCode(await p.gql(clerk, `mutation { runDutyScan }`), 'FORBIDDEN');
        expectCode(
          await p.gql(analyst, `mutation($i: TicketInput!) { issueTicket(input: $i) { id } }`, { i: { hallId: hall.id } }),
          'FORBIDDEN',
        );
        expectCode(await p.gql(null, `mutation { runDutyScan }`), 'UNAUTHENTICATED');
        expectCode(await p.gql(admin, `mutation($id: ID!) { replayReceptionDeadLetter(id: $id) { id } }`, { id: unknown }), 'NOT_FOUND');
      });
    });
  });
});
