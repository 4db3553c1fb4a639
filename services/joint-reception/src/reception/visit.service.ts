import { randomUUID } from 'crypto';

import type { EntityManager } from 'typeorm';

import type { Caller } from '@petition/auth';
import { hasRole, inJurisdiction } from '@petition/auth';
import { chinaDate } from '@petition/clock';
import type { Envelope } from '@petition/events';
import { CodedError, isUuid } from '@petition/subgraph';

import { hallVisibility, requireManager, requireWindowWorker } from './access';
import type { HallService, ReceptionDeps } from './hall.service';
import { notifyQueue } from './hall.service';
import type { ConcludeJointSessionInput, ConveneJointSessionInput, JointSession, ServeTicketInput, Ticket, TicketInput } from './model';
import type { HallRow, JointSessionRow, StationRow, TicketRow } from './rows';
import { JOINT_SESSION_COLUMNS, TICKET_SELECT } from './rows';

const minutes = (from: Date | null, to: Date | null) =>
  from && to ? Math.round(((to.getTime() - from.getTime()) / 60_000) * 10) / 10 : null;

export function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    hallId: row.hall_id,
    number: row.number,
    serviceDate: row.service_date,
    visitKind: row.visit_kind,
    headcount: row.headcount,
    language: row.language,
    stationId: row.station_id,
    windowNo: row.window_no,
    state: row.state,
    issuedAt: row.issued_at,
    calledAt: row.called_at,
    servedAt: row.served_at,
    waitMinutes: minutes(row.issued_at, row.called_at),
    serviceMinutes: minutes(row.called_at, row.served_at),
    demandForm:
      row.state === 'SERVED' && row.petition_id
        ? {
            petition: { id: row.petition_id },
            answer: row.answer ?? '',
            settledInHall: row.settled_in_hall ?? false,
            recordedAt: row.served_at!,
          }
        : null,
  };
}

export function toJointSession(row: JointSessionRow): JointSession {
  return {
    id: row.id,
    hallId: row.hall_id,
    petition: { id: row.petition_id },
    ticketId: row.ticket_id,
    state: row.state,
    presentDepartmentCodes: row.present_department_codes,
    leadDepartmentCode: row.lead_department_code,
    leadDepartment: row.lead_department_code ? { code: row.lead_department_code } : null,
    cooperatingDepartmentCodes: row.cooperating_department_codes,
    cooperatingDepartments: row.cooperating_department_codes.map((code) => ({ code })),
    plan: row.plan,
    settledInHall: row.settled_in_hall,
    convenedAt: row.convened_at,
    concludedAt: row.concluded_at,
  };
}

/** The queue (tickets, windows, demand forms) and joint sessions. */
/** What the reception knows of a petition intake registered: no person, no text. */
export interface KnownPetition {
  channel: string;
  /** The unit an accusation names; null for other petitions. */
  accusedDepartmentCode: string | null;
}

export class VisitService {
  constructor(
    private readonly deps: ReceptionDeps,
    private readonly halls: HallService,
  ) {}

  // ---- what intake has registered ---------------------------------------------------------------

  async petitionRegistered(event: Envelope<'intake.petition.registered'>, tx: EntityManager) {
    const d = event.data;
    await tx.query(
      `INSERT INTO reception.known_petition (petition_id, channel, visit_kind, headcount, region_code, registered_at, accused_department_code)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (petition_id) DO NOTHING`,
      [d.petitionId, d.channel, d.visitKind, d.headcount, d.regionCode, new Date(d.registeredAt), d.accusedDepartmentCode ?? null],
    );
  }

  /**
   * A demand form, a joint session or an appointment names a petition registered through intake's
   * `registerPetition`. This service knows it only from intake's event, which the relay publishes a
   * moment after the mutation returns: wait up to `petitionWaitMs` for it, then refuse.
   */
  async requirePetition(petitionId: string, field = 'petitionId'): Promise<KnownPetition> {
    return (await this.requirePetitions([petitionId], field))[0];
  }

