import type { MigrationInterface, QueryRunner } from 'typeorm';

// The departments a joint reception session (联合接访) made lead or cooperating on a petition: they
// handle it, so they read it, like the departments of a routing.
export class JointDepartment1763900000002 implements MigrationInterface {
  name = 'JointDepartment1763900000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE intake.joint_department (
      petition_id uuid NOT NULL REFERENCES intake.petition(id),
      department_code text NOT NULL,
      session_id uuid NOT NULL,
      PRIMARY KEY (petition_id, department_code)
    )`);
    await q.query(`CREATE INDEX joint_department_code ON intake.joint_department (department_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.joint_department`);
  }
}
