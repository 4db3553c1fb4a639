import type { DataSource } from 'typeorm';

import type { Caller, Role } from '@petition/auth';
import { appendAudit, auditActor } from '@petition/service-kit';
import { CodedError, isUuid } from '@petition/subgraph';

import { isAccusedUnit, petitionVisibility } from '../petition/access';
import type { Petitioner } from '../petition/petition.model';
import { maskName, maskPhone } from './id-number';
import type { RevealedPetitioner } from './petitioner.model';
import type { PiiCipher } from './pii-cipher';

/** The roles that may read personal data unmasked (ARCHITECTURE: intake's CLERK, SUPERVISOR, LEADER). */
export const REVEAL_ROLES: Role[] = ['CLERK', 'SUPERVISOR', 'LEADER'];
const REVEALED_FIELDS = ['name', 'idNumber', 'phone', 'address', 'workUnit'];

// Reads petitioners masked; unmasking is `reveal`, audited with its reason.
export class PetitionerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: PiiCipher,
  ) {}

  async forPetition(petitionId: string): Promise<Petitioner[]> {
    const rows = await this.dataSource.query(
      `SELECT pe.id, pe.name_enc, pe.id_number_masked, pe.gender, pe.ethnicity, pe.phone_enc, pp.is_representative
         FROM intake.petition_petitioner pp JOIN intake.petitioner pe ON pe.id = pp.petitioner_id
        WHERE pp.petition_id = $1 ORDER BY pp.position`,
      [petitionId],
    );
    return rows.map((r: Record<string, string | boolean | null>) => ({
      id: r.id as string,
      name: maskName(this.cipher.decrypt(r.name_enc as string)),
      idNumber: r.id_number_masked as string,
      gender: r.gender as Petitioner['gender'],
      ethnicity: r.ethnicity as string | null,
      phone: r.phone_enc ? maskPhone(this.cipher.decrypt(r.phone_enc as string)) : null,
      isRepresentative: r.is_representative as boolean,
    }));
  }

  /**
   * A petitioner's personal data in clear, for a caller holding a reveal role, when the petitioner
   * is on a petition that role lets the caller read and the caller's department is not the accused
   * unit of any accusation the petitioner made (art. 30). Anything else is refused as not found, so
   * a refusal does not confirm the person exists. The audit record (with the reason) is written in
   * the transaction that reads the row: no record, no clear data.
   */
  async reveal(caller: Caller, petitionerId: string, reason: string, requestId: string | null): Promise<RevealedPetitioner> {
    const why = reason.trim();
    const length = Array.from(why).length;
    if (length < 4 || length > 500) throw new CodedError('BAD_USER_INPUT', '查看理由须为4至500字', { field: 'reason' });
    if (why.includes('\u0000')) throw new CodedError('BAD_USER_INPUT', '查看理由含有无效字符', { field: 'reason' });
    if (!isUuid(petitionerId)) throw new CodedError('PETITIONER_NOT_FOUND', undefined, { field: 'petitionerId' });
    // The right to reveal comes with the bureau roles, so only their jurisdiction counts, not
    // petitions the caller reads as a HANDLER.
    const bureau: Caller = { ...caller, roles: caller.roles.filter((r) => REVEAL_ROLES.includes(r)) };

    return this.dataSource.transaction(async (tx) => {
      const params: unknown[] = [petitionerId];
      const visible = petitionVisibility(bureau, params);
      const petitions: Array<{ id: string; nature: string; accused_department_code: string | null; visible: boolean }> = await tx.query(
        `SELECT p.id, p.nature, p.accused_department_code, ${visible} AS visible
           FROM intake.petition_petitioner pp JOIN intake.petition p ON p.id = pp.petition_id
          WHERE pp.petitioner_id = $1 ORDER BY p.registered_at, p.id`,
        params,
      );
      if (!petitions.some((p) => p.visible) || petitions.some((p) => isAccusedUnit(caller, p))) {
        throw new CodedError('PETITIONER_NOT_FOUND', undefined, { field: 'petitionerId' });
      }
      const [row] = await tx.query(
        `SELECT name_enc, id_number_enc, phone_enc, address_enc, work_unit_enc FROM intake.petitioner WHERE id = $1`,
        [petitionerId],
      );
      const clear = (v: string | null) => (v ? this.cipher.decrypt(v) : null);
      const revealed = {
        petitionerId,
        name: this.cipher.decrypt(row.name_enc),
        idNumber: this.cipher.decrypt(row.id_number_enc),
        phone: clear(row.phone_enc),
        address: clear(row.address_enc),
        workUnit: clear(row.work_unit_enc),
      };
      const auditSeq = await appendAudit(tx, 'intake', {
        kind: 'pii-read',
        actor: auditActor(caller),
        action: 'revealPetitioner',
        target: { petitionerId },
        outcome: 'OK',
        requestId,
        detail: { reason: why, fields: REVEALED_FIELDS, petitionIds: petitions.filter((p) => p.visible).map((p) => p.id) },
        at: new Date().toISOString(),
      });
      return { ...revealed, auditSeq };
    });
  }
}
