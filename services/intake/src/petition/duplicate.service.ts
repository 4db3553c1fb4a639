import type { DataSource } from 'typeorm';

import type { Caller } from '@petition/auth';

import { isAccusedUnit, petitionVisibility } from './access';
import type { DuplicateReason } from './enums';
import type { DuplicateCandidate } from './petition.model';
import type { PetitionRow } from './petition.row';
import { PETITION_COLUMNS, toPetition } from './petition.row';
import { RARE_TEXT_THRESHOLD, raritySimilarity, rarestKeys, rarityWeigher } from '@petition/text';

import type { DocumentFrequency } from './document-frequency';

export interface DuplicateQuery {
  /** Blind indexes of the petitioners' ID numbers. */
  indexes: string[];
  organization: string | null;
  /** The text's bigram keys (`bigramKeys` of summary and demands; empty: no text to match). */
  keys: readonly number[];
  /** Region code of the matter: similar text is looked for in its city (first 4 digits). */
  regionCode: string | null;
  excludeId: string | null;
  limit: number;
}

// Candidates in SQL: the same person (blind index), the same organisation, and texts of the same
// city holding at least two of the query's rarest bigrams (GIN on text_bigrams); each then scored
// in code with the rarity-weighted similarity (libs/text/src/rarity.ts). Measured at a million
// petitions by `npm run bench -- duplicate-check` (docs/performance.md).
export const RARE_KEYS = 10;
export const MIN_SHARED_RARE_KEYS = 2;
const TEXT_CANDIDATES = 300;
const OTHER_CANDIDATES = 200;

export class DuplicateService {
  constructor(
    private readonly dataSource: DataSource,
    readonly frequency: DocumentFrequency,
  ) {}

  async find(caller: Caller, query: DuplicateQuery): Promise<DuplicateCandidate[]> {
    const df = this.frequency.get;
    const { keys } = query;
    // Keys no stored petition holds cannot find one.
    const rare = rarestKeys(
      keys.filter((k) => df(k) > 0),
      df,
      RARE_KEYS,
    );
    const city = query.regionCode && /^\d{4}/.test(query.regionCode) ? query.regionCode.slice(0, 4) : null;
    const params: unknown[] = [
      query.indexes,
      query.organization,
      rare,
      query.excludeId,
      city,
      Math.min(MIN_SHARED_RARE_KEYS, rare.length),
      TEXT_CANDIDATES,
      OTHER_CANDIDATES,
    ];
    const visible = petitionVisibility(caller, params);
    const rows = (await this.dataSource.query(
      `WITH candidates AS (
         SELECT pp.petition_id AS id FROM intake.petitioner pe JOIN intake.petition_petitioner pp ON pp.petitioner_id = pe.id
          WHERE pe.id_number_index = ANY($1)
         UNION
         (SELECT id FROM intake.petition WHERE $2::text IS NOT NULL AND involved_organization = $2
           ORDER BY registered_at DESC LIMIT $8)
         UNION
         (SELECT id FROM (
            SELECT id, (SELECT count(*) FROM unnest(text_bigrams) b WHERE b = ANY($3::int4[])) AS shared
              FROM intake.petition
             WHERE cardinality($3::int4[]) > 0 AND text_bigrams && $3::int4[]
               AND ${city ? 'left(region_code, 4) = $5' : '$5::text IS NULL'}
          ) t WHERE shared >= $6 ORDER BY shared DESC LIMIT $7)
       )
       SELECT ${PETITION_COLUMNS}, p.text_bigrams,
         ARRAY(SELECT pe.id_number_index FROM intake.petition_petitioner pp JOIN intake.petitioner pe ON pe.id = pp.petitioner_id
                WHERE pp.petition_id = p.id) AS indexes
         FROM intake.petition p JOIN candidates c ON c.id = p.id
        WHERE ($4::uuid IS NULL OR p.id <> $4) AND ${visible}`,
      params,
    )) as Array<PetitionRow & { indexes: string[]; text_bigrams: number[] }>;

    const weight = rarityWeigher(df, this.frequency.documents);
    const wanted = new Set(query.indexes);
    // 检举控告 (art. 30): the accused unit must not learn, by matching a person or a text, who reported it or what.
    const scored = rows
      .filter((row) => !isAccusedUnit(caller, row))
      .map((row) => {
        const reasons: DuplicateReason[] = [];
        const samePetitioner = row.indexes.some((i) => wanted.has(i));
        const sameOrganization = !!query.organization && row.involved_organization === query.organization;
        const similarity = keys.length ? raritySimilarity(keys, row.text_bigrams, weight) : 0;
        if (samePetitioner) reasons.push('SAME_PETITIONER');
        if (sameOrganization) reasons.push('SAME_ORGANIZATION');
        if (similarity >= RARE_TEXT_THRESHOLD) reasons.push('SIMILAR_TEXT');
        const score = Math.min(1, (samePetitioner ? 0.45 : 0) + (sameOrganization ? 0.15 : 0) + 0.4 * similarity);
        return {
          petition: toPetition(row, caller),
          score: Math.round(score * 1000) / 1000,
          textSimilarity: Math.round(similarity * 1000) / 1000,
          reasons,
          likelyRepeat: samePetitioner && similarity >= RARE_TEXT_THRESHOLD,
        };
      });
    return scored
      .filter((c) => c.reasons.length > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, query.limit);
  }
}
