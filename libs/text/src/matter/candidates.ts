import { keyKind, termBase } from './keys';
import type { DocumentCount } from './match';

// Which stored petitions are worth scoring: those holding one of the query's identifying keys
// (names) or of its rarest other keys, in the same city. Only keys another petition holds can find
// one: `df` must count the stored petitions other than the query (a stored query counts itself
// out, see `othersOnly`). Looked up in intake's GIN index and the hotspot service's postings.

/** Rarest sounds, and rarest words, of the query that find candidates, beside its names. */
export const CANDIDATE_RARE_KEYS = 16;
/** A key held by more than this share of the petitions finds too many to be of use. */
export const CANDIDATE_MAX_SHARE = 0.002;

/** Counts that leave the query itself out when it is already stored (the self-counting bug); `own`: its keys. */
export function othersOnly(df: DocumentCount, own: readonly number[]): DocumentCount {
  const bases = new Set(own.map(termBase));
  return (base) => Math.max(0, df(base) - (bases.has(termBase(base)) ? 1 : 0));
}

/** The keys to look candidates up by: names, then the rarest others, each held by another petition. */
export function candidateKeys(keys: readonly number[], df: DocumentCount, documents: number): number[] {
  const cap = Math.max(50, documents * CANDIDATE_MAX_SHARE);
  const held = keys.filter((k) => {
    const n = df(termBase(k));
    return n > 0 && n <= cap && keyKind(k) !== 'SPECIFIC' && keyKind(k) !== 'CONCEPT';
  });
  const rarest = (kind: string) =>
    held
      .filter((k) => keyKind(k) === kind)
      .sort((x, y) => df(termBase(x)) - df(termBase(y)) || x - y)
      .slice(0, CANDIDATE_RARE_KEYS);
  return [...new Set([...held.filter((k) => keyKind(k) === 'NAME'), ...rarest('WORD'), ...rarest('SOUND')])].sort((x, y) => x - y);
}
