import type { MigrationInterface, QueryRunner } from 'typeorm';

import { matterTermsDown, matterTermsUp } from './projection-tables';

// The text rule reads matter keys instead of MinHash signatures (issue 15): the keys on each member
// under a GIN index led by the city, and counts of term bases. Petitions projected before
// carry no keys and take no part in the text rule; the clusters the old rule made stay as they
// are (a rebuild check from streams that hold events older than this migration reports their
// SIMILAR_TEXT rows as differing: the rebuilt schema applies today's rule to every event).
export class MatterTerms1764500000000 implements MigrationInterface {
  name = 'MatterTerms1764500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of matterTermsUp('hotspot')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of matterTermsDown('hotspot')) await q.query(sql);
  }
}
