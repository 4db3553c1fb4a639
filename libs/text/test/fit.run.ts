import { loadCorpus, MATCH_TUNING } from '../src';
import { evaluateCorpus } from './evaluate';
import { candidatePairs, fitWeights } from './fit';

// `npm run fit -w @petition/text`: refits the matcher's weights on the corpus and prints them with
// the duplicate check's figures at several thresholds, and the figures of each part when the weights
// are fitted on the other three (an estimate on writing the fit never saw). Not part of `npm test`.
it('fits the matcher on the corpus', () => {
  const corpus = loadCorpus();
  const weights = fitWeights(candidatePairs(corpus));
  const lines = [`weights ${JSON.stringify(weights)}`];
  for (const threshold of [0.8, 0.9, 0.95, 0.98, 0.99]) {
    const e = evaluateCorpus(corpus, { ...MATCH_TUNING, weights, threshold });
    lines.push(
      `threshold ${threshold}: recall ${e.recall.toFixed(3)}, false positives ${e.falsePositiveRate.toFixed(3)} of ${e.flagged} flagged`,
    );
  }
  for (const part of ['p1', 'p2', 'p3', 'p4']) {
    const held = fitWeights(candidatePairs(corpus.filter((t) => !t.group.startsWith(part))));
    const e = evaluateCorpus(
      corpus.filter((t) => t.group.startsWith(part)),
      { ...MATCH_TUNING, weights: held, threshold: MATCH_TUNING.threshold },
    );
    lines.push(`${part} held out: recall ${e.recall.toFixed(3)}, false positives ${e.falsePositiveRate.toFixed(3)}`);
  }
  console.log(lines.join('\n'));
}, 900_000);
