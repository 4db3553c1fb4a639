import { createHmac } from 'crypto';

import type { MatterFeatures } from './features';
import { soundOf } from './features';
import { SPECIFIC_SLOTS, specificTokens, type SpecificSlot } from './specifics';

// A petition's matter as 32-bit integer keys (int4 in PostgreSQL, plain numbers in events): the
// low three bits say what a key is, the rest is a hash of the term. Keyed with a secret (HMAC-SHA256),
// the keys say nothing to whoever lacks it: intake sends them to the hotspot service, which matches
// matters without ever seeing their text. A specific's key also carries its slot (bits 3–8), so
// two texts' years or amounts can be compared without knowing them.

export const TERM_KINDS = ['SOUND', 'WORD', 'CONCEPT', 'NAME', 'SPECIFIC', 'AREA'] as const;
export type TermKind = (typeof TERM_KINDS)[number];
const KIND_INDEX: Record<TermKind, number> = { SOUND: 0, WORD: 1, CONCEPT: 2, NAME: 3, SPECIFIC: 4, AREA: 5 };

export function keyKind(key: number): TermKind {
  return TERM_KINDS[key & 7] ?? 'SOUND';
}

/** The slot of a SPECIFIC key. */
export function keySlot(key: number): SpecificSlot {
  return SPECIFIC_SLOTS[(key >>> 3) & 63] ?? 'YEAR';
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// HMACs of recent terms: a text has some hundred terms, and most recur from text to text.
const CACHE_LIMIT = 200_000;
const hmacCache = new Map<string, Map<string, number>>();
function keyedHash(secret: string, term: string): number {
  let cache = hmacCache.get(secret);
  if (!cache) hmacCache.set(secret, (cache = new Map()));
  let h = cache.get(term);
  if (h === undefined) {
    h = createHmac('sha256', secret).update(term).digest().readUInt32LE(0);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(term, h);
  }
  return h;
}

function hash(term: string, secret: string | undefined): number {
  return secret === undefined ? fnv1a(term) : keyedHash(secret, term);
}

// Sounds and the sounds of names share one hash space: 李家 read in a letter (a SOUND) and 李家 of
// 李家湾村 (a NAME) differ only in their kind bits, so a name one text spells out and another only
// mentions still meet (`termBase`).
const NAMESPACE: Record<Exclude<TermKind, 'SPECIFIC'>, string> = { SOUND: 'S', NAME: 'S', AREA: 'S', WORD: 'W', CONCEPT: 'C' };

/** The key of one term (text already in its compared form: pinyin for sounds, words and names). */
export function termKey(kind: Exclude<TermKind, 'SPECIFIC'>, term: string, secret?: string): number {
  return (hash(`${NAMESPACE[kind]}|${term}`, secret) & ~7) | KIND_INDEX[kind] | 0;
}

/** A key without its kind: the same sound as a SOUND, a NAME or an AREA has one base. */
export function termBase(key: number): number {
  return key & ~7;
}

/**
 * What the document frequencies count for a petition: its distinct term bases, ascending. The
 * matcher weighs a term by its base (the same sound read as a SOUND, a NAME or an AREA is one term),
 * so every store counts bases and every count is asked for by base.
 */
export function countedBases(keys: readonly number[]): number[] {
  return [...new Set(keys.map(termBase))].sort((a, b) => a - b);
}

export function specificKey(slot: SpecificSlot, token: string, secret?: string): number {
  const slotIndex = SPECIFIC_SLOTS.indexOf(slot);
  return ((hash(`SPECIFIC|${slot}|${token}`, secret) & ~0x1ff) | (slotIndex << 3) | KIND_INDEX.SPECIFIC | 0) as number;
}

/** Every key of a matter, distinct and ascending. `secret` keys them (the platform's signature key). */
export function matterKeys(f: MatterFeatures, secret?: string): number[] {
  if (secret !== undefined && !secret) throw new RangeError('an empty key cannot key the terms');
  const out = new Set<number>();
  for (const s of f.sounds) out.add(termKey('SOUND', s, secret));
  for (const w of f.words) out.add(termKey('WORD', soundOf(w), secret));
  for (const c of f.concepts) out.add(termKey('CONCEPT', c.id, secret));
  // A name by the sounds of its neighbouring characters: 鑫达建材 and 鑫达 share 鑫达, 李家湾 and 李家 share 李家.
  for (const n of f.names) {
    const chars = Array.from(n.stem);
    for (let i = 0; i + 1 < chars.length; i++)
      out.add(termKey(n.kind === 'AREA' ? 'AREA' : 'NAME', soundOf(chars[i] + chars[i + 1]), secret));
  }
  for (const s of f.specifics) for (const t of specificTokens(s)) out.add(specificKey(s.slot, t, secret));
  return [...out].sort((a, b) => a - b);
}
