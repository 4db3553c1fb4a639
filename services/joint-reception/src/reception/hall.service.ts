import { randomBytes, randomUUID } from 'crypto';

import type { DataSource, EntityManager } from 'typeorm';

import type { Caller } from '@petition/auth';
import { hasRole, inJurisdiction } from '@petition/auth';
import type { Clock } from '@petition/clock';
import { chinaDate, chinaTime, isCivilDate } from '@petition/clock';
import type { Outbox } from '@petition/events';
import { CodedError, isUuid } from '@petition/subgraph';

import { hallVisibility, requireManager } from './access';
import type { ReceptionConfig } from './attendance';
import { attendanceOf, lateMinutes, leftEarlyMinutes } from './attendance';
import type { DutyShift, Hall, HallInput, RosterInput, Station, StationInput } from './model';
import type { HallRow, ShiftRow, StationRow } from './rows';
import { SHIFT_SELECT } from './rows';

export interface ReceptionDeps {
  dataSource: DataSource;
  outbox: Outbox;
  clock: Clock;
  config: ReceptionConfig;
}

const HALL_COLUMNS = 'h.id, h.code, h.name, h.region_code, h.opens_at, h.closes_at, h.screen_key';

export function toHall(row: HallRow): Hall {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    regionCode: row.region_code,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    screenKey: row.screen_key,
  };
}

export function toStation(row: StationRow): Station {
  return {
    id: row.id,
    hallId: row.hall_id,
    windowNo: row.window_no,
    departmentCode: row.department_code,
    department: { code: row.department_code },
    label: row.label,
    active: row.active,
  };
}

export function toShift(row: ShiftRow, now: Date): DutyShift {
  return {
    id: row.id,
    stationId: row.station_id,
    departmentCode: row.department_code,
    serviceDate: row.service_date,
    dutyRole: row.duty_role,
    staffRef: row.staff_ref,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    checkedInAt: row.checked_in_at,
    checkedOutAt: row.checked_out_at,
    attendance: attendanceOf(row, now),
    lateMinutes: row.late_minutes,
    leftEarlyMinutes: row.left_early_minutes,
  };
}

export function assertDay(day: string, field: string) {
  if (!isCivilDate(day)) throw new CodedError('BAD_USER_INPUT', `${field} 不是有效日期`, { field });
}

/** Halls, their stationed departments, duty rosters and attendance. */
export class HallService {
  constructor(private readonly deps: ReceptionDeps) {}

  // ---- halls and stations -----------------------------------------------------------------

  async createHall(caller: Caller, input: HallInput): Promise<Hall> {
    requireManager(caller, { region_code: input.regionCode });
    if (input.opensAt >= input.closesAt) throw new CodedError('BAD_USER_INPUT', '关门时间须晚于开门时间', { field: 'closesAt' });
    const id = randomUUID();
    const rows: HallRow[] = await this.deps.dataSource.query(
      `INSERT INTO reception.hall AS h (id, code, name, region_code, opens_at, closes_at, screen_key, created_at, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
       ON CONFLICT (code) DO NOTHING RETURNING ${HALL_COLUMNS}`,
      [
        id,
        input.code,
        input.name,
        input.regionCode,
        input.opensAt,
        input.closesAt,
        randomBytes(18).toString('base64url'),
        this.deps.clock.now(),
        caller.subject,
      ],
    );
    if (!rows[0]) throw new CodedError('BAD_USER_INPUT', `大厅编码 ${input.code} 已存在`, { field: 'code' });
    return toHall(rows[0]);
  }

  async halls(caller: Caller): Promise<Hall[]> {
    const params: unknown[] = [];
    const rows: HallRow[] = await this.deps.dataSource.query(
      `SELECT ${HALL_COLUMNS} FROM reception.hall h WHERE ${hallVisibility(caller, params, 'h')} ORDER BY h.code`,
      params,
    );
    return rows.map(toHall);
  }

