import { z } from 'zod';

/**
 * A scoring rule set: what each event costs a unit. Versioned (assessment.rule_set); a ranking
 * names the version it used. Points are negative deductions from `base`; 'VETO' is 一票否决 for the
 * calendar year of the event.
 */
const points = z.union([z.number().int().min(-1000).max(0), z.literal('VETO')]);
const byKind = z.object({ INDIVIDUAL: points, COLLECTIVE: points }).strict();

export const RuleSetDefinition = z
  .object({
    /** The units ranked: TOWNSHIP (9-digit region code of the petition) or COUNTY (6 digits). */
    unit: z.enum(['TOWNSHIP', 'COUNTY']),
    base: z.number().int().min(0).max(1000),
    /** Deduction per petition by the level it reached and its visit kind; a level not listed costs nothing. */
    petition: z.object({ NATIONAL: byKind, PROVINCE: byKind, CITY: byKind, COUNTY: byKind, TOWNSHIP: byKind }).partial().strict(),
    /** The unit reported the signal before the petition (a risk item of its own, linked to it): factor. */
    earlySignalFactor: z.number().min(0).max(1),
    /** The petition's assigned case went overdue: factor. */
    lateHandlingFactor: z.number().min(1).max(10),
    /** Each missed screening report (weekly, zero report) of the unit or a village under it. */
    missedReport: z.number().int().min(-1000).max(0),
  })
  .strict();
export type RuleSetDefinition = z.infer<typeof RuleSetDefinition>;

/**
 * The township rule set of the county's assessment (DOMAIN.md, source 003): petitions to the
 * township cost nothing; to the county individual −1, collective −3; to the city individual −3,
 * collective −10; to the province individual −10; a collective visit to the province, or anything
 * to Beijing: veto for the year. Early report of the signal halves the deduction, late handling of
 * an assigned case doubles it; a missed weekly or zero report costs 5. (The source's "abnormal
 * visit" deductions, −5 county and −20 province, need a fact no event carries yet: see docs.)
 */
export const TOWNSHIP_RULES_V1: RuleSetDefinition = {
  unit: 'TOWNSHIP',
  base: 100,
  petition: {
    TOWNSHIP: { INDIVIDUAL: 0, COLLECTIVE: 0 },
    COUNTY: { INDIVIDUAL: -1, COLLECTIVE: -3 },
    CITY: { INDIVIDUAL: -3, COLLECTIVE: -10 },
    PROVINCE: { INDIVIDUAL: -10, COLLECTIVE: 'VETO' },
    NATIONAL: { INDIVIDUAL: 'VETO', COLLECTIVE: 'VETO' },
  },
  earlySignalFactor: 0.5,
  lateHandlingFactor: 2,
  missedReport: -5,
};

export interface PetitionScoreFact {
  petitionId: string;
  eventId: string;
  unitCode: string;
  level: keyof RuleSetDefinition['petition'];
  visitKind: 'INDIVIDUAL' | 'COLLECTIVE';
  registeredAt: string;
  /** The event linking the unit's own earlier risk item to this petition, if any. */
  earlySignalEventId: string | null;
  /** The event saying its assigned case went overdue, if any. */
  lateHandlingEventId: string | null;
}

export interface MissedReportFact {
  unitCode: string;
  reportingUnitCode: string;
  periodKey: string;
  eventId: string;
}

export interface Deduction {
  reason: 'PETITION' | 'MISSED_REPORT' | 'VETO';
  points: number;
  /** 中文说明, e.g. 赴省集体访 一票否决, 到市个体访 −3 ×0.5（提前报告） */
  note: string;
  /** The events that caused it (the petition's registration, the early-signal link, the overdue notice, the missed report). */
  eventIds: string[];
  petitionId: string | null;
}

export interface UnitScore {
  unitCode: string;
  score: number;
  deductions: number;
  veto: boolean;
  items: Deduction[];
}

const LEVEL_LABEL: Record<string, string> = { NATIONAL: '赴京', PROVINCE: '到省', CITY: '到市', COUNTY: '到县', TOWNSHIP: '到乡镇' };
const KIND_LABEL: Record<string, string> = { INDIVIDUAL: '个体访', COLLECTIVE: '集体访' };

/** Half away from zero to one decimal: scores are published with one decimal at most. */
const round1 = (v: number) => (Math.sign(v) * Math.round(Math.abs(v) * 10)) / 10;

/** Scores every unit from its facts; units without any fact but listed in `units` score the base. */
export function scoreUnits(
  rules: RuleSetDefinition,
  units: string[],
  petitions: PetitionScoreFact[],
  missed: MissedReportFact[],
): UnitScore[] {
  const byUnit = new Map<string, UnitScore>();
  const unit = (code: string) => {
    let u = byUnit.get(code);
    if (!u) byUnit.set(code, (u = { unitCode: code, score: rules.base, deductions: 0, veto: false, items: [] }));
    return u;
  };
  for (const code of units) unit(code);
  for (const p of [...petitions].sort((a, b) => a.registeredAt.localeCompare(b.registeredAt) || a.petitionId.localeCompare(b.petitionId))) {
    const rule = rules.petition[p.level]?.[p.visitKind];
    if (rule === undefined || rule === 0) continue;
    const u = unit(p.unitCode);
    const what = `${LEVEL_LABEL[p.level]}${KIND_LABEL[p.visitKind]}`;
    if (rule === 'VETO') {
      u.veto = true;
      u.items.push({ reason: 'VETO', points: 0, note: `${what} 一票否决`, eventIds: [p.eventId], petitionId: p.petitionId });
      continue;
    }
    let value = rule;
    const notes = [`${what} ${rule}`];
    const causes = [p.eventId];
    if (p.earlySignalEventId) {
      value *= rules.earlySignalFactor;
      notes.push(`×${rules.earlySignalFactor}（提前报告苗头）`);
      causes.push(p.earlySignalEventId);
    }
    if (p.lateHandlingEventId) {
      value *= rules.lateHandlingFactor;
      notes.push(`×${rules.lateHandlingFactor}（交办件逾期办理）`);
      causes.push(p.lateHandlingEventId);
    }
    u.items.push({ reason: 'PETITION', points: round1(value), note: notes.join(' '), eventIds: causes, petitionId: p.petitionId });
  }
  for (const m of [...missed].sort(
    (a, b) => a.periodKey.localeCompare(b.periodKey) || a.reportingUnitCode.localeCompare(b.reportingUnitCode),
  )) {
    if (!rules.missedReport) continue;
    unit(m.unitCode).items.push({
      reason: 'MISSED_REPORT',
      points: rules.missedReport,
      note: `${m.reportingUnitCode} ${m.periodKey} 漏报排查（零）报告 ${rules.missedReport}`,
      eventIds: [m.eventId],
      petitionId: null,
    });
  }
  for (const u of byUnit.values()) {
    u.deductions = round1(u.items.reduce((sum, d) => sum + d.points, 0));
    u.score = round1(rules.base + u.deductions);
  }
  return [...byUnit.values()];
}

/** Rank: vetoed units last; higher score first; equal scores share a rank (1, 2, 2, 4). */
export function rank(scores: UnitScore[]): Array<UnitScore & { rank: number }> {
  const sorted = [...scores].sort((a, b) => Number(a.veto) - Number(b.veto) || b.score - a.score || a.unitCode.localeCompare(b.unitCode));
  return sorted.map((s, i) => {
    let r = i + 1;
    for (let j = i - 1; j >= 0 && sorted[j].veto === s.veto && sorted[j].score === s.score; j--) r = j + 1;
    return { ...s, rank: r };
  });
}
