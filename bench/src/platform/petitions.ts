import { generateValidIdNumber } from '@petition/intake';

import type { CorpusPetition } from '../hotspot/corpus';
import { CATEGORY_CODES } from '../hotspot/problems';

// Registration forms from the hotspot corpus (realistic texts, townships, organisations), the
// departments they are routed to, and valid ID numbers for generated people.

export const departmentOf = (category: string) => `D-${category.replace(/_/g, '-')}`;

/** One responsible department per category, seeded with upsertDepartment. */
export const DEPARTMENTS = CATEGORY_CODES.map((c) => ({ code: departmentOf(c), name: `${c} 责任单位`, regionCode: '330100' }));

export const UPSERT_DEPARTMENT = `mutation($i: DepartmentInput!) { upsertDepartment(input: $i) { code } }`;

/** A valid GB 11643 ID number, unique per person number (birth date and sequence derived from it). */
export function idNumber(region6: string, person: number): string {
  const birth = new Date(Date.UTC(1940, 0, 1) + ((Math.floor(person / 1000) * 97) % 25_000) * 86_400_000);
  return generateValidIdNumber(region6, birth.toISOString().slice(0, 10), person % 1000);
}

/** The registration form for a corpus petition (text split into summary and demands at its last comma). */
export function registerInput(p: CorpusPetition, person: number, receivedAt?: Date) {
  const cut = p.text.lastIndexOf('，');
  const summary = cut >= 5 ? p.text.slice(0, cut) : p.text;
  const demands = (cut >= 5 ? p.text.slice(cut + 1) : '') || '请求依法处理。';
  return {
    channel: p.channel,
    visitKind: p.visitKind,
    headcount: p.headcount,
    nature: p.nature,
    categoryCode: p.categoryCode,
    level: p.level,
    skipLevel: p.skipLevel,
    regionCode: p.regionCode,
    involvedOrganization: p.involvedOrganization,
    summary,
    demands,
    ...(receivedAt ? { receivedAt: receivedAt.toISOString() } : {}),
    petitioners: [
      {
        name: `信访人${person}`,
        idNumber: idNumber(p.regionCode.slice(0, 6), person),
        phone: `138${String(person).padStart(8, '0')}`,
        isRepresentative: true,
      },
    ],
  };
}