  /** Halls by id, each visible to the caller or absent; `aggregate` admits analysts. */
  async hallsVisible(caller: Caller, ids: readonly string[], aggregate = false, tx?: EntityManager): Promise<HallRow[]> {
    const wanted = ids.filter(isUuid);
    if (!wanted.length) return [];
    const params: unknown[] = [wanted];
    return (tx ?? this.deps.dataSource).query(
      `SELECT ${HALL_COLUMNS} FROM reception.hall h WHERE h.id = ANY($1) AND ${hallVisibility(caller, params, 'h', aggregate)}`,
      params,
    );
  }

  async requireHall(caller: Caller, id: string, tx?: EntityManager, aggregate = false): Promise<HallRow> {
    const [row] = await this.hallsVisible(caller, [id], aggregate, tx);
    if (!row) throw new CodedError('HALL_NOT_FOUND', undefined, { field: 'hallId' });
    return row;
  }

  async stationsOf(hallIds: readonly string[]): Promise<StationRow[][]> {
    const rows: StationRow[] = await this.deps.dataSource.query(
      `SELECT id, hall_id, window_no, department_code, label, active FROM reception.station WHERE hall_id = ANY($1)
       ORDER BY length(window_no), window_no`,
      [hallIds],
    );
    return hallIds.map((id) => rows.filter((r) => r.hall_id === id));
  }

  async stationDepartment(caller: Caller, input: StationInput): Promise<Station> {
    return this.deps.dataSource.transaction(async (tx) => {
      const hall = await this.requireHall(caller, input.hallId, tx);
      requireManager(caller, hall);
      const [taken] = await tx.query(`SELECT id FROM reception.station WHERE hall_id = $1 AND window_no = $2 AND department_code <> $3`, [
        hall.id,
        input.windowNo,
        input.departmentCode,
      ]);
      if (taken) throw new CodedError('BAD_USER_INPUT', `${input.windowNo} 号窗口已由其他单位使用`, { field: 'windowNo' });
      const [row]: StationRow[] = await tx.query(
        `INSERT INTO reception.station (id, hall_id, window_no, department_code, label, active, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7)
         ON CONFLICT (hall_id, department_code) DO UPDATE SET window_no = EXCLUDED.window_no, label = EXCLUDED.label, active = EXCLUDED.active
         RETURNING id, hall_id, window_no, department_code, label, active`,
        [randomUUID(), hall.id, input.windowNo, input.departmentCode, input.label, input.active, this.deps.clock.now()],
      );
      await notifyQueue(tx, hall.id);
      return toStation(row);
    });
  }

  // ---- rosters and attendance ---------------------------------------------------------------

  async planRoster(caller: Caller, input: RosterInput): Promise<DutyShift[]> {
    assertDay(input.serviceDate, 'serviceDate');
    const now = this.deps.clock.now();
    const shifts = input.shifts.map((s, i) => {
      if (s.startsAt >= s.endsAt) throw new CodedError('BAD_USER_INPUT', '下班时间须晚于上班时间', { field: `shifts.${i}.endsAt` });
      return { ...s, startsAt: chinaTime(input.serviceDate, s.startsAt), endsAt: chinaTime(input.serviceDate, s.endsAt) };
    });
    return this.deps.dataSource.transaction(async (tx) => {
      const hall = await this.requireHall(caller, input.hallId, tx);
      requireManager(caller, hall);
      const stations: StationRow[] = await tx.query(`SELECT id, department_code FROM reception.station WHERE hall_id = $1`, [hall.id]);
      const ids: string[] = [];
      for (const [i, s] of shifts.entries()) {
        if (!stations.some((st) => st.id === s.stationId))
          throw new CodedError('STATION_NOT_FOUND', undefined, { field: `shifts.${i}.stationId` });
        // Re-planning a day moves times of shifts nobody has checked in to yet; a started record stays as it is.
        const [row] = await tx.query(
          `INSERT INTO reception.duty_shift (id, hall_id, station_id, service_date, duty_role, staff_ref, starts_at, ends_at, created_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
           ON CONFLICT (station_id, service_date, duty_role, staff_ref) DO UPDATE SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at
             WHERE reception.duty_shift.checked_in_at IS NULL AND reception.duty_shift.absent_recorded_at IS NULL
           RETURNING id`,
          [randomUUID(), hall.id, s.stationId, input.serviceDate, s.dutyRole, s.staffRef, s.startsAt, s.endsAt, now],
        );
        if (row) ids.push(row.id);
      }
      const rows: ShiftRow[] = await tx.query(
        `${SHIFT_SELECT} WHERE d.hall_id = $1 AND d.service_date = $2 ORDER BY s.window_no, d.duty_role, d.starts_at`,
        [hall.id, input.serviceDate],
      );
      return rows.map((r) => toShift(r, now));
    });
  }

