import type * as JiebaModule from '@node-rs/jieba';
import type { Jieba } from '@node-rs/jieba';
import type * as JiebaDict from '@node-rs/jieba/dict';
import type * as PinyinPro from 'pinyin-pro';

import { AREA_SUFFIXES, CONCEPTS, ORGANIZATION_SUFFIXES, PLACE_SUFFIXES, STOP_WORDS, type Concept } from './lexicon';
import { normalizeMatterText } from './normalize';
import { extractSpecifics, type Specific } from './specifics';

// A petition read the way a clerk reads it: who or where it is about (names of places and
// organisations), what it is about and what went wrong (concepts of the lexicon and the content
// words of the text), and the specifics (specifics.ts). Words come from jieba (@node-rs/jieba, its
// own dictionary plus the platform's vocabulary); sounds are the toneless pinyin of neighbouring
// characters (pinyin-pro), so a homophone typo (补尝/补偿, 工姿/工资) reads as what was meant.

/** AREA: a township, county or city (镇, 县, 街道); PLACE: a village, estate, road; ORGANIZATION: a company, school… */
export type NameKind = 'AREA' | 'PLACE' | 'ORGANIZATION';

export interface MatterName {
  kind: NameKind;
  /** The name without its generic suffix (李家湾 of 李家湾村), simplified. */
  stem: string;
}

export interface MatterFeatures {
  names: MatterName[];
  concepts: Concept[];
  /** Content words (two characters or more, not stop words). */
  words: string[];
  /** Pinyin of each neighbouring pair of characters (function characters left out). */
  sounds: string[];
  specifics: Specific[];
}

// jieba, its dictionary and pinyin-pro are loaded on first use: a service that only compares keys
// (the hotspot service) never pays for them.
let segmenter: Jieba | undefined;
function jieba(): Jieba {
  if (!segmenter) {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */
    const { Jieba: Segmenter } = require('@node-rs/jieba') as typeof JiebaModule;
    const { dict } = require('@node-rs/jieba/dict') as typeof JiebaDict;
    /* eslint-enable @typescript-eslint/no-require-imports */
    segmenter = Segmenter.withDict(dict);
    // The platform's vocabulary: every spelling of a concept and every suffix is one word.
    const words = new Set<string>();
    for (const c of CONCEPTS) for (const s of c.spellings) if (s.length >= 2) words.add(s);
    for (const s of [...PLACE_SUFFIXES, ...ORGANIZATION_SUFFIXES]) if (s.length >= 2) words.add(s);
    segmenter.loadDict(Buffer.from([...words].map((w) => `${w} 2000 n`).join('\n')));
  }
  return segmenter;
}

const syllables = new Map<string, string>();
let pinyinOf: typeof PinyinPro.pinyin | undefined;
/** Toneless pinyin of one character (its most common reading); the character itself when it has none. */
export function syllable(ch: string): string {
  let s = syllables.get(ch);
  if (s === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
    pinyinOf ??= (require('pinyin-pro') as typeof PinyinPro).pinyin;
    s = /\p{Script=Han}/u.test(ch) ? pinyinOf(ch, { toneType: 'none' }) || ch : ch;
    syllables.set(ch, s);
  }
  return s;
}
export function soundOf(word: string): string {
  return Array.from(word, syllable).join(' ');
}

// Spellings of concepts, longest first, so 养老保险 is read before 保险.
const SPELLINGS: Array<[string, Concept]> = CONCEPTS.flatMap((c) => c.spellings.map((s) => [s, c] as [string, Concept])).sort(
  (a, b) => b[0].length - a[0].length,
);
const SPELLING_RE = new RegExp(SPELLINGS.map(([s]) => s).join('|'), 'g');
const CONCEPT_BY_SPELLING = new Map(SPELLINGS);

const PLACE_SUFFIX_SET = new Set(PLACE_SUFFIXES);
const ORG_SUFFIX_SET = new Set(ORGANIZATION_SUFFIXES);
const placeKind = (suffix: string): NameKind => (AREA_SUFFIXES.has(suffix) ? 'AREA' : 'PLACE');
const SUFFIXES: Array<[string, NameKind]> = [
  ...PLACE_SUFFIXES.map((s) => [s, placeKind(s)] as [string, NameKind]),
  ...ORGANIZATION_SUFFIXES.map((s) => [s, 'ORGANIZATION'] as [string, NameKind]),
].sort((a, b) => b[0].length - a[0].length);

// jieba's tags: proper names, and the tags a name's parts may carry.
const PROPER = new Set(['ns', 'nt', 'nr', 'nz', 'nrt', 'nrfg']);
const NAME_PART = new Set(['ns', 'nt', 'nr', 'nz', 'nrt', 'nrfg', 'n', 'j', 'x', 'eng', 'ng', 's']);
// A name standing alone, without a suffix: only what jieba knows as a place or an organisation.
const ALONE = new Set(['ns', 'nt']);
const CONTENT = /^(n|v|a|j|l|i|s|b)/;
// Characters that carry no matter; dropped before sounds are taken.
const FUNCTION_CHARS = new Set(Array.from('的了着呢吧啊吗呀哦也都我你他她它们是在有和与及或就还又被把让给对从向这那些个'));
const HAN = /\p{Script=Han}/u;

