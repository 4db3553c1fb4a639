import { createHash, randomUUID } from 'crypto';

import type { DataSource, EntityManager } from 'typeorm';

import type { Caller } from '@petition/auth';
import type { Clock, WorkCalendar } from '@petition/clock';
import { chinaDate, computeDue, DEFAULT_RULES, endOfChinaDay } from '@petition/clock';
import type { Outbox } from '@petition/events';
import type { MatterFeatures } from '@petition/text';
import { extractMatter, matterKeys } from '@petition/text';
import { CodedError } from '@petition/subgraph';

import { maskIdNumber, validateIdNumber } from '../petitioner/id-number';
import type { PiiCipher } from '../petitioner/pii-cipher';
import { isValidRegionCode } from '../reference/region-code';
import type { DuplicateService } from './duplicate.service';
import type { DeclinePetitionInput, RegisterPetitionInput, RoutePetitionInput } from './petition.input';
import type { PetitionRow } from './petition.row';
import { PETITION_COLUMNS, toPetition } from './petition.row';
import { PetitionQueries } from './petition.queries';
import { petitionFacts, resolveVisitKind, stateError } from './petition.rules';
import { hashAccessCode, newAccessCode, newTrackingNumber } from './tracking';

export interface PetitionServiceDeps {
  dataSource: DataSource;
  outbox: Outbox;
  cipher: PiiCipher;
  clock: Clock;
  calendar: WorkCalendar;
  routingDays: number;
  accessPepper: Buffer;
  duplicates: DuplicateService;
  /** Key of the matter keys that let the hotspot service match texts it never sees. */
  signatureKey: string;
}

const ROUTABLE = ['REGISTERED', 'RETURNED'];

// The commands on petitions (register, link as repeat, route, decline) over the read side.
export class PetitionService extends PetitionQueries {
  static accessPepper(indexKey: string): Buffer {
    return createHash('sha256').update(`${indexKey}:access-code`).digest();
  }

  /** The matter's keys, keyed, for the hotspot service; none for an accusation (its material stays here). */
  private sharedKeys(row: PetitionRow, matter: MatterFeatures): number[] | null {
    if (row.nature === 'ACCUSATION') return null;
    const keys = matterKeys(matter, this.deps.signatureKey);
    return keys.length ? keys : null;
  }

