import { DEFAULT_HOTSPOT_CONFIG } from '@petition/hotspot-screening';
import { extractMatter, matterKeys } from '@petition/text';

import { generateCorpus, pairwiseScores } from './corpus';
import { paraphrasePetitions } from './reference';
import { cluster, type ReferencePetition, scoreText } from './reference-rules';

describe('the paraphrase corpus as registrations', () => {
  const { petitions, groups } = paraphrasePetitions();

  it('puts every text in a township of its own in one city, in time order within the text window', () => {
    expect(petitions).toHaveLength(groups.length);
    expect(new Set(petitions.map((p) => p.regionCode)).size).toBe(petitions.length);
    expect(petitions.every((p) => /^330102\d{3}$/.test(p.regionCode) && p.involvedOrganization === null && p.keys?.length)).toBe(true);
    for (let i = 1; i < petitions.length; i++) expect(petitions[i].time).toBeGreaterThan(petitions[i - 1].time);
    expect(petitions[petitions.length - 1].time - petitions[0].time).toBeLessThan(DEFAULT_HOTSPOT_CONFIG.textWindowDays * 86_400_000);
  });
});

describe('the reference clustering', () => {
  const corpus = generateCorpus({ size: 1500, seed: 7, start: new Date('2025-01-01T00:00:00Z'), days: 365 });
  const petitions: ReferencePetition[] = corpus.map((p) => ({
    petitionId: p.petitionId,
    regionCode: p.regionCode,
    categoryCode: p.categoryCode,
    involvedOrganization: p.nature === 'ACCUSATION' ? null : p.involvedOrganization,
    time: Date.parse(p.registeredAt),
    keys: p.nature === 'ACCUSATION' ? null : matterKeys(extractMatter(p.text), 'spec-key'),
  }));
  const text = scoreText(petitions, DEFAULT_HOTSPOT_CONFIG);
  const truth = corpus.map((p) => p.label);

  it('joins by text only at or above the threshold, and more text joins raise the recall', () => {
    const without = cluster(petitions, text, { ...DEFAULT_HOTSPOT_CONFIG, textThreshold: 1.01 });
    const withText = cluster(petitions, text, DEFAULT_HOTSPOT_CONFIG);
    expect(without.textJoins).toBe(0);
    expect(withText.textJoins).toBeGreaterThan(0);
    expect(pairwiseScores(truth, withText.hotspots).recall).toBeGreaterThan(pairwiseScores(truth, without.hotspots).recall);
    expect(cluster(petitions, text, DEFAULT_HOTSPOT_CONFIG)).toEqual(withText);
  });

  it('scores no candidate for an accusation, nor across cities', () => {
    corpus.forEach((p, i) => {
      if (p.nature === 'ACCUSATION') expect(text.candidates[i]).toBeNull();
      for (const j of text.candidates[i]?.index ?? []) expect(corpus[j].regionCode.slice(0, 4)).toBe(p.regionCode.slice(0, 4));
    });
  });
});
