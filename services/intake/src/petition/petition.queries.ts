import type { EntityManager } from 'typeorm';

import type { Caller } from '@petition/auth';
import { chinaDate } from '@petition/clock';
import type { MatterFeatures } from '@petition/text';
import { extractMatter, matterKeys } from '@petition/text';
import { CodedError, isUuid, keysetPage, SqlConditions } from '@petition/subgraph';

import { validateIdNumber } from '../petitioner/id-number';
import { isAccusedUnit, petitionVisibility } from './access';
import type { Petition } from './petition.model';
import type { CheckDuplicatesInput, PetitionFilter } from './petition.input';
import type { PetitionRow } from './petition.row';
import { PETITION_COLUMNS, toPetition } from './petition.row';
import type { PetitionServiceDeps } from './petition.service';
import { accessCodeMatches } from './tracking';

// The read side of petitions: one by id, a page, the petitioner's tracking view, routings and the
// duplicate check, each under the caller's visibility. PetitionService adds the commands.
export class PetitionQueries {
  constructor(protected readonly deps: PetitionServiceDeps) {}

  async checkDuplicates(caller: Caller, input: CheckDuplicatesInput) {
    if (input.petitionId) {
      const row = await this.findVisible(caller, input.petitionId);
      // The accused unit may not match an accusation's reporter or material against other petitions (art. 30).
      if (isAccusedUnit(caller, row)) throw new CodedError('FORBIDDEN', '被检举单位不能对检举控告件判重', { field: 'petitionId' });
      const indexes: Array<{ id_number_index: string }> = await this.deps.dataSource.query(
        `SELECT pe.id_number_index FROM intake.petition_petitioner pp JOIN intake.petitioner pe ON pe.id = pp.petitioner_id WHERE pp.petition_id = $1`,
        [row.id],
      );
      return this.deps.duplicates.find(caller, {
        indexes: indexes.map((i) => i.id_number_index),
        organization: row.involved_organization,
        ...this.matterOf(`${row.summary} ${row.demands}`),
        stored: true,
        regionCode: row.region_code,
        excludeId: row.id,
        limit: input.limit ?? 10,
      });
    }
    const text = `${input.summary ?? ''} ${input.demands ?? ''}`.trim();
    if (!text && !input.idNumbers?.length && !input.involvedOrganization) {
      throw new CodedError('BAD_USER_INPUT', '请提供信访件，或身份证号、涉及单位、内容中的至少一项', { field: 'input' });
    }
    const indexes = (input.idNumbers ?? []).map((raw, i) => {
      const checked = validateIdNumber(raw, chinaDate(this.deps.clock.now()));
      if (!checked.ok) throw new CodedError('INVALID_ID_NUMBER', `第${i + 1}个身份证号码无效`, { field: `idNumbers.${i}` });
      return this.deps.cipher.blindIndex(checked.value);
    });
    return this.deps.duplicates.find(caller, {
      indexes,
      organization: input.involvedOrganization?.trim() || null,
      ...this.matterOf(text),
      stored: false,
      regionCode: input.regionCode ?? null,
      excludeId: null,
      limit: input.limit ?? 10,
    });
  }

  private matterOf(text: string): { matter: MatterFeatures | null; keys: number[] } {
    if (!text.trim()) return { matter: null, keys: [] };
    const matter = extractMatter(text);
    return { matter, keys: matterKeys(matter) };
  }

  async get(caller: Caller, id: string): Promise<Petition | null> {
    const rows = await this.findManyVisible(caller, [id]);
    return rows[0] ? toPetition(rows[0], caller) : null;
  }

  async findManyVisible(caller: Caller, ids: readonly string[]): Promise<PetitionRow[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    const params: unknown[] = [valid];
    const visible = petitionVisibility(caller, params);
    return this.deps.dataSource.query(`SELECT ${PETITION_COLUMNS} FROM intake.petition p WHERE p.id = ANY($1) AND ${visible}`, params);
  }

