import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

// The hand-written evaluation corpus of the duplicate check (判重): part-*.json, each a set of
// groups, a group being one matter written by different people (a clerk's summary, a colloquial
// letter, a phone note, traditional characters, typos, partial accounts), and hard negatives:
// groups of a different matter written to be confused with one (`confusableWith`). Written and
// labelled before the matcher was tuned; never generated from the bench's templates.

export interface CorpusText {
  /** `<group id>/<n>` */
  id: string;
  group: string;
  style: string;
  summary: string;
  demands: string;
  category: string;
  confusableWith: string | null;
}

interface PartFile {
  part: number;
  groups: Array<{
    id: string;
    category: string;
    confusableWith: string | null;
    texts: Array<{ style: string; summary: string; demands: string }>;
  }>;
}

/** The corpus folder, from the sources (jest) and from dist alike. */
export const CORPUS_DIR = join(__dirname, '..', '..', 'test', 'corpus');

export function loadCorpus(dir = CORPUS_DIR): CorpusText[] {
  const out: CorpusText[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => /^part-\d+\.json$/.test(f))
    .sort()) {
    const part = JSON.parse(readFileSync(join(dir, file), 'utf8')) as PartFile;
    for (const g of part.groups) {
      g.texts.forEach((t, i) =>
        out.push({
          id: `${g.id}/${i}`,
          group: g.id,
          style: t.style,
          summary: t.summary,
          demands: t.demands,
          category: g.category,
          confusableWith: g.confusableWith,
        }),
      );
    }
  }
  return out;
}

/** Directed same-matter pairs: for each text, every other text of its group. */
export function samePairs(corpus: readonly CorpusText[]): number {
  const size = new Map<string, number>();
  for (const t of corpus) size.set(t.group, (size.get(t.group) ?? 0) + 1);
  return [...size.values()].reduce((s, n) => s + n * (n - 1), 0);
}
