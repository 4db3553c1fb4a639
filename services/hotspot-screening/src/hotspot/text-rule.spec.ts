import { extractMatter, matterKeys } from '@petition/text';

import { DEFAULT_HOTSPOT_CONFIG } from './rules';
import {
  baseCounts,
  bestMatterMatch,
  countedBases,
  DOCUMENTS_ROW,
  normalizeMatterKeys,
  termBase,
  textLookupKeys,
  textWeigher,
} from './text-rule';

const KEY = 'test-content-signature-key';
const keysOf = (text: string) => matterKeys(extractMatter(text), KEY);
const at = (n: number) => new Date(Date.UTC(2026, 2, 1) + n * 60_000);

// A wage arrears burst about one project (as the integration test registers it), a paraphrase of it
// without the organisation, and unrelated petitions.
const burst = [
  '宏达建筑工程有限公司承建的城北安置房项目拖欠我们农民工工资九个月，共计约八十万元，多次讨要无果。要求公司尽快结清拖欠的农民工工资。',
  '我们在城北安置房工地给宏达建筑干活，工钱拖了九个月没发，老板一直推脱。请政府督促宏达建筑支付工资。',
  '城北安置房项目农民工工资被拖欠九个月，宏达公司至今未支付。请求依法追讨欠薪。',
];
const paraphrase = '城北安置房项目的农民工工资拖欠了九个月一直没有结清，工人多次讨要无果。请求尽快结清拖欠的农民工工资。';
const unrelated = '学校强制学生购买指定教辅资料，每学期收费三百元。请求教育局制止乱收费。';

/** The counts the df table would hold after storing these petitions' keys. */
function counts(stored: number[][]): Map<number, number> {
  const m = new Map<number, number>([[DOCUMENTS_ROW, stored.length]]);
  for (const keys of stored) for (const b of countedBases(keys)) m.set(b, (m.get(b) ?? 0) + 1);
  return m;
}

describe('matter keys in the hotspot service', () => {
  it('normalises an event’s keys: distinct and ascending, nothing for empty or malformed lists', () => {
    expect(normalizeMatterKeys([5, -3, 5, 0])).toEqual([-3, 0, 5]);
    expect(normalizeMatterKeys(null)).toBeNull();
    expect(normalizeMatterKeys(undefined)).toBeNull();
    expect(normalizeMatterKeys([])).toBeNull();
    expect(normalizeMatterKeys([1.5])).toBeNull();
    expect(normalizeMatterKeys([2 ** 31])).toBeNull();
  });

  it('counts term bases, and reads any key’s base', () => {
    const keys = keysOf(burst[0]);
    const bases = countedBases(keys);
    expect(bases.every((b) => (b & 7) === 0)).toBe(true);
    expect(bases).not.toContain(DOCUMENTS_ROW);
    const df = baseCounts(counts([keys, keys]));
    for (const k of keys) expect(df(k)).toBe(2);
    expect(df(termBase(keys[0]) | 3)).toBe(2); // the same sound as a NAME
  });
});

describe('bestMatterMatch', () => {
  const stored = [...burst.map(keysOf), keysOf(unrelated)];
  const c = counts(stored);
  const weigher = textWeigher(baseCounts(c), stored.length);
  const candidate = (hotspotId: string, i: number, n: number) => ({ hotspotId, registeredAt: at(n), keys: stored[i] });

  it('joins a paraphrase to its matter, and not an unrelated petition', () => {
    const query = keysOf(paraphrase);
    expect(textLookupKeys(query, baseCounts(c), stored.length).length).toBeGreaterThan(0);
    const match = bestMatterMatch(DEFAULT_HOTSPOT_CONFIG, query, [candidate('wages', 0, 1), candidate('school', 3, 2)], weigher);
    expect(match?.hotspotId).toBe('wages');
    expect(match!.similarity).toBeGreaterThanOrEqual(DEFAULT_HOTSPOT_CONFIG.textThreshold);
    expect(
      bestMatterMatch(DEFAULT_HOTSPOT_CONFIG, keysOf(unrelated.replace('三百', '五百')), [candidate('wages', 0, 1)], weigher),
    ).toBeNull();
    expect(bestMatterMatch(DEFAULT_HOTSPOT_CONFIG, [], [candidate('wages', 0, 1)], weigher)).toBeNull();
  });

  it('refuses a hotspot whose second candidate is a poor match (no chaining), and breaks ties by recency', () => {
    const query = keysOf(paraphrase);
    // The hotspot holds one lookalike and an unrelated petition: the second best is far below textSupport.
    expect(bestMatterMatch(DEFAULT_HOTSPOT_CONFIG, query, [candidate('h', 0, 1), candidate('h', 3, 2)], weigher)).toBeNull();
    expect(
      bestMatterMatch({ ...DEFAULT_HOTSPOT_CONFIG, textSupport: 0 }, query, [candidate('h', 0, 1), candidate('h', 3, 2)], weigher)
        ?.hotspotId,
    ).toBe('h');
    expect(bestMatterMatch(DEFAULT_HOTSPOT_CONFIG, query, [candidate('h', 0, 1), candidate('h', 2, 2)], weigher)?.hotspotId).toBe('h');
    expect(bestMatterMatch(DEFAULT_HOTSPOT_CONFIG, query, [candidate('old', 2, 1), candidate('new', 2, 5)], weigher)?.hotspotId).toBe(
      'new',
    );
  });

  it('joins nothing below the threshold', () => {
    const query = keysOf(paraphrase);
    expect(bestMatterMatch({ ...DEFAULT_HOTSPOT_CONFIG, textThreshold: 1 }, query, [candidate('wages', 0, 1)], weigher)).toBeNull();
  });
});
