import { z } from 'zod';

// The one event contract. A publisher cannot append a payload that fails its schema, and a
// consumer validates again on receipt (bytes off the wire are untrusted). `data` never carries a
// name, an ID number, an address or a phone number: the schemas are strict, so an extra field fails.

import {
  id,
  day,
  instant,
  departmentCode,
  regionCode,
  screeningUnitCode,
  petitionFacts,
  VISIT_KINDS,
  LEVELS,
  ROUTING_MODES,
  LEGAL_CHANNELS,
  REPLY_OUTCOMES,
  SATISFACTIONS,
  APPEAL_STAGES,
  UNIT_LEVELS,
  DUTY_ROLES,
  DUTY_MISSES,
  APPOINTMENT_OUTCOMES,
} from './contract-fields';

export const EVENT_CONTRACT = {
  'intake.petition.registered': {
    version: 1,
    description: '信访件已登记',
    data: z
      .object({
        ...petitionFacts,
        repeatOfPetitionId: id.nullable(),
        /**
         * The matter's keys (libs/text `matterKeys`, keyed with CONTENT_SIGNATURE_KEY): 32-bit
         * integers, each the keyed hash of a sound, word, concept, name or specific of the text, its
         * kind in the low bits. The hotspot service matches matters on them without the text. Null
         * for accusations (their material never leaves intake) and texts with nothing to match;
         * absent in events written before it was added (additive change, still version 1).
         */
        matterKeys: z.array(z.number().int().min(-2147483648).max(2147483647)).max(4000).nullable().optional(),
        /**
         * Keyed MinHash of the text (base64 of 128 uint32), sent until `matterKeys` replaced it:
         * events written since carry null. Still parsed in older events.
         */
        contentSignature: z
          .string()
          .max(1024)
          .regex(/^[A-Za-z0-9+/]+=*$/)
          .nullable()
          .optional(),
        /**
         * The unit an accusation names (never the reporter nor the material): the reception keeps it
         * out of a joint session on the matter. Null otherwise; absent in events written before it
         * was added (additive change, still version 1).
         */
        accusedDepartmentCode: departmentCode.nullable().optional(),
      })
      .strict(),
  },
  'intake.petition.routed': {
    version: 1,
    description: '信访件已转送或交办至责任单位',
    data: z
      .object({
        ...petitionFacts,
        routingId: id,
        mode: z.enum(ROUTING_MODES),
        departmentCode,
        leadDepartmentCode: departmentCode.nullable(),
        cooperatingDepartmentCodes: z.array(departmentCode),
        /** The unit an accusation names: the case service hides the reporter from it. */
        accusedDepartmentCode: departmentCode.nullable(),
        resultDueOn: day.nullable(),
        routedAt: instant,
        routedWithinDeadline: z.boolean(),
      })
      .strict(),
  },
  'intake.petition.notAccepted': {
    version: 1,
    description: '信访件不予受理（告知法定途径）',
    data: z
      .object({
        petitionId: id,
        reasonCode: z.string(),
        legalChannel: z.enum(LEGAL_CHANNELS).nullable(),
        decidedAt: instant,
      })
      .strict(),
  },
  'intake.petition.linkedAsRepeat': {
    version: 1,
    description: '信访件被认定为重复件并关联原件',
    data: z.object({ petitionId: id, originalPetitionId: id, level: z.enum(LEVELS), linkedAt: instant }).strict(),
  },
  'case.case.opened': {
    version: 1,
    description: '责任单位案件已建立，等待受理',
    data: z
      .object({
        caseId: id,
        petitionId: id,
        mode: z.enum(ROUTING_MODES),
        departmentCode,
        leadDepartmentCode: departmentCode.nullable(),
        cooperatingDepartmentCodes: z.array(departmentCode),
        regionCode,
        categoryCode: z.string(),
        acceptanceDueOn: day,
        openedAt: instant,
      })
      .strict(),
  },
  'case.case.accepted': {
    version: 1,
    description: '案件已受理',
    data: z.object({ caseId: id, petitionId: id, acceptedAt: instant, handlingDueOn: day, onTime: z.boolean() }).strict(),
  },
  'case.case.returned': {
    version: 1,
    description: '案件被退回（不属本单位职责）',
    data: z.object({ caseId: id, petitionId: id, departmentCode, reason: z.string().max(500), returnedAt: instant }).strict(),
  },
  'case.case.extended': {
    version: 1,
    description: '办理期限已延长',
    data: z.object({ caseId: id, petitionId: id, days: z.number().int(), handlingDueOn: day }).strict(),
  },
  'case.case.replied': {
    version: 1,
    description: '已出具答复意见书',
    data: z
      .object({
        caseId: id,
        petitionId: id,
        stage: z.enum(['HANDLING', ...APPEAL_STAGES]),
        outcome: z.enum(REPLY_OUTCOMES),
        repliedAt: instant,
        onTime: z.boolean(),
      })
      .strict(),
  },
  'case.case.rated': {
    version: 1,
    description: '信访人作出满意度评价',
    data: z
      .object({
        caseId: id,
        petitionId: id,
        stage: z.enum(['HANDLING', ...APPEAL_STAGES]),
        satisfaction: z.enum(SATISFACTIONS),
        ratedAt: instant,
      })
      .strict(),
  },
  'case.case.reviewRequested': {
    version: 1,
    description: '信访人申请复查或复核',
    data: z.object({ caseId: id, petitionId: id, stage: z.enum(APPEAL_STAGES), requestedAt: instant, decisionDueOn: day }).strict(),
  },
  'case.case.reviewDecided': {
    version: 1,
    description: '复查或复核意见已作出',
    data: z
      .object({
        caseId: id,
        petitionId: id,
        stage: z.enum(APPEAL_STAGES),
        outcome: z.enum(REPLY_OUTCOMES),
        decidedAt: instant,
        onTime: z.boolean(),
      })
      .strict(),
  },
  'case.case.closed': {
    version: 1,
    description: '案件办结',
    data: z
      .object({
        caseId: id,
        petitionId: id,
        reason: z.enum(['REREVIEW_DECIDED', 'APPEAL_PERIOD_LAPSED']),
        closedAt: instant,
      })
      .strict(),
  },
  'case.case.overdue': {
    version: 1,
    description: '案件超期',
    data: z.object({ caseId: id, petitionId: id, deadlineKind: z.string(), dueOn: day, departmentCode, detectedAt: instant }).strict(),
  },
  'case.case.supervised': {
    version: 1,
    description: '已下发督办通知',
    data: z.object({ caseId: id, petitionId: id, noticeId: id, departmentCode, issuedAt: instant, respondBy: day.nullable() }).strict(),
  },
  'hotspot.alert.raised': {
    version: 1,
    description: '热点预警已发出',
    data: z
      .object({
        alertId: id,
        hotspotId: id,
        rule: z.string().min(1).max(64),
        ruleDescription: z.string().max(200),
        regionCode,
        categoryCode: z.string().nullable(),
        involvedOrganization: z.string().nullable(),
        petitions: z.number().int().nonnegative(),
        headcount: z.number().int().nonnegative(),
        collectiveVisits: z.number().int().nonnegative(),
        highestLevel: z.enum(LEVELS),
        triggerPetitionId: id.nullable(),
        raisedAt: instant,
      })
      .strict(),
  },
  'hotspot.alert.cleared': {
    version: 1,
    description: '热点预警已解除',
    data: z.object({ alertId: id, hotspotId: id, reason: z.enum(['CASES_CLOSED', 'MANUAL']), clearedAt: instant }).strict(),
  },
  'hotspot.report.submitted': {
    version: 1,
    description: '矛盾纠纷排查报告（含零报告）已报送',
    data: z
      .object({
        reportId: id,
        unitCode: screeningUnitCode,
        unitLevel: z.enum(UNIT_LEVELS),
        periodKey: z.string().max(32),
        zeroReport: z.boolean(),
        riskItems: z.number().int().nonnegative(),
        dueAt: instant,
        submittedAt: instant,
        onTime: z.boolean(),
      })
      .strict(),
  },
  'hotspot.report.missed': {
    version: 1,
    description: '排查报告逾期未报',
    data: z
      .object({
        unitCode: screeningUnitCode,
        unitLevel: z.enum(UNIT_LEVELS),
        periodKey: z.string().max(32),
        dueAt: instant,
        detectedAt: instant,
      })
      .strict(),
  },
  'hotspot.riskItem.reported': {
    version: 1,
    description: '排查发现矛盾纠纷隐患',
    data: z
      .object({
        riskItemId: id,
        reportId: id,
        unitCode: screeningUnitCode,
        categoryCode: z.string(),
        estimatedPeople: z.number().int().nonnegative(),
        collectiveSignal: z.boolean(),
        reportedAt: instant,
      })
      .strict(),
  },
  'hotspot.riskItem.linked': {
    version: 1,
    description: '隐患已关联信访件或热点',
    data: z
      .object({ riskItemId: id, unitCode: screeningUnitCode, petitionId: id.nullable(), hotspotId: id.nullable(), linkedAt: instant })
      .strict(),
  },
  'hotspot.riskItem.resolved': {
    version: 1,
    description: '隐患已化解',
    data: z.object({ riskItemId: id, unitCode: screeningUnitCode, resolvedAt: instant }).strict(),
  },
  'reception.visit.checkedIn': {
    version: 1,
    description: '来访人在联合接访大厅取号',
    data: z
      .object({
        ticketId: id,
        hallId: id,
        hallRegionCode: regionCode,
        ticketNumber: z.string().max(16),
        serviceDate: day,
        visitKind: z.enum(VISIT_KINDS),
        headcount: z.number().int().positive(),
        issuedAt: instant,
      })
      .strict(),
  },
  'reception.visit.served': {
    version: 1,
    description: '来访已接待，诉求单已关联信访件',
    data: z
      .object({
        ticketId: id,
        hallId: id,
        hallRegionCode: regionCode,
        petitionId: id,
        stationId: id,
        departmentCode,
        serviceDate: day,
        visitKind: z.enum(VISIT_KINDS),
        headcount: z.number().int().positive(),
        waitSeconds: z.number().int().nonnegative(),
        serviceSeconds: z.number().int().nonnegative(),
        settledInHall: z.boolean(),
        servedAt: instant,
      })
      .strict(),
  },
  'reception.jointSession.concluded': {
    version: 1,
    description: '联合接访结束：确定牵头单位和配合单位',
    data: z
      .object({
        sessionId: id,
        hallId: id,
        hallRegionCode: regionCode,
        petitionId: id,
        presentDepartmentCodes: z.array(departmentCode).min(2),
        leadDepartmentCode: departmentCode,
        cooperatingDepartmentCodes: z.array(departmentCode).min(1),
        settledInHall: z.boolean(),
        concludedAt: instant,
      })
      .strict(),
  },
  'reception.duty.missed': {
    version: 1,
    description: '驻厅单位值班缺岗、迟到或早退',
    data: z
      .object({
        shiftId: id,
        hallId: id,
        hallRegionCode: regionCode,
        stationId: id,
        departmentCode,
        dutyRole: z.enum(DUTY_ROLES),
        kind: z.enum(DUTY_MISSES),
        serviceDate: day,
        /** Minutes late or left early; for ABSENT, minutes past the start when absence was recorded. */
        minutes: z.number().int().nonnegative(),
        recordedAt: instant,
      })
      .strict(),
  },
  'reception.appointment.concluded': {
    version: 1,
    description: '领导接访日约访已接待（或未到）',
    data: z
      .object({
        appointmentId: id,
        receptionDayId: id,
        hallId: id,
        hallRegionCode: regionCode,
        petitionId: id,
        serviceDate: day,
        outcome: z.enum(APPOINTMENT_OUTCOMES),
        concludedAt: instant,
      })
      .strict(),
  },
  'assessment.bulletin.published': {
    version: 1,
    description: '信访工作通报已发布',
    data: z
      .object({
        bulletinId: id,
        regionPrefix: z.string().regex(/^\d{0,12}$/),
        periodFrom: day,
        periodTo: day,
        title: z.string().max(200),
        publishedAt: instant,
      })
      .strict(),
  },
} as const satisfies Record<string, { version: number; description: string; data: z.ZodTypeAny }>;

export type EventType = keyof typeof EVENT_CONTRACT;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CONTRACT)[T]['data']>;

export const EVENT_TYPES = Object.keys(EVENT_CONTRACT) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CONTRACT, value);
}

/** The service (and so the stream) an event type belongs to: `intake.petition.routed` → `intake`. */
export function sourceOf(type: EventType | string): string {
  return type.split('.')[0];
}