  /** Several petitions at once (one query a round), in the order given. */
  async requirePetitions(petitionIds: string[], field = 'petitionIds'): Promise<KnownPetition[]> {
    const deadline = Date.now() + this.deps.config.petitionWaitMs;
    for (;;) {
      const rows: Array<{ petition_id: string; channel: string; accused_department_code: string | null }> =
        await this.deps.dataSource.query(
          `SELECT petition_id, channel, accused_department_code FROM reception.known_petition WHERE petition_id = ANY($1)`,
          [petitionIds],
        );
      const found = new Map(rows.map((r) => [r.petition_id, { channel: r.channel, accusedDepartmentCode: r.accused_department_code }]));
      if (petitionIds.every((id) => found.has(id))) return petitionIds.map((id) => found.get(id)!);
      if (Date.now() >= deadline) throw new CodedError('PETITION_NOT_REGISTERED', undefined, { field });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  // ---- tickets ------------------------------------------------------------------------------------

  /** The ticket machine (or the triage desk) issues a number; a chosen department triages it at once. */
  async issueTicket(caller: Caller, input: TicketInput): Promise<Ticket> {
    if (input.visitKind === 'COLLECTIVE' && input.headcount < 5) {
      throw new CodedError('BAD_USER_INPUT', '集体访人数须为5人以上', { field: 'headcount' });
    }
    if (input.visitKind === 'INDIVIDUAL' && input.headcount >= 5) {
      throw new CodedError('BAD_USER_INPUT', '5人以上应取集体访号 (COLLECTIVE)', { field: 'visitKind' });
    }
    if (!hasRole(caller, 'ADMIN', 'HALL_COORDINATOR', 'CLERK')) throw new CodedError('FORBIDDEN');
    return this.deps.dataSource.transaction(async (tx) => {
      const hall = await this.halls.requireHall(caller, input.hallId, tx);
      if (!inJurisdiction(caller, hall.region_code)) throw new CodedError('FORBIDDEN');
      let stationId: string | null = null;
      if (input.departmentCode) {
        const [station] = await tx.query(`SELECT id FROM reception.station WHERE hall_id = $1 AND department_code = $2 AND active`, [
          hall.id,
          input.departmentCode,
        ]);
        if (!station) throw new CodedError('DEPARTMENT_NOT_STATIONED', undefined, { field: 'departmentCode' });
        stationId = station.id;
      }
      const now = this.deps.clock.now();
      const day = chinaDate(now);
      const [counter] = await tx.query(
        `INSERT INTO reception.ticket_counter (hall_id, service_date, last_seq) VALUES ($1, $2, 1)
         ON CONFLICT (hall_id, service_date) DO UPDATE SET last_seq = reception.ticket_counter.last_seq + 1 RETURNING last_seq`,
        [hall.id, day],
      );
      const seq: number = counter.last_seq;
      // A for individual visits, B for collective ones (the screen reads them out differently).
      const number = `${input.visitKind === 'COLLECTIVE' ? 'B' : 'A'}${String(seq).padStart(3, '0')}`;
      const id = randomUUID();
      await tx.query(
        `INSERT INTO reception.ticket (id, hall_id, service_date, seq, number, visit_kind, headcount, language, station_id, state,
           issued_at, issued_by, triaged_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'WAITING',$10,$11,$12)`,
        [
          id,
          hall.id,
          day,
          seq,
          number,
          input.visitKind,
          input.headcount,
          input.language ?? null,
          stationId,
          now,
          caller.subject,
          stationId ? now : null,
        ],
      );
      await this.deps.outbox.append(tx, {
        type: 'reception.visit.checkedIn',
        aggregateId: id,
        aggregateVersion: 1,
        occurredAt: now,
        data: {
          ticketId: id,
          hallId: hall.id,
          hallRegionCode: hall.region_code,
          ticketNumber: number,
          serviceDate: day,
          visitKind: input.visitKind as 'INDIVIDUAL' | 'COLLECTIVE',
          headcount: input.headcount,
          issuedAt: now.toISOString(),
        },
      });
      await notifyQueue(tx, hall.id);
      return this.ticketIn(tx, id);
    });
  }

  /** The triage desk sends a waiting ticket to a window. */
  triageTicket(caller: Caller, ticketId: string, stationId: string): Promise<Ticket> {
    return this.onTicket(caller, ticketId, async (tx, ticket, hall) => {
      if (!hasRole(caller, 'ADMIN', 'HALL_COORDINATOR', 'CLERK') || !inJurisdiction(caller, hall.region_code))
        throw new CodedError('FORBIDDEN');
      if (ticket.state !== 'WAITING') throw new CodedError('INVALID_STATE', '只能分派等候中的号', { field: 'ticketId' });
      const station = await this.station(tx, hall.id, stationId);
      if (!station.active) throw new CodedError('STATION_NOT_FOUND', '该窗口已停用', { field: 'stationId' });
      await tx.query(`UPDATE reception.ticket SET station_id = $2, triaged_at = $3 WHERE id = $1`, [
        ticket.id,
        station.id,
        this.deps.clock.now(),
      ]);
    });
  }

  /**
   * The window calls its next visitor: its own queue first, then the untriaged queue, oldest first.
   * Someone must be checked in at that window, and the window's current visitor must be finished.
   * Null when nobody waits.
   */
  async callNextTicket(caller: Caller, stationId: string): Promise<Ticket | null> {
    if (!isUuid(stationId)) throw new CodedError('STATION_NOT_FOUND', undefined, { field: 'stationId' });
    return this.deps.dataSource.transaction(async (tx) => {
      const [station]: Array<StationRow & { region_code: string }> = await tx.query(
        `SELECT s.id, s.hall_id, s.window_no, s.department_code, s.label, s.active, h.region_code
         FROM reception.station s JOIN reception.hall h ON h.id = s.hall_id WHERE s.id = $1 FOR UPDATE OF s`,
        [stationId],
      );
      if (!station) throw new CodedError('STATION_NOT_FOUND', undefined, { field: 'stationId' });
      requireWindowWorker(caller, station, station);
      const now = this.deps.clock.now();
      const day = chinaDate(now);
      if (!(await this.onDuty(tx, station.id, now)))
        throw new CodedError('NO_OFFICER_ON_DUTY', `${station.window_no} 号窗口`, { field: 'stationId' });
      const [open] = await tx.query(
        `SELECT number FROM reception.ticket WHERE station_id = $1 AND state = 'CALLED' AND service_date = $2`,
        [station.id, day],
      );
      if (open)
        throw new CodedError('INVALID_STATE', `本窗口 ${open.number} 号尚未接待完毕（接待或过号后再叫下一号）`, { field: 'stationId' });
      const [next] = await tx.query(
        `SELECT id FROM reception.ticket
         WHERE hall_id = $1 AND service_date = $2 AND state = 'WAITING' AND (station_id = $3 OR station_id IS NULL)
         ORDER BY (station_id IS NULL), seq FOR UPDATE SKIP LOCKED LIMIT 1`,
        [station.hall_id, day, station.id],
      );
      if (!next) return null;
      await tx.query(
        `UPDATE reception.ticket SET state = 'CALLED', station_id = $2, called_at = $3, called_by = $4, call_count = call_count + 1 WHERE id = $1`,
        [next.id, station.id, now, caller.subject],
      );
      await notifyQueue(tx, station.hall_id);
      return this.ticketIn(tx, next.id);
    });
  }

  /** A called visitor did not come to the window (过号): they may take a new number. */
  markNoShow(caller: Caller, ticketId: string): Promise<Ticket> {
    return this.onTicket(caller, ticketId, async (tx, ticket, hall) => {
      const station = await this.station(tx, hall.id, ticket.station_id);
      requireWindowWorker(caller, hall, station);
      if (ticket.state !== 'CALLED') throw new CodedError('TICKET_NOT_CALLED', undefined, { field: 'ticketId' });
      await tx.query(`UPDATE reception.ticket SET state = 'NO_SHOW' WHERE id = $1`, [ticket.id]);
    });
  }

  /**
   * The visit ends with a demand form (一单式): the petition registered for it through intake's
   * `registerPetition`, the written answer given, and whether it was settled in the hall.
   */
  async serveTicket(caller: Caller, input: ServeTicketInput): Promise<Ticket> {
    const petition = await this.requirePetition(input.petitionId);
    if (petition.channel !== 'VISIT') {
      throw new CodedError('BAD_USER_INPUT', '诉求单须关联以走访（VISIT）登记的信访件', { field: 'petitionId' });
    }
    return this.onTicket(caller, input.ticketId, async (tx, ticket, hall) => {
      if (ticket.state === 'SERVED') throw new CodedError('TICKET_ALREADY_SERVED', undefined, { field: 'ticketId' });
      if (ticket.state !== 'CALLED') throw new CodedError('TICKET_NOT_CALLED', undefined, { field: 'ticketId' });
      const station = await this.station(tx, hall.id, ticket.station_id);
      requireWindowWorker(caller, hall, station);
      const now = this.deps.clock.now();
      const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
      await tx.query(
        `UPDATE reception.ticket SET state = 'SERVED', served_at = $2, served_by = $3, petition_id = $4, answer = $5, settled_in_hall = $6
         WHERE id = $1`,
        [ticket.id, now, caller.subject, input.petitionId, input.answer, input.settledInHall],
      );
      await this.deps.outbox.append(tx, {
        type: 'reception.visit.served',
        aggregateId: ticket.id,
        aggregateVersion: 2,
        occurredAt: now,
        data: {
          ticketId: ticket.id,
          hallId: hall.id,
          hallRegionCode: hall.region_code,
          petitionId: input.petitionId,
          stationId: station.id,
          departmentCode: station.department_code,
          serviceDate: ticket.service_date,
          visitKind: ticket.visit_kind as 'INDIVIDUAL' | 'COLLECTIVE',
          headcount: ticket.headcount,
          waitSeconds: seconds(ticket.issued_at, ticket.called_at!),
          serviceSeconds: seconds(ticket.called_at!, now),
          settledInHall: input.settledInHall,
          servedAt: now.toISOString(),
        },
      });
    });
  }

  async ticket(caller: Caller, id: string): Promise<Ticket | null> {
    if (!isUuid(id)) return null;
    const params: unknown[] = [id];
    const [row]: TicketRow[] = await this.deps.dataSource.query(
      `${TICKET_SELECT} JOIN reception.hall h ON h.id = t.hall_id WHERE t.id = $1 AND ${hallVisibility(caller, params, 'h')}`,
      params,
    );
    return row ? toTicket(row) : null;
  }

  /** A hall's tickets of one day, in issue order (optionally of some states only). */
  async tickets(hallId: string, day: string, states?: string[]): Promise<TicketRow[]> {
    return this.deps.dataSource.query(
      `${TICKET_SELECT} WHERE t.hall_id = $1 AND t.service_date = $2 AND ($3::text[] IS NULL OR t.state = ANY($3)) ORDER BY t.seq`,
      [hallId, day, states ?? null],
    );
  }

  /** The served visits of petitions, for `Petition.receptionVisits`, in halls the caller may see. */
  async visitsOfPetitions(caller: Caller, petitionIds: readonly string[]): Promise<Ticket[][]> {
    const params: unknown[] = [petitionIds.filter(isUuid)];
    const rows: TicketRow[] = await this.deps.dataSource.query(
      `${TICKET_SELECT} JOIN reception.hall h ON h.id = t.hall_id
       WHERE t.petition_id = ANY($1) AND t.state = 'SERVED' AND ${hallVisibility(caller, params, 'h')} ORDER BY t.served_at`,
      params,
    );
    return petitionIds.map((id) => rows.filter((r) => r.petition_id === id).map(toTicket));
  }

  // ---- joint sessions (联合接访) -----------------------------------------------------------------

  async conveneJointSession(caller: Caller, input: ConveneJointSessionInput): Promise<JointSession> {
    const departments = [...new Set(input.departmentCodes)];
    if (departments.length < 2) throw new CodedError('JOINT_SESSION_NEEDS_TWO_DEPARTMENTS', undefined, { field: 'departmentCodes' });
    const petition = await this.requirePetition(input.petitionId);
    // 检举控告 (条例 art. 30): the accused unit takes no part in handling the accusation against it.
    if (petition.accusedDepartmentCode && departments.includes(petition.accusedDepartmentCode)) {
      throw new CodedError('ACCUSED_UNIT_EXCLUDED', petition.accusedDepartmentCode, { field: 'departmentCodes' });
    }
    return this.deps.dataSource.transaction(async (tx) => {
      const hall = await this.halls.requireHall(caller, input.hallId, tx);
      requireManager(caller, hall);
      const now = this.deps.clock.now();
      const stations: StationRow[] = await tx.query(
        `SELECT id, hall_id, window_no, department_code, label, active FROM reception.station WHERE hall_id = $1 AND department_code = ANY($2)`,
        [hall.id, departments],
      );
      for (const code of departments) {
        const station = stations.find((s) => s.department_code === code);
        if (!station) throw new CodedError('DEPARTMENT_NOT_STATIONED', code, { field: 'departmentCodes' });
        if (!(await this.onDuty(tx, station.id, now)))
          throw new CodedError('NO_OFFICER_ON_DUTY', `${station.label}（${code}）`, { field: 'departmentCodes' });
      }
      if (input.ticketId) {
        const [ticket] = await tx.query(`SELECT id FROM reception.ticket WHERE id = $1 AND hall_id = $2`, [input.ticketId, hall.id]);
        if (!ticket) throw new CodedError('TICKET_NOT_FOUND', undefined, { field: 'ticketId' });
      }
      const id = randomUUID();
      await tx.query(
        `INSERT INTO reception.joint_session (id, hall_id, petition_id, ticket_id, state, present_department_codes, convened_at, convened_by)
         VALUES ($1,$2,$3,$4,'CONVENED',$5,$6,$7)`,
        [id, hall.id, input.petitionId, input.ticketId ?? null, departments, now, caller.subject],
      );
      return toJointSession(await this.sessionIn(tx, id));
    });
  }

  /** The departments agree a plan, a lead unit and cooperating units; the case service applies them. */
  async concludeJointSession(caller: Caller, input: ConcludeJointSessionInput): Promise<JointSession> {
    if (!isUuid(input.sessionId)) throw new CodedError('JOINT_SESSION_NOT_FOUND', undefined, { field: 'sessionId' });
    return this.deps.dataSource.transaction(async (tx) => {
      const [session]: JointSessionRow[] = await tx.query(
        `SELECT ${JOINT_SESSION_COLUMNS} FROM reception.joint_session j WHERE j.id = $1 FOR UPDATE`,
        [input.sessionId],
      );
      const [hall] = session ? await this.halls.hallsVisible(caller, [session.hall_id], false, tx) : [];
      if (!session || !hall) throw new CodedError('JOINT_SESSION_NOT_FOUND', undefined, { field: 'sessionId' });
      requireManager(caller, hall);
      if (session.state !== 'CONVENED') throw new CodedError('INVALID_STATE', '联合接访已结束', { field: 'sessionId' });
      const present = session.present_department_codes;
      const cooperating = [...new Set(input.cooperatingDepartmentCodes)];
      if (!present.includes(input.leadDepartmentCode)) {
        throw new CodedError('BAD_USER_INPUT', '牵头单位须为到场的进驻单位', { field: 'leadDepartmentCode' });
      }
      if (!cooperating.length || cooperating.includes(input.leadDepartmentCode) || cooperating.some((c) => !present.includes(c))) {
        throw new CodedError('BAD_USER_INPUT', '配合单位须为到场的其他进驻单位（至少一个）', { field: 'cooperatingDepartmentCodes' });
      }
      const [known]: Array<{ accused_department_code: string | null }> = await tx.query(
        `SELECT accused_department_code FROM reception.known_petition WHERE petition_id = $1`,
        [session.petition_id],
      );
      const accused = known?.accused_department_code;
      if (accused && (input.leadDepartmentCode === accused || cooperating.includes(accused))) {
        throw new CodedError('ACCUSED_UNIT_EXCLUDED', accused, {
          field: input.leadDepartmentCode === accused ? 'leadDepartmentCode' : 'cooperatingDepartmentCodes',
        });
      }
      const now = this.deps.clock.now();
      await tx.query(
        `UPDATE reception.joint_session SET state = 'CONCLUDED', lead_department_code = $2, cooperating_department_codes = $3, plan = $4,
           settled_in_hall = $5, concluded_at = $6, concluded_by = $7 WHERE id = $1`,
        [session.id, input.leadDepartmentCode, cooperating, input.plan, input.settledInHall, now, caller.subject],
      );
      await this.deps.outbox.append(tx, {
        type: 'reception.jointSession.concluded',
        aggregateId: session.id,
        // The first event of its aggregate (convening or booking publishes nothing).
        aggregateVersion: 1,
        occurredAt: now,
        data: {
          sessionId: session.id,
          hallId: hall.id,
          hallRegionCode: hall.region_code,
          petitionId: session.petition_id,
          presentDepartmentCodes: present,
          leadDepartmentCode: input.leadDepartmentCode,
          cooperatingDepartmentCodes: cooperating,
          settledInHall: input.settledInHall,
          concludedAt: now.toISOString(),
        },
      });
      return toJointSession(await this.sessionIn(tx, session.id));
    });
  }

  async jointSessions(caller: Caller, hallId: string, from: string, to: string): Promise<JointSession[]> {
    const hall = await this.halls.requireHall(caller, hallId);
    const rows: JointSessionRow[] = await this.deps.dataSource.query(
      `SELECT ${JOINT_SESSION_COLUMNS} FROM reception.joint_session j
       WHERE j.hall_id = $1 AND (j.convened_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2 AND $3 ORDER BY j.convened_at`,
      [hall.id, from, to],
    );
    return rows.map(toJointSession);
  }

  async sessionsOfPetitions(caller: Caller, petitionIds: readonly string[]): Promise<JointSession[][]> {
    const params: unknown[] = [petitionIds.filter(isUuid)];
    const rows: JointSessionRow[] = await this.deps.dataSource.query(
      `SELECT ${JOINT_SESSION_COLUMNS} FROM reception.joint_session j JOIN reception.hall h ON h.id = j.hall_id
       WHERE j.petition_id = ANY($1) AND ${hallVisibility(caller, params, 'h')} ORDER BY j.convened_at`,
      params,
    );
    return petitionIds.map((id) => rows.filter((r) => r.petition_id === id).map(toJointSession));
  }

  // ---- helpers --------------------------------------------------------------------------------------

  /** Someone of the station is checked in and not yet checked out. */
  private async onDuty(tx: EntityManager, stationId: string, now: Date): Promise<boolean> {
    const [row] = await tx.query(
      `SELECT 1 FROM reception.duty_shift WHERE station_id = $1 AND service_date = $2 AND checked_in_at IS NOT NULL AND checked_out_at IS NULL LIMIT 1`,
      [stationId, chinaDate(now)],
    );
    return Boolean(row);
  }

  private async station(tx: EntityManager, hallId: string, stationId: string | null): Promise<StationRow> {
    const [row] =
      stationId && isUuid(stationId)
        ? await tx.query(
            `SELECT id, hall_id, window_no, department_code, label, active FROM reception.station WHERE id = $1 AND hall_id = $2`,
            [stationId, hallId],
          )
        : [];
    if (!row) throw new CodedError('STATION_NOT_FOUND', undefined, { field: 'stationId' });
    return row;
  }

  private async ticketIn(tx: EntityManager, id: string): Promise<Ticket> {
    const [row]: TicketRow[] = await tx.query(`${TICKET_SELECT} WHERE t.id = $1`, [id]);
    return toTicket(row);
  }

  private async sessionIn(tx: EntityManager, id: string): Promise<JointSessionRow> {
    const [row] = await tx.query(`SELECT ${JOINT_SESSION_COLUMNS} FROM reception.joint_session j WHERE j.id = $1`, [id]);
    return row;
  }

  private async onTicket(
    caller: Caller,
    ticketId: string,
    change: (tx: EntityManager, ticket: TicketRow, hall: HallRow) => Promise<void>,
  ): Promise<Ticket> {
    if (!isUuid(ticketId)) throw new CodedError('TICKET_NOT_FOUND', undefined, { field: 'ticketId' });
    return this.deps.dataSource.transaction(async (tx) => {
      const [ticket]: TicketRow[] = await tx.query(`${TICKET_SELECT} WHERE t.id = $1 FOR UPDATE OF t`, [ticketId]);
      const [hall] = ticket ? await this.halls.hallsVisible(caller, [ticket.hall_id], false, tx) : [];
      if (!ticket || !hall) throw new CodedError('TICKET_NOT_FOUND', undefined, { field: 'ticketId' });
      await change(tx, ticket, hall);
      await notifyQueue(tx, hall.id);
      return this.ticketIn(tx, ticketId);
    });
  }
}