  async roster(caller: Caller, hallId: string, serviceDate: string): Promise<DutyShift[]> {
    assertDay(serviceDate, 'serviceDate');
    const hall = await this.requireHall(caller, hallId);
    const rows: ShiftRow[] = await this.deps.dataSource.query(
      `${SHIFT_SELECT} WHERE d.hall_id = $1 AND d.service_date = $2 ORDER BY length(s.window_no), s.window_no, d.duty_role, d.starts_at`,
      [hall.id, serviceDate],
    );
    const now = this.deps.clock.now();
    return rows.map((r) => toShift(r, now));
  }

  /** Check-in at the hall (ID reader or the officer's own login): lateness is recorded and evented. */
  checkIn(caller: Caller, shiftId: string): Promise<DutyShift> {
    return this.onShift(caller, shiftId, async (tx, shift, hall, now) => {
      if (shift.checked_in_at) throw new CodedError('ALREADY_CHECKED_IN');
      if (chinaDate(now) !== shift.service_date) throw new CodedError('INVALID_STATE', '只能在值班当日签到', { field: 'shiftId' });
      const late = shift.absent_recorded_at ? null : lateMinutes(shift.starts_at, now, this.deps.config);
      await tx.query(`UPDATE reception.duty_shift SET checked_in_at = $2, late_minutes = $3 WHERE id = $1`, [shift.id, now, late]);
      // Arriving after the absence was recorded does not undo it, and it is not reported twice.
      if (late !== null) await this.missed(tx, shift, hall, 'LATE', late, now);
    });
  }

  checkOut(caller: Caller, shiftId: string): Promise<DutyShift> {
    return this.onShift(caller, shiftId, async (tx, shift, hall, now) => {
      if (!shift.checked_in_at) throw new CodedError('NOT_CHECKED_IN');
      if (shift.checked_out_at) throw new CodedError('ALREADY_CHECKED_OUT');
      const early = leftEarlyMinutes(shift.ends_at, now, this.deps.config);
      await tx.query(`UPDATE reception.duty_shift SET checked_out_at = $2, left_early_minutes = $3 WHERE id = $1`, [shift.id, now, early]);
      if (early !== null) await this.missed(tx, shift, hall, 'LEFT_EARLY', early, now);
    });
  }

  /** Records the absence of every shift nobody checked in to within `absentAfterMinutes`; each once. */
  async scanAbsences(): Promise<number> {
    const now = this.deps.clock.now();
    const threshold = new Date(now.getTime() - this.deps.config.absentAfterMinutes * 60_000);
    return this.deps.dataSource.transaction(async (tx) => {
      const due: Array<ShiftRow & { region_code: string }> = await tx.query(
        `${SHIFT_SELECT.replace('FROM reception.duty_shift d', ', h.region_code FROM reception.duty_shift d JOIN reception.hall h ON h.id = d.hall_id')}
         WHERE d.checked_in_at IS NULL AND d.absent_recorded_at IS NULL AND d.starts_at <= $1
         ORDER BY d.starts_at FOR UPDATE OF d SKIP LOCKED LIMIT 500`,
        [threshold],
      );
      for (const shift of due) {
        await tx.query(`UPDATE reception.duty_shift SET absent_recorded_at = $2 WHERE id = $1`, [shift.id, now]);
        const minutes = Math.floor((now.getTime() - shift.starts_at.getTime()) / 60_000);
        await this.missed(tx, shift, shift, 'ABSENT', minutes, now);
      }
      return due.length;
    });
  }

