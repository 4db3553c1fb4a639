import type { DataSource } from 'typeorm';

import type { Caller } from '@petition/auth';
import type { MatterFeatures } from '@petition/text';
import { candidateKeys, explainMatch, extractMatter, MATCH_TUNING, matchMatter, matterWeigher, othersOnly } from '@petition/text';

import { isAccusedUnit, petitionVisibility } from './access';
import type { DuplicateReason } from './enums';
import type { DuplicateCandidate } from './petition.model';
import type { PetitionRow } from './petition.row';
import { PETITION_COLUMNS, toPetition } from './petition.row';

import type { DocumentFrequency } from './document-frequency';

export interface DuplicateQuery {
  /** Blind indexes of the petitioners' ID numbers. */
  indexes: string[];
  organization: string | null;
  /** The text read as a matter (`extractMatter` of summary and demands); null: no text to match. */
  matter: MatterFeatures | null;
  /** Its keys (`matterKeys(matter)`). */
  keys: readonly number[];
  /** Whether the text is a stored petition's, already counted in the document frequencies. */
  stored: boolean;
  /** Region code of the matter: similar text is looked for in its city (first 4 digits). */
  regionCode: string | null;
  excludeId: string | null;
  limit: number;
}

// Candidates in SQL: the same person (blind index), the same organisation, and petitions of the same
// city holding one of the text's names or rarest terms (GIN on matter_keys, ranked by how many they
// hold); each then scored in code by the matter matcher (libs/text/src/matter/match.ts). The counts
// never include the query itself: a stored query's own keys are counted out (before, its rarest
// bigrams were the ones only it held, and nothing else could be found). Measured at a million
// petitions by `npm run bench -- duplicate-check` (docs/performance.md).
const TEXT_CANDIDATES = 300;
const OTHER_CANDIDATES = 200;

type CandidateRow = Pick<PetitionRow, 'id' | 'nature' | 'accused_department_code' | 'involved_organization'> & {
  indexes: string[];
  matter_keys: number[];
  concluded: boolean;
};

export class DuplicateService {
  constructor(
    private readonly dataSource: DataSource,
    readonly frequency: DocumentFrequency,
  ) {}

  async find(caller: Caller, query: DuplicateQuery): Promise<DuplicateCandidate[]> {
    const { keys } = query;
    const df = query.stored ? othersOnly(this.frequency.get, keys) : this.frequency.get;
    const documents = Math.max(0, this.frequency.documents - (query.stored ? 1 : 0));
    const lookup = keys.length ? candidateKeys(keys, df, documents) : [];
    const city = query.regionCode && /^\d{4}/.test(query.regionCode) ? query.regionCode.slice(0, 4) : null;
    const params: unknown[] = [query.indexes, query.organization, lookup, query.excludeId, city, TEXT_CANDIDATES, OTHER_CANDIDATES];
    const visible = petitionVisibility(caller, params);
    // Scored on their keys; the full rows are read only for the few returned.
    const rows = (await this.dataSource.query(
      `WITH candidates AS (
         SELECT pp.petition_id AS id FROM intake.petitioner pe JOIN intake.petition_petitioner pp ON pp.petitioner_id = pe.id
          WHERE pe.id_number_index = ANY($1)
         UNION
         (SELECT id FROM intake.petition WHERE $2::text IS NOT NULL AND involved_organization = $2
           ORDER BY registered_at DESC LIMIT $7)
         UNION
         (SELECT id FROM (
            SELECT id, registered_at, (SELECT count(*) FROM unnest(matter_keys) k WHERE k = ANY($3::int4[])) AS shared
              FROM intake.petition
             WHERE cardinality($3::int4[]) > 0 AND matter_keys && $3::int4[]
               AND ${city ? 'left(region_code, 4) = $5' : '$5::text IS NULL'}
          ) t ORDER BY shared DESC, registered_at DESC LIMIT $6)
       )
       SELECT p.id, p.nature, p.accused_department_code, p.involved_organization, p.matter_keys,
         ARRAY(SELECT pe.id_number_index FROM intake.petition_petitioner pp JOIN intake.petitioner pe ON pe.id = pp.petitioner_id
                WHERE pp.petition_id = p.id) AS indexes,
         EXISTS (SELECT 1 FROM intake.progress g WHERE g.petition_id = p.id AND g.kind = 'closed' AND g.outcome = 'REREVIEW_DECIDED')
           AS concluded
         FROM intake.petition p JOIN candidates c ON c.id = p.id
        WHERE ($4::uuid IS NULL OR p.id <> $4) AND ${visible}`,
      params,
    )) as CandidateRow[];

    const weigher = matterWeigher(df, documents);
    const wanted = new Set(query.indexes);
    // 检举控告 (art. 30): the accused unit must not learn, by matching a person or a text, who reported it or what.
    const scored = rows
      .filter((row) => !isAccusedUnit(caller, row))
      .map((row) => {
        const reasons: DuplicateReason[] = [];
        const samePetitioner = row.indexes.some((i) => wanted.has(i));
        const sameOrganization = !!query.organization && row.involved_organization === query.organization;
        const similarity = keys.length ? matchMatter(keys, row.matter_keys, weigher).score : 0;
        const similar = similarity >= MATCH_TUNING.threshold;
        if (samePetitioner) reasons.push('SAME_PETITIONER');
        if (sameOrganization) reasons.push('SAME_ORGANIZATION');
        if (similar) reasons.push('SIMILAR_TEXT');
        // 条例 art. 36: a matter whose re-review has concluded is no longer accepted; the clerk decides.
        if (row.concluded && (similar || samePetitioner)) reasons.push('CONCLUDED_AFTER_REREVIEW');
        const score = Math.min(1, (samePetitioner ? 0.45 : 0) + (sameOrganization ? 0.15 : 0) + 0.4 * similarity);
        return { row, reasons, score, similarity, likelyRepeat: samePetitioner && similar };
      })
      .filter((c) => c.reasons.length > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, query.limit);
    if (!scored.length) return [];
    const full = new Map(
      (
        (await this.dataSource.query(`SELECT ${PETITION_COLUMNS} FROM intake.petition p WHERE p.id = ANY($1)`, [
          scored.map((c) => c.row.id),
        ])) as PetitionRow[]
      ).map((r) => [r.id, r]),
    );
    // The evidence a clerk reads, for the few returned: what the two texts share and where they differ.
    return scored.flatMap(({ row: { id }, reasons, score, similarity, likelyRepeat }) => {
      const row = full.get(id);
      if (!row) return [];
      const evidence = query.matter ? explainMatch(query.matter, extractMatter(`${row.summary} ${row.demands}`)) : null;
      return [
        {
          petition: toPetition(row, caller),
          score: Math.round(score * 1000) / 1000,
          textSimilarity: Math.round(similarity * 1000) / 1000,
          reasons,
          likelyRepeat,
          matchedTerms: evidence?.matchedTerms ?? [],
          conflicts: evidence?.conflicts.map(({ label, values, otherValues }) => ({ label, values, otherValues })) ?? [],
        },
      ];
    });
  }
}
