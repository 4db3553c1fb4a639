import type { MigrationInterface, QueryRunner } from 'typeorm';

import { auditTableDown, auditTableUp } from '@petition/service-kit';

// The audit trail of this service (docs/security.md): append-only and hash-chained, like every service's.
export class AuditLog1764200000003 implements MigrationInterface {
  name = 'AuditLog1764200000003';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of auditTableUp('hotspot')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of auditTableDown('hotspot')) await q.query(sql);
  }
}
