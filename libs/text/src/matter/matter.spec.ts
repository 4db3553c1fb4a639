import { candidateKeys, othersOnly } from './candidates';
import { explainMatch } from './explain';
import { extractMatter } from './features';
import { countedBases, keyKind, matterKeys, termBase } from './keys';
import { matchMatter, matterWeigher, MATCH_TUNING } from './match';

const keysOf = (text: string) => matterKeys(extractMatter(text));
const flat = matterWeigher(() => 0, 0);

describe('extractMatter', () => {
  it('reads names without their suffix, concepts in any spelling, and the same sounds for a homophone typo', () => {
    const f = extractMatter('反映桃源镇李家湾村修建水库占地补偿标准低于县定标准问题');
    expect(f.names).toEqual(
      expect.arrayContaining([
        { kind: 'AREA', stem: '桃源' },
        { kind: 'PLACE', stem: '李家湾' },
      ]),
    );
    expect(f.concepts.map((c) => c.id)).toEqual(expect.arrayContaining(['RESERVOIR', 'LAND_TAKING', 'COMPENSATION']));
    expect(extractMatter('补尝款').sounds).toEqual(extractMatter('补偿款').sounds);
    expect(extractMatter('東風村退耕還林補助款').concepts.map((c) => c.id)).toEqual(
      extractMatter('东风村退耕还林补助款').concepts.map((c) => c.id),
    );
  });
});

describe('matterKeys', () => {
  it('keys every term, distinct and ascending, the kind in the low bits', () => {
    const keys = keysOf('鑫达建材公司拖欠80余名工人两个月工资约95万元');
    expect(keys).toEqual([...new Set(keys)].sort((a, b) => a - b));
    expect(new Set(keys.map(keyKind))).toEqual(new Set(['SOUND', 'WORD', 'CONCEPT', 'NAME', 'SPECIFIC']));
  });

  it('says nothing to whoever lacks the secret', () => {
    const f = extractMatter('城东片区拆迁补偿款未发放');
    const a = matterKeys(f, 'secret-a');
    expect(a).not.toEqual(matterKeys(f));
    expect(a).not.toEqual(matterKeys(f, 'secret-b'));
    expect(matterKeys(f, 'secret-a')).toEqual(a);
    expect(() => matterKeys(f, '')).toThrow(RangeError);
  });

  it('gives a name and the same sound in running text one base', () => {
    const named = keysOf('李家湾村')
      .filter((k) => keyKind(k) === 'NAME')
      .map(termBase);
    const said = new Set(keysOf('我们是李家湾的').map(termBase));
    expect(named.some((b) => said.has(b))).toBe(true);
  });
});

describe('matchMatter', () => {
  const same = [
    [
      '反映桃源镇李家湾村修建水库占地补偿标准低于县定标准问题',
      '我们是李家湾的，修水库占了我们二十八亩地，镇上给的钱比县里文件少了一截，找了好几回都说按标准给的。',
    ],
    ['鑫达建材公司拖欠80余名工人两个月工资约95万元', '鑫达那个建材厂老板跑了，我们八十多个工人两个月的工资没拿到，加起来九十五万左右'],
    ['東風村退耕還林補助款被截留', '东风村部分村民的退耕还林补助被村里扣着不发'],
  ];
  it.each(same)('finds the same matter: %s / %s', (a, b) => {
    expect(matchMatter(keysOf(a), keysOf(b), flat).score).toBeGreaterThanOrEqual(MATCH_TUNING.threshold);
  });

  it('weighs a year that cannot be the same against the match', () => {
    const a = keysOf('反映东风村2021年村医补助未发放问题');
    const sameYear = matchMatter(a, keysOf('东风村2021年的村医补助到现在没发'), flat);
    const otherYear = matchMatter(a, keysOf('东风村2023年的村医补助到现在没发'), flat);
    expect(otherYear.conflicts).toEqual(['YEAR']);
    expect(sameYear.agreeing).toEqual(['YEAR']);
    expect(otherYear.score).toBeLessThan(sameYear.score);
  });

  it('scores an empty text as matching nothing', () => {
    expect(matchMatter([], keysOf('拖欠工资'), flat).score).toBe(0);
  });
});

describe('candidates', () => {
  it('never looks a stored petition up by the keys only it holds (the self-counting bug)', () => {
    const own = keysOf('蓼花汀社区旧改拆了我家老宅，补偿款一拖再拖没见着');
    const other = new Set(keysOf('反映蓼花汀社区旧改项目拆迁补偿款未发放问题'));
    // Counted with itself: every own key is held by one petition, the shared ones by two.
    const ownBases = new Set(countedBases(own));
    const otherBases = new Set(countedBases([...other]));
    const df = (b: number) => (ownBases.has(b) ? 1 : 0) + (otherBases.has(b) ? 1 : 0);
    const lookup = candidateKeys(own, othersOnly(df, own), 1);
    expect(lookup.length).toBeGreaterThan(0);
    expect(lookup.every((k) => other.has(k))).toBe(true);
  });
});

describe('explainMatch', () => {
  it('names what two texts share and which specifics differ', () => {
    const e = explainMatch(
      extractMatter('反映鑫达建材公司拖欠80余名工人2022年工资约95万元问题'),
      extractMatter('鑫达建材欠我们八十多个工人二〇二三年的工钱，三万多'),
    );
    expect(e.matchedTerms).toEqual(
      expect.arrayContaining([
        { kind: 'ORGANIZATION', term: '鑫达建材' },
        { kind: 'SUBJECT', term: '工资' },
        { kind: 'SPECIFIC', term: '80余名' },
      ]),
    );
    expect(e.conflicts).toEqual(
      expect.arrayContaining([
        { slot: 'YEAR', label: '年份', values: ['2022年'], otherValues: ['2023年'] },
        { slot: 'MONEY', label: '金额', values: ['95万元'], otherValues: ['3万多'] },
      ]),
    );
  });
});
