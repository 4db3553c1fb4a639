import { generateValidIdNumber } from '@petition/intake';

import type { Platform } from './harness';

export const REGION = '330102';
export const DEPARTMENTS = [
  { code: 'D-HOUSING', name: '区住房和城乡建设局', regionCode: REGION },
  { code: 'D-LABOUR', name: '区人力资源和社会保障局', regionCode: REGION },
  { code: 'D-EDU', name: '区教育局', regionCode: REGION },
  { code: 'D-TOWN-A', name: '某某街道办事处', regionCode: REGION },
];

export async function seedDepartments(p: Platform, adminToken: string) {
  for (const d of DEPARTMENTS) {
    const r = await p.gql(adminToken, `mutation($i: DepartmentInput!) { upsertDepartment(input: $i) { code } }`, { i: d });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
  }
}

let seq = 0;
export function person(birth = '1968-03-15') {
  seq += 1;
  return {
    name: `测试人${seq}`,
    idNumber: generateValidIdNumber('330102', birth, (seq * 7) % 1000),
    phone: `1380000${String(1000 + seq).slice(-4)}`,
  };
}

export const REGISTER = `mutation Register($input: RegisterPetitionInput!) {
  registerPetition(input: $input) {
    trackingNumber accessCode
    petition { id status visitKind headcount routingDueOn routingDueRule petitioners { name idNumber phone } }
    duplicateCandidates { petition { id } score textSimilarity reasons likelyRepeat }
  }
}`;

export function letter(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'LETTER',
    nature: 'GRIEVANCE',
    categoryCode: 'HOUSING_EXPROPRIATION',
    level: 'COUNTY',
    regionCode: REGION,
    involvedOrganization: '城东片区旧城改造指挥部',
    summary: '我家房屋在城东片区旧城改造中被拆迁，拆迁补偿款至今没有发放，多次找指挥部无人答复。',
    demands: '请求尽快足额发放拆迁补偿款。',
    petitioners: [person()],
    ...overrides,
  };
}