  async register(caller: Caller, input: RegisterPetitionInput) {
    const { clock, calendar, cipher, outbox, dataSource } = this.deps;
    const now = clock.now();
    const receivedAt = input.receivedAt ?? now;
    if (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > now.getTime() + 60_000) {
      throw new CodedError('BAD_USER_INPUT', '收到时间不能晚于当前时间', { field: 'receivedAt' });
    }
    if (!isValidRegionCode(input.regionCode)) throw new CodedError('INVALID_REGION_CODE', undefined, { field: 'regionCode' });
    if (!input.regionCode.startsWith(caller.jurisdiction)) {
      throw new CodedError('FORBIDDEN', '行政区划不在本单位辖区内', { field: 'regionCode' });
    }
    const ids = input.petitioners.map((p, i) => {
      const checked = validateIdNumber(p.idNumber, chinaDate(now));
      if (!checked.ok) {
        const why = { LENGTH: '位数不对', FORMAT: '格式不对', BIRTH_DATE: '出生日期无效', CHECK_DIGIT: '校验位错误' }[checked.reason];
        throw new CodedError('INVALID_ID_NUMBER', `第${i + 1}位信访人的身份证号码${why}`, {
          field: `petitioners.${i}.idNumber`,
          reason: checked.reason,
        });
      }
      return checked.value;
    });
    if (new Set(ids).size !== ids.length) {
      throw new CodedError('BAD_USER_INPUT', '同一信访人被重复填写', { field: 'petitioners' });
    }
    const { visitKind, headcount } = resolveVisitKind(input.visitKind, input.headcount, input.petitioners.length);
    if (visitKind === 'COLLECTIVE') {
      const representatives = input.petitioners.filter((p) => p.isRepresentative ?? true).length;
      if (representatives > 5) throw new CodedError('TOO_MANY_REPRESENTATIVES', undefined, { field: 'petitioners' });
    }
    if (input.nature !== 'ACCUSATION' && input.accusedDepartmentCode) {
      throw new CodedError('BAD_USER_INPUT', '仅检举控告件可填写被检举单位', { field: 'accusedDepartmentCode' });
    }

    const due = computeDue({ ...DEFAULT_RULES.ROUTING_15D, days: this.deps.routingDays }, receivedAt, calendar);
    const accessCode = newAccessCode();
    const petitionId = randomUUID();
    const matter = extractMatter(`${input.summary.trim()} ${input.demands.trim()}`);
    const textKeys = matterKeys(matter);

    const row = await retryOnUniqueViolation('petition_tracking_number_key', () =>
      dataSource.transaction(async (tx) => {
        await this.requireCategory(tx, input.categoryCode);
        if (input.accusedDepartmentCode) await this.requireDepartments(tx, [['accusedDepartmentCode', input.accusedDepartmentCode]]);
        const trackingNumber = newTrackingNumber(now);
        await tx.query(
          `INSERT INTO intake.petition (id, tracking_number, access_code_hash, channel, visit_kind, headcount, nature, category_code,
             level, skip_level, region_code, involved_organization, accused_department_code, summary, demands, status,
             received_at, registered_at, registered_by, registering_department, routing_due_on, routing_due_rule, matter_keys)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,'REGISTERED',$16,$17,$18,$19,$20,$21,$22)`,
          [
            petitionId,
            trackingNumber,
            hashAccessCode(accessCode, this.deps.accessPepper),
            input.channel,
            visitKind,
            headcount,
            input.nature,
            input.categoryCode,
            input.level,
            input.skipLevel ?? false,
            input.regionCode,
            input.involvedOrganization?.trim() || null,
            input.accusedDepartmentCode ?? null,
            input.summary.trim(),
            input.demands.trim(),
            receivedAt,
            now,
            caller.subject,
            caller.department,
            due.dueOn,
            due.rule,
            textKeys,
          ],
        );
        for (const [position, p] of input.petitioners.entries()) {
          const index = cipher.blindIndex(ids[position]);
          const [existing] = await tx.query(`SELECT id FROM intake.petitioner WHERE id_number_index = $1 LIMIT 1`, [index]);
          const enc = (v?: string) => (v ? cipher.encrypt(v) : null);
          let petitionerId: string = existing?.id;
          if (petitionerId) {
            // The same person again: keep one record, refresh the contact details they gave this time.
            await tx.query(
              `UPDATE intake.petitioner SET name_enc = $2, phone_enc = COALESCE($3, phone_enc), address_enc = COALESCE($4, address_enc),
                 work_unit_enc = COALESCE($5, work_unit_enc), gender = COALESCE($6, gender), ethnicity = COALESCE($7, ethnicity) WHERE id = $1`,
              [
                petitionerId,
                cipher.encrypt(p.name.trim()),
                enc(p.phone),
                enc(p.address),
                enc(p.workUnit),
                p.gender ?? null,
                p.ethnicity ?? null,
              ],
            );
          } else {
            const [created] = await tx.query(
              `INSERT INTO intake.petitioner (name_enc, id_number_enc, id_number_index, id_number_masked, gender, ethnicity, phone_enc, address_enc, work_unit_enc)
               VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
              [
                cipher.encrypt(p.name.trim()),
                cipher.encrypt(ids[position]),
                index,
                maskIdNumber(ids[position]),
                p.gender ?? null,
                p.ethnicity ?? null,
                enc(p.phone),
                enc(p.address),
                enc(p.workUnit),
              ],
            );
            petitionerId = created.id;
          }
          await tx.query(
            `INSERT INTO intake.petition_petitioner (petition_id, petitioner_id, position, is_representative) VALUES ($1,$2,$3,$4)`,
            [petitionId, petitionerId, position, visitKind === 'COLLECTIVE' ? (p.isRepresentative ?? true) : false],
          );
        }
        const saved = await this.load(tx, petitionId);
        await outbox.append(tx, {
          type: 'intake.petition.registered',
          aggregateId: petitionId,
          aggregateVersion: saved.version,
          occurredAt: now,
          data: {
            ...petitionFacts(saved),
            repeatOfPetitionId: null,
            matterKeys: this.sharedKeys(saved, matter),
            contentSignature: null,
            accusedDepartmentCode: saved.nature === 'ACCUSATION' ? saved.accused_department_code : null,
          },
        });
        return saved;
      }),
    );

    this.deps.duplicates.frequency.add(textKeys);
    const duplicateCandidates = await this.deps.duplicates.find(caller, {
      indexes: ids.map((id) => cipher.blindIndex(id)),
      organization: row.involved_organization,
      matter,
      keys: textKeys,
      stored: true,
      regionCode: row.region_code,
      excludeId: row.id,
      limit: 10,
    });
    return { petition: toPetition(row, caller), trackingNumber: row.tracking_number, accessCode, duplicateCandidates };
  }

  async linkAsRepeat(caller: Caller, petitionId: string, originalPetitionId: string) {
    if (petitionId === originalPetitionId) throw new CodedError('REPEAT_OF_SELF', undefined, { field: 'originalPetitionId' });
    const now = this.deps.clock.now();
    return this.deps.dataSource.transaction(async (tx) => {
      const row = await this.findVisible(caller, petitionId, tx, true);
      if (row.status !== 'REGISTERED') throw stateError(row.status);
      const original = await this.findVisible(caller, originalPetitionId, tx).catch(() => {
        throw new CodedError('PETITION_NOT_FOUND', '原信访件不存在或不在辖区内', { field: 'originalPetitionId' });
      });
      // A chain of repeats points at the first matter, where the case is.
      const rootId = original.repeat_of ?? original.id;
      if (rootId === row.id) throw new CodedError('REPEAT_OF_SELF', undefined, { field: 'originalPetitionId' });
      await tx.query(
        `UPDATE intake.petition SET status = 'LINKED_AS_REPEAT', repeat_of = $2, decided_at = $3, version = version + 1 WHERE id = $1`,
        [row.id, rootId, now],
      );
      const saved = await this.load(tx, row.id);
      await this.deps.outbox.append(tx, {
        type: 'intake.petition.linkedAsRepeat',
        aggregateId: row.id,
        aggregateVersion: saved.version,
        occurredAt: now,
        data: { petitionId: row.id, originalPetitionId: rootId, level: saved.level as never, linkedAt: now.toISOString() },
      });
      return toPetition(saved, caller);
    });
  }

  async route(caller: Caller, input: RoutePetitionInput) {
    const now = this.deps.clock.now();
    const lead = input.leadDepartmentCode ?? null;
    const cooperating = [...new Set(input.cooperatingDepartmentCodes ?? [])];
    if (input.mode === 'ASSIGN' && !input.resultDays) {
      throw new CodedError('BAD_USER_INPUT', '交办须规定办理结果报送期限 (resultDays)', { field: 'resultDays' });
    }
    if (input.mode === 'FORWARD' && input.resultDays) {
      throw new CodedError('BAD_USER_INPUT', '转送件不要求报送办理结果，请勿填写 resultDays', { field: 'resultDays' });
    }
    if (cooperating.includes(input.departmentCode) || (lead && cooperating.includes(lead))) {
      throw new CodedError('BAD_USER_INPUT', '配合单位不能同时是责任单位或牵头单位', { field: 'cooperatingDepartmentCodes' });
    }
    return this.deps.dataSource.transaction(async (tx) => {
      const row = await this.findVisible(caller, input.petitionId, tx, true);
      if (row.status === 'ROUTED') throw new CodedError('ALREADY_ROUTED');
      if (!ROUTABLE.includes(row.status)) throw stateError(row.status);
      await this.requireDepartments(tx, [
        ['departmentCode', input.departmentCode],
        ...(lead ? ([['leadDepartmentCode', lead]] as Array<[string, string]>) : []),
        ...cooperating.map((c, i) => [`cooperatingDepartmentCodes.${i}`, c] as [string, string]),
      ]);
      if (row.nature === 'ACCUSATION' && row.accused_department_code) {
        const involved = [input.departmentCode, lead, ...cooperating];
        if (involved.includes(row.accused_department_code)) throw new CodedError('ROUTING_TO_SELF', undefined, { field: 'departmentCode' });
      }
      const resultDue = input.resultDays
        ? computeDue({ code: 'ASSIGN_RESULT', days: input.resultDays, unit: 'CALENDAR_DAYS', basis: '交办期限' }, now, this.deps.calendar)
        : null;
      const routingId = randomUUID();
      const dueAt = endOfChinaDay(row.routing_due_on);
      const withinDeadline = now.getTime() <= dueAt.getTime();
      await tx.query(
        `INSERT INTO intake.routing (id, petition_id, mode, department_code, lead_department_code, cooperating_department_codes,
           result_due_on, note, routed_at, routed_by, within_deadline) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
        [
          routingId,
          row.id,
          input.mode,
          input.departmentCode,
          lead,
          cooperating,
          resultDue?.dueOn ?? null,
          input.note ?? null,
          now,
          caller.subject,
          withinDeadline,
        ],
      );
      await tx.query(`UPDATE intake.petition SET status = 'ROUTED', version = version + 1 WHERE id = $1`, [row.id]);
      const saved = await this.load(tx, row.id);
      await this.deps.outbox.append(tx, {
        type: 'intake.petition.routed',
        aggregateId: row.id,
        aggregateVersion: saved.version,
        occurredAt: now,
        data: {
          ...petitionFacts(saved),
          routingId,
          mode: input.mode,
          departmentCode: input.departmentCode,
          leadDepartmentCode: lead,
          cooperatingDepartmentCodes: cooperating,
          accusedDepartmentCode: saved.nature === 'ACCUSATION' ? saved.accused_department_code : null,
          resultDueOn: resultDue?.dueOn ?? null,
          routedAt: now.toISOString(),
          routedWithinDeadline: withinDeadline,
        },
      });
      return toPetition(saved, caller);
    });
  }

  async decline(caller: Caller, input: DeclinePetitionInput) {
    if (input.reasonCode === 'LEGAL_CHANNEL' && !input.legalChannel) {
      throw new CodedError('LEGAL_CHANNEL_REQUIRED', undefined, { field: 'legalChannel' });
    }
    const now = this.deps.clock.now();
    return this.deps.dataSource.transaction(async (tx) => {
      const row = await this.findVisible(caller, input.petitionId, tx, true);
      if (row.status === 'ROUTED') throw new CodedError('ALREADY_ROUTED');
      if (!ROUTABLE.includes(row.status)) throw stateError(row.status);
      await tx.query(
        `UPDATE intake.petition SET status = 'NOT_ACCEPTED', decline_reason_code = $2, decline_reason = $3, legal_channel = $4,
           decided_at = $5, version = version + 1 WHERE id = $1`,
        [row.id, input.reasonCode, input.reason.trim(), input.legalChannel ?? null, now],
      );
      const saved = await this.load(tx, row.id);
      await this.deps.outbox.append(tx, {
        type: 'intake.petition.notAccepted',
        aggregateId: row.id,
        aggregateVersion: saved.version,
        occurredAt: now,
        data: { petitionId: row.id, reasonCode: input.reasonCode, legalChannel: input.legalChannel ?? null, decidedAt: now.toISOString() },
      });
      return toPetition(saved, caller);
    });
  }

  async load(tx: EntityManager, id: string): Promise<PetitionRow> {
    const [row] = await tx.query(`SELECT ${PETITION_COLUMNS} FROM intake.petition p WHERE p.id = $1`, [id]);
    return row;
  }

  private async requireCategory(tx: EntityManager, code: string) {
    const [found] = await tx.query(`SELECT 1 FROM intake.category WHERE code = $1 AND active`, [code]);
    if (!found) throw new CodedError('INVALID_CATEGORY', code, { field: 'categoryCode' });
  }

  private async requireDepartments(tx: EntityManager, codes: Array<[field: string, code: string]>) {
    const rows: Array<{ code: string }> = await tx.query(`SELECT code FROM intake.department WHERE code = ANY($1) AND active`, [
      codes.map(([, c]) => c),
    ]);
    const known = new Set(rows.map((r) => r.code));
    const missing = codes.find(([, c]) => !known.has(c));
    if (missing) throw new CodedError('INVALID_DEPARTMENT', missing[1], { field: missing[0] });
  }
}

async function retryOnUniqueViolation<T>(constraint: string, work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      const e = error as { code?: string; constraint?: string; driverError?: { constraint?: string } };
      const hit = e.code === '23505' && (e.constraint ?? e.driverError?.constraint) === constraint;
      if (!hit || i >= attempts) throw error;
    }
  }
}
