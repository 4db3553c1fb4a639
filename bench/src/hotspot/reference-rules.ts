import type { HotspotConfig, ScoredCandidate } from '@petition/hotspot-screening';
import {
  baseCounts,
  chooseTextMatch,
  countedBases,
  normalizeOrganization,
  scoreCandidates,
  TEXT_CANDIDATE_LIMIT,
  textLookupKeys,
  textWeigher,
} from '@petition/hotspot-screening';

// The hotspot service's join rules in memory, with the service's own functions, in the projector's
// order: repeat (none here) → organisation → similar text → township and category → new hotspot.
// The text candidates (earlier petitions of the same city within the window holding the petition's
// lookup keys, the TEXT_CANDIDATE_LIMIT sharing most) and their scores do not depend on the clusters, so
// they are computed once (`scoreText`) and several configurations cluster on them (`cluster`).

const DAY = 86_400_000;

/** What the rules read of a petition; `keys` is what intake sends (null for accusations). */
export interface ReferencePetition {
  petitionId: string;
  regionCode: string;
  categoryCode: string;
  involvedOrganization: string | null;
  /** Epoch ms; the list is in registration order. */
  time: number;
  keys: number[] | null;
}

/** Each petition's text candidates (indices of earlier petitions) and their scores. */
export interface ScoredText {
  candidates: Array<{ index: Int32Array; score: Float64Array } | null>;
  /** Candidates scored, all petitions together. */
  scored: number;
  ms: number;
}

export function scoreText(petitions: readonly ReferencePetition[], config: Pick<HotspotConfig, 'textWindowDays'>): ScoredText {
  const started = Date.now();
  const postings = new Map<string, number[]>();
  const counts = new Map<number, number>();
  const df = baseCounts(counts);
  let documents = 0;
  let scored = 0;
  const out: ScoredText['candidates'] = [];
  petitions.forEach((p, i) => {
    const keys = p.keys;
    if (!keys?.length) {
      out.push(null);
      return;
    }
    const city = p.regionCode.slice(0, 4);
    const shared = new Map<number, number>();
    for (const key of textLookupKeys(keys, df, documents)) {
      for (const j of postings.get(`${city}|${key}`) ?? []) {
        if (p.time - petitions[j].time <= config.textWindowDays * DAY) shared.set(j, (shared.get(j) ?? 0) + 1);
      }
    }
    // The projector's order: most keys shared, then the latest, then the petition id.
    const index = [...shared]
      .sort(
        (a, b) =>
          b[1] - a[1] || petitions[b[0]].time - petitions[a[0]].time || (petitions[a[0]].petitionId < petitions[b[0]].petitionId ? -1 : 1),
      )
      .slice(0, TEXT_CANDIDATE_LIMIT)
      .map(([j]) => j);
    const scores = scoreCandidates(
      keys,
      index.map((j) => ({ hotspotId: '', registeredAt: new Date(petitions[j].time), keys: petitions[j].keys! })),
      textWeigher(df, documents),
    );
    scored += index.length;
    out.push({ index: Int32Array.from(index), score: Float64Array.from(scores.map((s) => s.score)) });
    for (const key of keys) {
      const k = `${city}|${key}`;
      const list = postings.get(k);
      if (list) list.push(i);
      else postings.set(k, [i]);
    }
    for (const base of countedBases(keys)) counts.set(base, (counts.get(base) ?? 0) + 1);
    documents += 1;
  });
  return { candidates: out, scored, ms: Date.now() - started };
}

/** A hotspot per petition (the founder's id), and how many joined by text. */
export function cluster(
  petitions: readonly ReferencePetition[],
  text: ScoredText,
  config: HotspotConfig,
): { hotspots: string[]; textJoins: number } {
  const hotspotOf: string[] = new Array(petitions.length);
  const lastByOrg = new Map<string, number>();
  const lastByPlace = new Map<string, number>();
  let textJoins = 0;
  petitions.forEach((p, i) => {
    const city = p.regionCode.slice(0, 4);
    let target: string | null = null;
    const org = normalizeOrganization(p.involvedOrganization);
    const orgKey = org ? `${city}|${org}` : null;
    if (orgKey) {
      const j = lastByOrg.get(orgKey);
      if (j !== undefined && p.time - petitions[j].time <= config.organizationWindowDays * DAY) target = hotspotOf[j];
    }
    const c = text.candidates[i];
    if (!target && c) {
      const scored: ScoredCandidate[] = [];
      c.index.forEach((j, n) => scored.push({ hotspotId: hotspotOf[j], registeredAt: new Date(petitions[j].time), score: c.score[n] }));
      const match = chooseTextMatch(config, scored);
      if (match) {
        target = match.hotspotId;
        textJoins += 1;
      }
    }
    const placeKey = `${p.regionCode}|${p.categoryCode}`;
    if (!target && p.regionCode.length === 9) {
      const j = lastByPlace.get(placeKey);
      if (j !== undefined && p.time - petitions[j].time <= config.placeWindowDays * DAY) target = hotspotOf[j];
    }
    hotspotOf[i] = target ?? p.petitionId;
    if (orgKey) lastByOrg.set(orgKey, i);
    if (p.regionCode.length === 9) lastByPlace.set(placeKey, i);
  });
  return { hotspots: hotspotOf, textJoins };
}