  list(caller: Caller, filter: PetitionFilter | undefined, first: number | undefined, after: string | undefined) {
    const conditions = new SqlConditions().raw((params) => petitionVisibility(caller, params));
    if (filter?.status?.length) conditions.add('p.status = ANY(?)', filter.status);
    if (filter?.channel) conditions.add('p.channel = ?', filter.channel);
    if (filter?.categoryCode) conditions.add('p.category_code = ?', filter.categoryCode);
    if (filter?.regionPrefix) conditions.add(`p.region_code LIKE ? || '%'`, filter.regionPrefix);
    if (filter?.registeredFrom) conditions.add('p.registered_at >= ?', filter.registeredFrom);
    if (filter?.registeredTo) conditions.add('p.registered_at < ?', filter.registeredTo);
    return keysetPage<PetitionRow, Petition>(
      {
        query: (sql, params) => this.deps.dataSource.query(sql, params),
        select: PETITION_COLUMNS,
        from: 'intake.petition p',
        conditions,
        at: 'p.registered_at',
        id: 'p.id',
        first,
        after,
        key: (r) => ({ at: r.registered_at.toISOString(), id: r.id }),
      },
      (r) => toPetition(r, caller),
    );
  }

  /** The petitioner's own view: needs the tracking number and the access code given at registration. */
  async track(trackingNumber: string, accessCode: string) {
    const [row] = (await this.deps.dataSource.query(`SELECT ${PETITION_COLUMNS} FROM intake.petition p WHERE p.tracking_number = $1`, [
      trackingNumber.trim().toUpperCase(),
    ])) as PetitionRow[];
    if (!row || !accessCodeMatches(accessCode.trim().toUpperCase(), row.access_code_hash, this.deps.accessPepper)) {
      throw new CodedError('TRACKING_NOT_FOUND');
    }
    const progress = await this.deps.dataSource.query(
      `SELECT kind, at, to_char(due_on, 'YYYY-MM-DD') AS due_on, outcome FROM intake.progress WHERE petition_id = $1 ORDER BY at, id`,
      [row.id],
    );
    const routings = await this.deps.dataSource.query(
      `SELECT r.mode, r.routed_at, d.name AS department_name FROM intake.routing r JOIN intake.department d ON d.code = r.department_code
       WHERE r.petition_id = $1 ORDER BY r.routed_at`,
      [row.id],
    );
    return { row, progress, routings };
  }

  async routings(petitionId: string) {
    const rows = await this.deps.dataSource.query(
      `SELECT id, mode, department_code, lead_department_code, cooperating_department_codes, to_char(result_due_on, 'YYYY-MM-DD') AS result_due_on,
              routed_at, within_deadline, returned_at, return_reason FROM intake.routing WHERE petition_id = $1 ORDER BY routed_at`,
      [petitionId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id,
      mode: r.mode,
      departmentCode: r.department_code,
      leadDepartmentCode: r.lead_department_code,
      cooperatingDepartmentCodes: r.cooperating_department_codes,
      resultDueOn: r.result_due_on,
      routedAt: r.routed_at,
      withinDeadline: r.within_deadline,
      returnedAt: r.returned_at,
      returnReason: r.return_reason,
    }));
  }

  protected async findVisible(
    caller: Caller,
    id: string,
    tx: EntityManager = this.deps.dataSource.manager,
    lock = false,
  ): Promise<PetitionRow> {
    if (!isUuid(id)) throw new CodedError('PETITION_NOT_FOUND', undefined, { field: 'petitionId' });
    const params: unknown[] = [id];
    const visible = petitionVisibility(caller, params);
    const [row] = await tx.query(
      `SELECT ${PETITION_COLUMNS} FROM intake.petition p WHERE p.id = $1 AND ${visible}${lock ? ' FOR UPDATE' : ''}`,
      params,
    );
    if (!row) throw new CodedError('PETITION_NOT_FOUND', undefined, { field: 'petitionId' });
    // The accused unit may never decide on an accusation against itself (decline, link, route).
    if (lock && isAccusedUnit(caller, row)) throw new CodedError('FORBIDDEN', '被检举单位不能处理针对本单位的检举控告');
    return row;
  }
}
