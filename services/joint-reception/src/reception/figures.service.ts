import type { Caller } from '@petition/auth';
import { daysBetween } from '@petition/clock';
import { CodedError } from '@petition/subgraph';

import { hallVisibility } from './access';
import type { HallService, ReceptionDeps } from './hall.service';
import { assertDay } from './hall.service';
import type { ReceptionFigures } from './model';

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);

/**
 * A hall's figures for a range of China dates (both ends included). Waits and service times are of
 * served visits: wait = issued → called, service = called → served; p90 is PostgreSQL's
 * percentile_cont(0.9) (linear interpolation). Attendance counts the shifts with a result (a
 * check-in or a recorded absence); a compliant shift is on time and not left early.
 */
export class FiguresService {
  constructor(
    private readonly deps: ReceptionDeps,
    private readonly halls: HallService,
  ) {}

  async figures(caller: Caller, from: string, to: string, hallId?: string | null): Promise<ReceptionFigures> {
    assertDay(from, 'from');
    assertDay(to, 'to');
    const span = daysBetween(from, to);
    if (span < 0 || span > 366) throw new CodedError('BAD_USER_INPUT', '统计区间须为0–366天', { field: 'to' });
    if (hallId) await this.halls.requireHall(caller, hallId, undefined, true);
    const params: unknown[] = [from, to, hallId ?? null];
    const halls = `SELECT h.id FROM reception.hall h WHERE ($3::uuid IS NULL OR h.id = $3) AND ${hallVisibility(caller, params, 'h', true)}`;
    const q = this.deps.dataSource;

    const days = await q.query(
      `SELECT t.service_date::text AS date, count(*)::int AS tickets_issued,
         count(*) FILTER (WHERE t.state = 'SERVED')::int AS visits_served,
         coalesce(sum(t.headcount) FILTER (WHERE t.state = 'SERVED'), 0)::int AS people,
         count(*) FILTER (WHERE t.state = 'SERVED' AND t.visit_kind = 'COLLECTIVE')::int AS collective_visits
       FROM reception.ticket t WHERE t.hall_id IN (${halls}) AND t.service_date BETWEEN $1 AND $2
       GROUP BY t.service_date ORDER BY t.service_date`,
      params,
    );
    const [served] = await q.query(
      `SELECT count(*)::int AS visits, coalesce(sum(t.headcount), 0)::int AS people,
         avg(extract(epoch FROM t.called_at - t.issued_at))::float8 AS avg_wait,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM t.called_at - t.issued_at))::float8 AS p90_wait,
         avg(extract(epoch FROM t.served_at - t.called_at))::float8 AS avg_service,
         count(*) FILTER (WHERE t.settled_in_hall)::int AS settled
       FROM reception.ticket t WHERE t.hall_id IN (${halls}) AND t.service_date BETWEEN $1 AND $2 AND t.state = 'SERVED'`,
      params,
    );
    const [joint] = await q.query(
      `SELECT count(*)::int AS concluded, count(*) FILTER (WHERE j.settled_in_hall)::int AS settled
       FROM reception.joint_session j WHERE j.hall_id IN (${halls}) AND j.state = 'CONCLUDED'
         AND (j.concluded_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2`,
      params,
    );
    const [leader] = await q.query(
      `SELECT count(*)::int AS received FROM reception.appointment a JOIN reception.reception_day r ON r.id = a.reception_day_id
       WHERE r.hall_id IN (${halls}) AND r.service_date BETWEEN $1 AND $2 AND a.state = 'CONCLUDED' AND a.outcome <> 'NO_SHOW'`,
      params,
    );
    const attendance = await q.query(
      `SELECT s.department_code, min(s.label) AS label,
         count(*)::int AS shifts,
         count(*) FILTER (WHERE d.absent_recorded_at IS NULL AND d.late_minutes IS NULL AND d.left_early_minutes IS NULL)::int AS compliant,
         count(*) FILTER (WHERE d.absent_recorded_at IS NULL AND d.late_minutes IS NOT NULL)::int AS late,
         count(*) FILTER (WHERE d.absent_recorded_at IS NOT NULL)::int AS absent,
         count(*) FILTER (WHERE d.absent_recorded_at IS NULL AND d.left_early_minutes IS NOT NULL)::int AS left_early
       FROM reception.duty_shift d JOIN reception.station s ON s.id = d.station_id
       WHERE d.hall_id IN (${halls}) AND d.service_date BETWEEN $1 AND $2
         AND (d.checked_in_at IS NOT NULL OR d.absent_recorded_at IS NOT NULL)
       GROUP BY s.department_code ORDER BY s.department_code`,
      params,
    );

    return {
      from,
      to,
      days: days.map((d: any) => ({
        date: d.date,
        ticketsIssued: d.tickets_issued,
        visitsServed: d.visits_served,
        people: d.people,
        collectiveVisits: d.collective_visits,
      })),
      visitsServed: served.visits,
      people: served.people,
      averageWaitMinutes: round1(served.avg_wait === null ? null : served.avg_wait / 60),
      p90WaitMinutes: round1(served.p90_wait === null ? null : served.p90_wait / 60),
      averageServiceMinutes: round1(served.avg_service === null ? null : served.avg_service / 60),
      settledInHall: served.settled,
      settledInHallRate: rate(served.settled, served.visits),
      jointSessions: joint.concluded,
      jointSessionsSettledInHall: joint.settled,
      leaderAppointments: leader.received,
      attendance: attendance.map((a: any) => ({
        departmentCode: a.department_code,
        label: a.label,
        shifts: a.shifts,
        compliant: a.compliant,
        late: a.late,
        absent: a.absent,
        leftEarly: a.left_early,
        complianceRate: rate(a.compliant, a.shifts),
      })),
    };
  }
}