function suffixOf(word: string): [string, NameKind] | null {
  for (const [s, kind] of SUFFIXES) if (word.length > s.length && word.endsWith(s)) return [s, kind];
  return null;
}

function nameLike(token: { word: string; tag: string }): boolean {
  return (
    token.word.length >= 1 &&
    NAME_PART.has(token.tag) &&
    !STOP_WORDS.has(token.word) &&
    !CONCEPT_BY_SPELLING.has(token.word) &&
    /^\p{Script=Han}+$/u.test(token.word)
  );
}

/** What a text is about, read as a clerk would. */
export function extractMatter(text: string): MatterFeatures {
  const normalized = normalizeMatterText(text);
  const tokens = jieba().tag(normalized, true);
  const names = new Map<string, MatterName>();
  const addName = (stem: string, kind: NameKind) => {
    // 镇里, 县政(府): a level, not a name.
    if (stem.length < 2 || /^[镇乡县区市村]/.test(stem) || STOP_WORDS.has(stem) || CONCEPT_BY_SPELLING.has(stem)) return;
    names.set(stem, names.get(stem) ?? { kind, stem });
  };
  const words = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const { word, tag } = tokens[i];
    // A suffix alone (桃源/镇, 鑫达/建材/公司), or ending a common word (静晖/电镀厂, 博园/房地产公司):
    // the name-like tokens just before it, with the word's head, are the name.
    const alone = PLACE_SUFFIX_SET.has(word) ? placeKind(word) : ORG_SUFFIX_SET.has(word) ? 'ORGANIZATION' : null;
    const ending = !alone && !PROPER.has(tag) && tag !== 'x' && /^\p{Script=Han}+$/u.test(word) ? suffixOf(word) : null;
    if (alone || (ending && i > 0 && nameLike(tokens[i - 1]))) {
      const parts: string[] = ending ? [word.slice(0, word.length - ending[0].length)] : [];
      let length = 0;
      for (let j = i - 1; j >= 0 && length < 6; j--) {
        const t = tokens[j];
        // jieba cuts an unknown name into single characters of any tag (鑫/达/建材/公司).
        const unknownPart =
          t.word.length === 1 && HAN.test(t.word) && j > 0 && tokens[j - 1].word.length === 1 && PROPER.has(tokens[j - 1].tag);
        if (!(nameLike(t) || unknownPart) || FUNCTION_CHARS.has(t.word) || PLACE_SUFFIX_SET.has(t.word) || ORG_SUFFIX_SET.has(t.word))
          break;
        // 白沙镇/枫木/村: the name stops at the township before it.
        if (AREA_SUFFIXES.has(suffixOf(t.word)?.[0] ?? '')) break;
        parts.unshift(t.word);
        length += t.word.length;
      }
      const kind = alone ?? ending![1];
      if (parts.length > (ending ? 1 : 0)) addName(parts.join(''), kind);
      if (ending) words.add(word);
      continue;
    }
    // 李家湾村, 锦屏苑: a name and its suffix in one token (a proper name, or long enough not to be a common word).
    const suffix = /^\p{Script=Han}+$/u.test(word) ? suffixOf(word) : null;
    if (suffix && (PROPER.has(tag) || tag === 'x') && word.length - suffix[0].length >= 2) {
      addName(word.slice(0, word.length - suffix[0].length), suffix[1]);
    } else if (ALONE.has(tag) && word.length >= 2 && /^\p{Script=Han}+$/u.test(word)) {
      addName(word, tag === 'nt' ? 'ORGANIZATION' : 'PLACE');
    } else if (word.length >= 2 && CONTENT.test(tag) && !STOP_WORDS.has(word) && /^\p{Script=Han}+$/u.test(word)) {
      // A content word; names are counted as names, not as the topic.
      words.add(word);
    }
  }
  const concepts = new Map<string, Concept>();
  for (const m of normalized.matchAll(SPELLING_RE)) {
    const c = CONCEPT_BY_SPELLING.get(m[0]);
    if (c) concepts.set(c.id, c);
  }
  const sounds = new Set<string>();
  let prev: string | null = null;
  for (const ch of normalized) {
    if (!HAN.test(ch)) {
      prev = null;
      continue;
    }
    if (FUNCTION_CHARS.has(ch)) continue;
    const s = syllable(ch);
    if (prev !== null) sounds.add(`${prev} ${s}`);
    prev = s;
  }
  return {
    names: [...names.values()],
    concepts: [...concepts.values()],
    words: [...words],
    sounds: [...sounds],
    specifics: extractSpecifics(normalized),
  };
}
