import { randomUUID } from 'crypto';

import type { Caller } from '@petition/auth';
import { hasRole, inJurisdiction } from '@petition/auth';
import type { WorkCalendar } from '@petition/clock';
import { addDays, chinaDate, chinaTime, daysBetween, dayOfWeek } from '@petition/clock';
import { CodedError, isUuid } from '@petition/subgraph';

import { hallVisibility, LEADER_RECORDERS, requireManager } from './access';
import type { HallService, ReceptionDeps } from './hall.service';
import { assertDay } from './hall.service';
import type {
  Appointment,
  AppointmentInput,
  AppointmentOutcomeInput,
  FieldVisit,
  FieldVisitInput,
  ReceptionDay,
  ReceptionScheduleInput,
} from './model';
import type { AppointmentRow, ReceptionDayRow } from './rows';
import { APPOINTMENT_COLUMNS } from './rows';
import type { VisitService } from './visit.service';

const DAY_SELECT = `SELECT r.id, r.hall_id, r.leader_ref, r.leader_title, r.service_date::text AS service_date, r.starts_at, r.ends_at, r.capacity,
  (SELECT count(*)::int FROM reception.appointment a WHERE a.reception_day_id = r.id) AS booked
  FROM reception.reception_day r`;

export function toReceptionDay(row: ReceptionDayRow): ReceptionDay {
  return {
    id: row.id,
    hallId: row.hall_id,
    leaderRef: row.leader_ref,
    leaderTitle: row.leader_title,
    serviceDate: row.service_date,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    capacity: row.capacity,
    booked: row.booked,
  };
}

export function toAppointment(row: AppointmentRow): Appointment {
  return {
    id: row.id,
    receptionDayId: row.reception_day_id,
    petition: { id: row.petition_id },
    state: row.state,
    outcome: row.outcome,
    note: row.note,
    bookedAt: row.booked_at,
    concludedAt: row.concluded_at,
  };
}

/** Leader reception days (领导接访日), appointments (约访) and leaders' field visits (下访). */
export class LeaderService {
  constructor(
    private readonly deps: ReceptionDeps & { calendar: WorkCalendar },
    private readonly halls: HallService,
    private readonly visits: VisitService,
  ) {}

  /** A weekly schedule, e.g. city leaders every Thursday: one day per matching working day in the range. */
  async schedule(caller: Caller, input: ReceptionScheduleInput): Promise<ReceptionDay[]> {
    assertDay(input.from, 'from');
    assertDay(input.to, 'to');
    const span = daysBetween(input.from, input.to);
    if (span < 0 || span > 366) throw new CodedError('BAD_USER_INPUT', '日期区间须为0–366天', { field: 'to' });
    if (input.startsAt >= input.endsAt) throw new CodedError('BAD_USER_INPUT', '结束时间须晚于开始时间', { field: 'endsAt' });
    return this.deps.dataSource.transaction(async (tx) => {
      const hall = await this.halls.requireHall(caller, input.hallId, tx);
      requireManager(caller, hall);
      const now = this.deps.clock.now();
      const ids: string[] = [];
      for (let day = input.from; day <= input.to; day = addDays(day, 1)) {
        // dayOfWeek counts Sunday as 0, the schedule as 7. A public holiday on the leader's weekday has
        // no reception (it is not moved); a 调休 working weekend is not the leader's weekday.
        if ((dayOfWeek(day) || 7) !== input.weekday || this.deps.calendar.isHoliday(day)) continue;
        const [row] = await tx.query(
          `INSERT INTO reception.reception_day (id, hall_id, leader_ref, leader_title, service_date, starts_at, ends_at, capacity, created_at, created_by)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (hall_id, leader_ref, service_date) DO NOTHING RETURNING id`,
          [
            randomUUID(),
            hall.id,
            input.leaderRef,
            input.leaderTitle,
            day,
            chinaTime(day, input.startsAt),
            chinaTime(day, input.endsAt),
            input.capacity,
            now,
            caller.subject,
          ],
        );
        if (row) ids.push(row.id);
      }
      const rows: ReceptionDayRow[] = await tx.query(`${DAY_SELECT} WHERE r.id = ANY($1) ORDER BY r.service_date`, [ids]);
      return rows.map(toReceptionDay);
    });
  }

  async days(caller: Caller, hallId: string, from: string, to: string): Promise<ReceptionDay[]> {
    const hall = await this.halls.requireHall(caller, hallId);
    const rows: ReceptionDayRow[] = await this.deps.dataSource.query(
      `${DAY_SELECT} WHERE r.hall_id = $1 AND r.service_date BETWEEN $2 AND $3 ORDER BY r.service_date, r.leader_ref`,
      [hall.id, from, to],
    );
    return rows.map(toReceptionDay);
  }

