import type { DataSource } from 'typeorm';

import type { Caller } from '@petition/auth';

import { isAccusedUnit, petitionVisibility } from './access';
import type { DuplicateReason } from './enums';
import type { DuplicateCandidate } from './petition.model';
import type { PetitionRow } from './petition.row';
import { PETITION_COLUMNS, toPetition } from './petition.row';
import { SIMILAR_TEXT_THRESHOLD, textSimilarity } from '@petition/text';

export interface DuplicateQuery {
  /** Blind indexes of the petitioners' ID numbers. */
  indexes: string[];
  organization: string | null;
  text: string;
  excludeId: string | null;
  limit: number;
}

// Candidate search in SQL (same person by blind index, same organisation, trigram-similar text),
// then exact scoring in code with the measured character-bigram similarity.
const TRGM_CANDIDATE_THRESHOLD = 0.12;
const CANDIDATE_LIMIT = 200;

export class DuplicateService {
  constructor(private readonly dataSource: DataSource) {}

  async find(caller: Caller, query: DuplicateQuery): Promise<DuplicateCandidate[]> {
    const rows = await this.dataSource.transaction(async (tx) => {
      await tx.query(`SET LOCAL pg_trgm.similarity_threshold = ${TRGM_CANDIDATE_THRESHOLD}`);
      const params: unknown[] = [query.indexes, query.organization, query.text || null, query.excludeId, CANDIDATE_LIMIT];
      const visible = petitionVisibility(caller, params);
      return tx.query(
        `WITH candidates AS (
           SELECT pp.petition_id AS id FROM intake.petitioner pe JOIN intake.petition_petitioner pp ON pp.petitioner_id = pe.id
            WHERE pe.id_number_index = ANY($1)
           UNION
           SELECT id FROM intake.petition WHERE $2::text IS NOT NULL AND involved_organization = $2
           UNION
           (SELECT id FROM intake.petition WHERE $3::text IS NOT NULL AND (summary || ' ' || demands) % $3
             ORDER BY similarity(summary || ' ' || demands, $3) DESC LIMIT $5)
         )
         SELECT ${PETITION_COLUMNS},
           ARRAY(SELECT pe.id_number_index FROM intake.petition_petitioner pp JOIN intake.petitioner pe ON pe.id = pp.petitioner_id
                  WHERE pp.petition_id = p.id) AS indexes
           FROM intake.petition p JOIN candidates c ON c.id = p.id
          WHERE ($4::uuid IS NULL OR p.id <> $4) AND ${visible}
          ORDER BY p.registered_at DESC LIMIT $5`,
        params,
      ) as Promise<Array<PetitionRow & { indexes: string[] }>>;
    });

    const wanted = new Set(query.indexes);
    // 检举控告 (art. 30): the accused unit must not learn, by matching a person or a text, who reported it or what.
    const scored = rows
      .filter((row) => !isAccusedUnit(caller, row))
      .map((row) => {
        const reasons: DuplicateReason[] = [];
        const samePetitioner = row.indexes.some((i) => wanted.has(i));
        const sameOrganization = !!query.organization && row.involved_organization === query.organization;
        const similarity = query.text ? textSimilarity(query.text, `${row.summary} ${row.demands}`) : 0;
        if (samePetitioner) reasons.push('SAME_PETITIONER');
        if (sameOrganization) reasons.push('SAME_ORGANIZATION');
        if (similarity >= SIMILAR_TEXT_THRESHOLD) reasons.push('SIMILAR_TEXT');
        const score = Math.min(1, (samePetitioner ? 0.45 : 0) + (sameOrganization ? 0.15 : 0) + 0.4 * similarity);
        return {
          petition: toPetition(row, caller),
          score: Math.round(score * 1000) / 1000,
          textSimilarity: Math.round(similarity * 1000) / 1000,
          reasons,
          likelyRepeat: samePetitioner && similarity >= SIMILAR_TEXT_THRESHOLD,
        };
      });
    return scored
      .filter((c) => c.reasons.length > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, query.limit);
  }
}
