import type { CorpusText } from '@petition/text';
import { loadCorpus, samePairs } from '@petition/text';

import { person, seedDepartments } from '../src/fixtures';
import type { Platform } from '../src/harness';
import { startPlatform, token } from '../src/harness';

// 判重 judged on writing the matcher was not generated from (issue 15): the hand-written corpus
// (libs/text/test/corpus, 675 texts of 260 matters, 100 of them hard negatives) registered through
// the gateway as different petitioners of one city with no organisation named, so only the text can
// tell; then checkDuplicates(petitionId) for each. The figures are printed and held as a floor; the
// issue's goal (recall ≥ 0.90, false positives ≤ 5 %) is not reached: docs/performance.md.
const CHANNEL: Record<string, string> = { letter: 'LETTER', phone: 'PHONE', online: 'ONLINE', clerk: 'VISIT' };

describe('the duplicate check on the hand-written corpus, through the gateway', () => {
  let p: Platform;
  let clerk: string;
  const corpus: CorpusText[] = loadCorpus();
  const ids = new Map<string, string>();
  const textOf = new Map<string, CorpusText>();

  beforeAll(async () => {
    p = await startPlatform();
    clerk = await token({ roles: ['CLERK'], department: 'D-BUREAU', subject: 'clerk-corpus' });
    await seedDepartments(p, await token({ roles: ['ADMIN'], jurisdiction: '33' }));
  });
  afterAll(() => p?.stop());

  it('registers every text as its own petition', async () => {
    for (const t of corpus) {
      const r = await p.gql(clerk, `mutation($i: RegisterPetitionInput!) { registerPetition(input: $i) { petition { id } } }`, {
        i: {
          channel: CHANNEL[t.style] ?? 'LETTER',
          nature: 'GRIEVANCE',
          categoryCode: t.category,
          level: 'COUNTY',
          regionCode: '330102',
          summary: t.summary,
          demands: t.demands,
          petitioners: [person()],
        },
      });
      expect(r.errors).toBeUndefined();
      ids.set(t.id, r.data.registerPetition.petition.id);
      textOf.set(r.data.registerPetition.petition.id, t);
    }
    expect(ids.size).toBe(corpus.length);
  }, 600_000);

  it('finds the same matter written by others, and flags few different matters', async () => {
    let found = 0;
    let flagged = 0;
    for (const t of corpus) {
      const r = await p.gql(clerk, `query($i: CheckDuplicatesInput!) { checkDuplicates(input: $i) { petition { id } reasons } }`, {
        i: { petitionId: ids.get(t.id), limit: 10 },
      });
      expect(r.errors).toBeUndefined();
      for (const c of r.data.checkDuplicates as Array<{ petition: { id: string }; reasons: string[] }>) {
        if (!c.reasons.includes('SIMILAR_TEXT')) continue;
        flagged++;
        if (textOf.get(c.petition.id)?.group === t.group) found++;
      }
    }
    const pairs = samePairs(corpus);
    const recall = found / pairs;
    const falsePositives = (flagged - found) / flagged;
    console.log(
      `duplicate check through the gateway on ${corpus.length} hand-written texts: recall ${recall.toFixed(3)} (${found}/${pairs}), ` +
        `false positives ${falsePositives.toFixed(3)} (${flagged - found}/${flagged})`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.77);
    expect(falsePositives).toBeLessThanOrEqual(0.34);
  }, 600_000);

  it('finds a stored paraphrase whose own words no other petition holds (the self-counting bug)', async () => {
    // Every rare term of the second text is its own: counted with itself, those were its "rarest",
    // and no other petition could share them. The first text must still be found.
    const first = await p.gql(clerk, `mutation($i: RegisterPetitionInput!) { registerPetition(input: $i) { petition { id } } }`, {
      i: {
        channel: 'VISIT',
        nature: 'GRIEVANCE',
        categoryCode: 'HOUSING_EXPROPRIATION',
        level: 'COUNTY',
        regionCode: '330102',
        summary: '反映蓼花汀社区旧改项目拆迁补偿款未发放问题',
        demands: '要求发放补偿款',
        petitioners: [person()],
      },
    });
    const second = await p.gql(clerk, `mutation($i: RegisterPetitionInput!) { registerPetition(input: $i) { petition { id } } }`, {
      i: {
        channel: 'LETTER',
        nature: 'GRIEVANCE',
        categoryCode: 'HOUSING_EXPROPRIATION',
        level: 'COUNTY',
        regionCode: '330102',
        summary: '蓼花汀社区旧改拆了我家老宅，补偿款一拖再拖没见着。另外巷口那棵老樟树被砍，邻里议论纷纷，烦请领导过问。',
        demands: '请把补偿款发下来',
        petitioners: [person()],
      },
    });
    const r = await p.gql(clerk, `query($id: ID!) { checkDuplicates(input: { petitionId: $id }) { petition { id } reasons } }`, {
      id: second.data.registerPetition.petition.id,
    });
    expect(r.errors).toBeUndefined();
    const hit = r.data.checkDuplicates.find((c: { petition: { id: string } }) => c.petition.id === first.data.registerPetition.petition.id);
    expect(hit?.reasons).toContain('SIMILAR_TEXT');
  }, 60_000);
});