  async book(caller: Caller, input: AppointmentInput): Promise<Appointment> {
    if (!hasRole(caller, 'ADMIN', 'HALL_COORDINATOR', 'CLERK')) throw new CodedError('FORBIDDEN');
    await this.visits.requirePetition(input.petitionId);
    return this.deps.dataSource.transaction(async (tx) => {
      const [day]: ReceptionDayRow[] = await tx.query(`${DAY_SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [input.receptionDayId]);
      const [hall] = day ? await this.halls.hallsVisible(caller, [day.hall_id], false, tx) : [];
      if (!day || !hall) throw new CodedError('RECEPTION_DAY_NOT_FOUND', undefined, { field: 'receptionDayId' });
      if (!inJurisdiction(caller, hall.region_code)) throw new CodedError('FORBIDDEN');
      const now = this.deps.clock.now();
      if (day.service_date < chinaDate(now)) throw new CodedError('INVALID_STATE', '接访日已过，不能预约', { field: 'receptionDayId' });
      const [already] = await tx.query(`SELECT 1 FROM reception.appointment WHERE reception_day_id = $1 AND petition_id = $2`, [
        day.id,
        input.petitionId,
      ]);
      if (already) throw new CodedError('ALREADY_BOOKED', undefined, { field: 'petitionId' });
      if (day.booked >= day.capacity)
        throw new CodedError('RECEPTION_DAY_FULL', `${day.service_date} 共 ${day.capacity} 批`, { field: 'receptionDayId' });
      const id = randomUUID();
      await tx.query(
        `INSERT INTO reception.appointment (id, reception_day_id, petition_id, state, note, booked_at, booked_by) VALUES ($1,$2,$3,'BOOKED',$4,$5,$6)`,
        [id, day.id, input.petitionId, input.note ?? null, now, caller.subject],
      );
      const [row] = await tx.query(`SELECT ${APPOINTMENT_COLUMNS} FROM reception.appointment a WHERE a.id = $1`, [id]);
      return toAppointment(row);
    });
  }

  async recordOutcome(caller: Caller, input: AppointmentOutcomeInput): Promise<Appointment> {
    if (!isUuid(input.appointmentId)) throw new CodedError('APPOINTMENT_NOT_FOUND', undefined, { field: 'appointmentId' });
    if (!hasRole(caller, ...LEADER_RECORDERS)) throw new CodedError('FORBIDDEN');
    return this.deps.dataSource.transaction(async (tx) => {
      const [row]: Array<AppointmentRow & { hall_id: string; service_date: string }> = await tx.query(
        `SELECT ${APPOINTMENT_COLUMNS}, r.hall_id, r.service_date::text AS service_date
         FROM reception.appointment a JOIN reception.reception_day r ON r.id = a.reception_day_id WHERE a.id = $1 FOR UPDATE OF a`,
        [input.appointmentId],
      );
      const [hall] = row ? await this.halls.hallsVisible(caller, [row.hall_id], false, tx) : [];
      if (!row || !hall) throw new CodedError('APPOINTMENT_NOT_FOUND', undefined, { field: 'appointmentId' });
      if (!inJurisdiction(caller, hall.region_code)) throw new CodedError('FORBIDDEN');
      if (row.state !== 'BOOKED') throw new CodedError('INVALID_STATE', '该约访已记录接待结果', { field: 'appointmentId' });
      const now = this.deps.clock.now();
      if (row.service_date > chinaDate(now)) throw new CodedError('INVALID_STATE', '接访日未到，不能记录结果', { field: 'appointmentId' });
      await tx.query(
        `UPDATE reception.appointment SET state = 'CONCLUDED', outcome = $2, note = coalesce($3, note), concluded_at = $4, concluded_by = $5 WHERE id = $1`,
        [row.id, input.outcome, input.note ?? null, now, caller.subject],
      );
      await this.deps.outbox.append(tx, {
        type: 'reception.appointment.concluded',
        aggregateId: row.id,
        // The first event of its aggregate (convening or booking publishes nothing).
        aggregateVersion: 1,
        occurredAt: now,
        data: {
          appointmentId: row.id,
          receptionDayId: row.reception_day_id,
          hallId: hall.id,
          hallRegionCode: hall.region_code,
          petitionId: row.petition_id,
          serviceDate: row.service_date,
          outcome: input.outcome as 'SETTLED' | 'INSTRUCTED' | 'EXPLAINED' | 'NO_SHOW',
          concludedAt: now.toISOString(),
        },
      });
      const [after] = await tx.query(`SELECT ${APPOINTMENT_COLUMNS} FROM reception.appointment a WHERE a.id = $1`, [row.id]);
      return toAppointment(after);
    });
  }

  async appointments(caller: Caller, receptionDayId: string): Promise<Appointment[]> {
    if (!isUuid(receptionDayId)) throw new CodedError('RECEPTION_DAY_NOT_FOUND', undefined, { field: 'receptionDayId' });
    const params: unknown[] = [receptionDayId];
    const rows: AppointmentRow[] = await this.deps.dataSource.query(
      `SELECT ${APPOINTMENT_COLUMNS} FROM reception.appointment a JOIN reception.reception_day r ON r.id = a.reception_day_id
       JOIN reception.hall h ON h.id = r.hall_id WHERE a.reception_day_id = $1 AND ${hallVisibility(caller, params, 'h')} ORDER BY a.booked_at`,
      params,
    );
    return rows.map(toAppointment);
  }

  async appointmentsOfPetitions(caller: Caller, petitionIds: readonly string[]): Promise<Appointment[][]> {
    const params: unknown[] = [petitionIds.filter(isUuid)];
    const rows: AppointmentRow[] = await this.deps.dataSource.query(
      `SELECT ${APPOINTMENT_COLUMNS} FROM reception.appointment a JOIN reception.reception_day r ON r.id = a.reception_day_id
       JOIN reception.hall h ON h.id = r.hall_id WHERE a.petition_id = ANY($1) AND ${hallVisibility(caller, params, 'h')} ORDER BY a.booked_at`,
      params,
    );
    return petitionIds.map((id) => rows.filter((r) => r.petition_id === id).map(toAppointment));
  }

  // ---- field visits (下访) ------------------------------------------------------------------------

  async recordFieldVisit(caller: Caller, input: FieldVisitInput): Promise<FieldVisit> {
    assertDay(input.visitDate, 'visitDate');
    if (!hasRole(caller, ...LEADER_RECORDERS) || !inJurisdiction(caller, input.regionCode)) {
      throw new CodedError('FORBIDDEN', '只能记录本辖区的下访');
    }
    if (input.problemsSolved > input.problemsFound) {
      throw new CodedError('BAD_USER_INPUT', '解决的问题数不能多于发现的问题数', { field: 'problemsSolved' });
    }
    if (input.visitDate > chinaDate(this.deps.clock.now()))
      throw new CodedError('BAD_USER_INPUT', '下访日期不能晚于今天', { field: 'visitDate' });
    const petitionIds = [...new Set(input.petitionIds)];
    if (petitionIds.length) await this.visits.requirePetitions(petitionIds);
    const id = randomUUID();
    await this.deps.dataSource.query(
      `INSERT INTO reception.field_visit (id, leader_ref, leader_title, visit_date, region_code, destination, problems_found, problems_solved,
         petition_ids, note, recorded_at, recorded_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
      [
        id,
        input.leaderRef,
        input.leaderTitle,
        input.visitDate,
        input.regionCode,
        input.destination,
        input.problemsFound,
        input.problemsSolved,
        petitionIds,
        input.note ?? null,
        this.deps.clock.now(),
        caller.subject,
      ],
    );
    return {
      id,
      leaderRef: input.leaderRef,
      leaderTitle: input.leaderTitle,
      visitDate: input.visitDate,
      regionCode: input.regionCode,
      destination: input.destination,
      problemsFound: input.problemsFound,
      problemsSolved: input.problemsSolved,
      petitions: petitionIds.map((p) => ({ id: p })),
      note: input.note ?? null,
    };
  }

  async fieldVisits(caller: Caller, from: string, to: string): Promise<FieldVisit[]> {
    if (!hasRole(caller, 'ADMIN', 'HALL_COORDINATOR', 'LEADER', 'SUPERVISOR', 'CLERK')) return [];
    const rows = await this.deps.dataSource.query(
      `SELECT id, leader_ref, leader_title, visit_date::text AS visit_date, region_code, destination, problems_found, problems_solved, petition_ids, note
       FROM reception.field_visit WHERE region_code LIKE $1 || '%' AND visit_date BETWEEN $2 AND $3 ORDER BY visit_date, recorded_at`,
      [caller.jurisdiction, from, to],
    );
    return rows.map((r: any) => ({
      id: r.id,
      leaderRef: r.leader_ref,
      leaderTitle: r.leader_title,
      visitDate: r.visit_date,
      regionCode: r.region_code,
      destination: r.destination,
      problemsFound: r.problems_found,
      problemsSolved: r.problems_solved,
      petitions: (r.petition_ids as string[]).map((id) => ({ id })),
      note: r.note,
    }));
  }
}
