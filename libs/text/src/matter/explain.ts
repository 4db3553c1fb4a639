import type { MatterFeatures } from './features';
import { soundOf } from './features';
import { SLOT_LABEL, specificTokens, type Specific, type SpecificSlot } from './specifics';

// The evidence behind a match, in words a clerk reads at a glance: which places, organisations,
// subjects, complaints and specifics the two texts share, and which specifics differ. Computed from
// the two texts (intake holds them); the score itself comes from the keys (match.ts).

export type EvidenceKind = 'AREA' | 'PLACE' | 'ORGANIZATION' | 'SUBJECT' | 'COMPLAINT' | 'SPECIFIC';

export interface MatchedTerm {
  kind: EvidenceKind;
  /** As the first text says it. */
  term: string;
}

export interface SpecificConflict {
  slot: SpecificSlot;
  /** 年份, 金额… */
  label: string;
  values: string[];
  otherValues: string[];
}

export interface MatchEvidence {
  matchedTerms: MatchedTerm[];
  conflicts: SpecificConflict[];
}

function nameSounds(stem: string): Set<string> {
  const chars = Array.from(stem);
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(soundOf(chars[i] + chars[i + 1]));
  return out;
}

function bySlot(specifics: readonly Specific[]): Map<SpecificSlot, Specific[]> {
  const out = new Map<SpecificSlot, Specific[]>();
  for (const s of specifics) out.set(s.slot, [...(out.get(s.slot) ?? []), s]);
  return out;
}

/** What `a` and `b` share and where their specifics disagree. */
export function explainMatch(a: MatterFeatures, b: MatterFeatures): MatchEvidence {
  const matchedTerms: MatchedTerm[] = [];
  // A name meets the other text where it names it too, or only says it (鑫达建材 in 鑫达建材欠我们…).
  const otherSounds = new Set(b.sounds);
  for (const n of a.names) {
    if ([...nameSounds(n.stem)].some((s) => otherSounds.has(s))) matchedTerms.push({ kind: n.kind, term: n.stem });
  }
  const otherConcepts = new Set(b.concepts.map((c) => c.id));
  for (const c of a.concepts) if (otherConcepts.has(c.id)) matchedTerms.push({ kind: c.kind, term: c.label });
  const conflicts: SpecificConflict[] = [];
  const mine = bySlot(a.specifics);
  const theirs = bySlot(b.specifics);
  for (const [slot, values] of mine) {
    const other = theirs.get(slot);
    if (!other) continue;
    const tokens = new Set(other.flatMap(specificTokens));
    const agreeing = values.filter((v) => specificTokens(v).some((t) => tokens.has(t)));
    if (agreeing.length) for (const v of agreeing) matchedTerms.push({ kind: 'SPECIFIC', term: v.text });
    else conflicts.push({ slot, label: SLOT_LABEL[slot], values: values.map((v) => v.text), otherValues: other.map((v) => v.text) });
  }
  // One entry per term as read.
  const seen = new Set<string>();
  return {
    matchedTerms: matchedTerms.filter((t) => (seen.has(`${t.kind}|${t.term}`) ? false : (seen.add(`${t.kind}|${t.term}`), true))),
    conflicts,
  };
}