  /** Marks absences now (the scan also runs on its own every DUTY_SCAN_INTERVAL_MS). */
  async runScan(caller: Caller): Promise<number> {
    if (!hasRole(caller, 'ADMIN', 'HALL_COORDINATOR')) throw new CodedError('FORBIDDEN');
    return this.scanAbsences();
  }

  private async missed(
    tx: EntityManager,
    shift: ShiftRow,
    hall: { region_code: string },
    kind: 'LATE' | 'ABSENT' | 'LEFT_EARLY',
    minutes: number,
    now: Date,
  ) {
    const [{ version }] = await tx
      .query(`UPDATE reception.duty_shift SET miss_version = miss_version + 1 WHERE id = $1 RETURNING miss_version AS version`, [shift.id])
      .then((r: [Array<{ version: number }>, number]) => r[0]);
    await this.deps.outbox.append(tx, {
      type: 'reception.duty.missed',
      aggregateId: shift.id,
      aggregateVersion: version,
      occurredAt: now,
      data: {
        shiftId: shift.id,
        hallId: shift.hall_id,
        hallRegionCode: hall.region_code,
        stationId: shift.station_id,
        departmentCode: shift.department_code,
        dutyRole: shift.duty_role as 'DUTY_LEADER' | 'DUTY_OFFICER',
        kind,
        serviceDate: shift.service_date,
        minutes,
        recordedAt: now.toISOString(),
      },
    });
  }

  private async onShift(
    caller: Caller,
    shiftId: string,
    change: (tx: EntityManager, shift: ShiftRow, hall: HallRow, now: Date) => Promise<void>,
  ): Promise<DutyShift> {
    if (!isUuid(shiftId)) throw new CodedError('SHIFT_NOT_FOUND', undefined, { field: 'shiftId' });
    return this.deps.dataSource.transaction(async (tx) => {
      const [shift]: ShiftRow[] = await tx.query(`${SHIFT_SELECT} WHERE d.id = $1 FOR UPDATE OF d`, [shiftId]);
      if (!shift) throw new CodedError('SHIFT_NOT_FOUND', undefined, { field: 'shiftId' });
      const [hall] = await this.hallsVisible(caller, [shift.hall_id], false, tx);
      // The officer checks in with their own login; the coordinator's ID reader does it for anyone.
      const own = caller.subject === shift.staff_ref;
      const manager = hall !== undefined && hasRole(caller, 'ADMIN', 'HALL_COORDINATOR') && inJurisdiction(caller, hall.region_code);
      if (!own && !manager) {
        throw hall ? new CodedError('NOT_ON_ROSTER') : new CodedError('SHIFT_NOT_FOUND', undefined, { field: 'shiftId' });
      }
      const now = this.deps.clock.now();
      await change(tx, shift, hall ?? (await this.hallRow(tx, shift.hall_id)), now);
      await notifyQueue(tx, shift.hall_id);
      const [after]: ShiftRow[] = await tx.query(`${SHIFT_SELECT} WHERE d.id = $1`, [shiftId]);
      return toShift(after, now);
    });
  }

  private async hallRow(tx: EntityManager, id: string): Promise<HallRow> {
    const [row] = await tx.query(`SELECT ${HALL_COLUMNS} FROM reception.hall h WHERE h.id = $1`, [id]);
    return row;
  }
}

/** Wakes the hall's queue screens (in every replica): delivered when the transaction commits. */
export async function notifyQueue(tx: EntityManager, hallId: string) {
  await tx.query(`SELECT pg_notify('reception_queue', $1)`, [hallId]);
}
