import type { MigrationInterface, QueryRunner } from 'typeorm';

// 检举控告 (条例 art. 30): the unit an accusation names, from intake's registration event, so a joint
// session on the matter can keep that unit out. Null for other petitions and for petitions known
// from events written before the field existed.
export class AccusedUnit1764100000000 implements MigrationInterface {
  name = 'AccusedUnit1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reception.known_petition ADD COLUMN accused_department_code text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reception.known_petition DROP COLUMN accused_department_code`);
  }
}
