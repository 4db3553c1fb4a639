import type { MigrationInterface, QueryRunner } from 'typeorm';

// The lead and cooperating departments a joint reception session (联合接访) agreed for a petition,
// kept so that a case opened after the session still gets them.
export class JointAssignment1763900000001 implements MigrationInterface {
  name = 'JointAssignment1763900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.joint_assignment (
      petition_id uuid PRIMARY KEY,
      session_id uuid NOT NULL,
      lead_department_code text NOT NULL,
      cooperating_department_codes text[] NOT NULL,
      concluded_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.joint_assignment`);
  }
}
