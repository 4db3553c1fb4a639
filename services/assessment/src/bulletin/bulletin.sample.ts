import { type BulletinData, yoy } from './bulletin';

// A realistic bulletin for the docs, the PDF test and scripts/sample-bulletin.ts. The figures are the
// seed documents' (DOMAIN.md, "Numbers from the source documents"): the headline is seed 002's
// 63 batches / 316 people vs 49 / 363, the category shares are those of the 63, the levels carry
// seed 002's collective visits to Beijing, the province and the city with its individual visits
// added. They come from different tables of the source reports and are not meant to add up.
// Townships, departments and scores are invented, following the township scoring rules (seed 003:
// anything to Beijing is a veto).
export function sampleBulletinData(): BulletinData {
  const level = (
    level: BulletinData['byLevel'][number]['level'],
    label: string,
    [batches, people, prevBatches, prevPeople]: number[],
    [cBatches, cPeople, prevCBatches, prevCPeople]: number[],
  ) => ({
    level,
    label,
    batches: yoy(batches, prevBatches),
    people: yoy(people, prevPeople),
    collectiveBatches: yoy(cBatches, prevCBatches),
    collectivePeople: yoy(cPeople, prevCPeople),
  });
  const share = (code: string, name: string, batches: number, people: number) => ({
    code,
    name,
    batches,
    people,
    share: Math.round((batches / 63) * 1000) / 10,
  });
  return {
    title: '西城区2025年6月信访工作通报',
    issuer: '西城区信访局',
    scope: { regionCode: '330102', name: '西城区' },
    period: { from: '2025-06-01', to: '2025-06-30', label: '2025年6月' },
    previousPeriod: { from: '2024-06-01', to: '2024-06-30', label: '2024年6月' },
    generatedAt: '2025-07-03T01:30:00.000Z',
    headline: {
      batches: yoy(63, 49),
      people: yoy(316, 363),
      collectiveBatches: yoy(12, 9),
      collectivePeople: yoy(187, 240),
      letters: 9,
      visits: 38,
      online: 16,
    },
    byLevel: [
      // Seed 002: collective and individual visits to each level; total = collective + individual.
      level('NATIONAL', '赴京', [63 + 694, 316 + 772, 49 + 444, 363 + 490], [63, 316, 49, 363]),
      level('PROVINCE', '赴省', [169 + 1027, 1930 + 1308, 140 + 908, 1802 + 1216], [169, 1930, 140, 1802]),
      level('CITY', '赴市', [149 + 736, 3902 + 1049, 171 + 687, 3780 + 903], [149, 3902, 171, 3780]),
      // Seed 000's district figures: 1772 visits, 120 collective batches with 1391 people.
      level('COUNTY', '到区', [1772, 2950, 864, 1420], [120, 1391, 85, 1063]),
      level('TOWNSHIP', '到街道（乡镇）', [1416, 1688, 1502, 1790], [38, 402, 44, 455]),
    ],
    categoryShares: [
      share('URBAN_RURAL_CONSTRUCTION', '城乡建设', 15, 75),
      share('LABOUR_SOCIAL_SECURITY', '劳动和社会保障', 13, 65),
      share('AGRICULTURE_RURAL', '农业农村', 7, 38),
      share('LAND_RESOURCES', '国土资源', 6, 30),
      share('LAW_LITIGATION', '涉法涉诉', 6, 27),
      share('ENTERPRISE_RESTRUCTURING', '企业改制', 5, 41),
      share('HEALTH', '卫生健康', 4, 14),
      share('EDUCATION', '教育', 3, 9),
      share('OTHER', '其他', 4, 17),
    ],
    rankingsByBatches: [
      { rank: 1, unitCode: '330102001', unitName: '城东街道', batches: 14, people: 72 },
      { rank: 2, unitCode: '330102002', unitName: '城西街道', batches: 11, people: 38 },
      { rank: 3, unitCode: '330102101', unitName: '清河镇', batches: 9, people: 81 },
      { rank: 4, unitCode: '330102004', unitName: '望江街道', batches: 8, people: 29 },
      { rank: 5, unitCode: '330102003', unitName: '南湖街道', batches: 6, people: 44 },
      { rank: 6, unitCode: '330102005', unitName: '北苑街道', batches: 5, people: 12 },
    ],
    rankingsByPeople: [
      { rank: 1, unitCode: '330102101', unitName: '清河镇', batches: 9, people: 81 },
      { rank: 2, unitCode: '330102001', unitName: '城东街道', batches: 14, people: 72 },
      { rank: 3, unitCode: '330102003', unitName: '南湖街道', batches: 6, people: 44 },
      { rank: 4, unitCode: '330102002', unitName: '城西街道', batches: 11, people: 38 },
      { rank: 5, unitCode: '330102004', unitName: '望江街道', batches: 8, people: 29 },
      { rank: 6, unitCode: '330102005', unitName: '北苑街道', batches: 5, people: 12 },
    ],
    overdueByDepartment: [
      { departmentCode: 'D-HOUSING', departmentName: '区住房和城乡建设局', overdue: 4, open: 27 },
      { departmentCode: 'D-LABOUR', departmentName: '区人力资源和社会保障局', overdue: 3, open: 19 },
      { departmentCode: 'D-TOWN-A', departmentName: '城东街道办事处', overdue: 2, open: 11 },
      { departmentCode: 'D-EDU', departmentName: '区教育局', overdue: 1, open: 8 },
      { departmentCode: 'D-TOWN-B', departmentName: '城西街道办事处', overdue: 0, open: 6 },
    ],
    scores: [
      { rank: 1, unitCode: '330102005', unitName: '北苑街道', score: 98.5, deductions: 1.5, veto: false },
      { rank: 2, unitCode: '330102004', unitName: '望江街道', score: 96, deductions: 4, veto: false },
      { rank: 3, unitCode: '330102002', unitName: '城西街道', score: 93, deductions: 7, veto: false },
      { rank: 4, unitCode: '330102003', unitName: '南湖街道', score: 91.5, deductions: 8.5, veto: false },
      { rank: 5, unitCode: '330102001', unitName: '城东街道', score: 88, deductions: 12, veto: false },
      { rank: 6, unitCode: '330102101', unitName: '清河镇', score: 79, deductions: 21, veto: true },
    ],
  };
}
