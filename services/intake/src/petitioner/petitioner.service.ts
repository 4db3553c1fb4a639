import type { DataSource } from 'typeorm';

import type { Petitioner } from '../petition/petition.model';
import { maskName, maskPhone } from './id-number';
import type { PiiCipher } from './pii-cipher';

// Reads petitioners masked. Unmasking (with an audited reason) is a separate, later capability.
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
}
