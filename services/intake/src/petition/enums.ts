import { registerEnumType } from 'type-graphql';

import { enumFromValues } from '@petition/subgraph';

import { CHANNELS, LEGAL_CHANNELS, LEVELS, NATURES, ROUTING_MODES, VISIT_KINDS } from '@petition/events';

// GraphQL enums mirror the event contract's value lists (one source for both).

export const Channel = enumFromValues(CHANNELS);
export type Channel = keyof typeof Channel;
export const VisitKind = enumFromValues(VISIT_KINDS);
export type VisitKind = keyof typeof VisitKind;
export const Nature = enumFromValues(NATURES);
export type Nature = keyof typeof Nature;
export const Level = enumFromValues(LEVELS);
export type Level = keyof typeof Level;
export const RoutingMode = enumFromValues(ROUTING_MODES);
export type RoutingMode = keyof typeof RoutingMode;
export const LegalChannel = enumFromValues(LEGAL_CHANNELS);
export type LegalChannel = keyof typeof LegalChannel;

export const PetitionStatus = {
  REGISTERED: 'REGISTERED',
  ROUTED: 'ROUTED',
  RETURNED: 'RETURNED',
  NOT_ACCEPTED: 'NOT_ACCEPTED',
  LINKED_AS_REPEAT: 'LINKED_AS_REPEAT',
  CLOSED: 'CLOSED',
} as const;
export type PetitionStatus = keyof typeof PetitionStatus;

export const DeclineReason = {
  LEGAL_CHANNEL: 'LEGAL_CHANNEL',
  NOT_WITHIN_REMIT: 'NOT_WITHIN_REMIT',
  NO_LONGER_ACCEPTED: 'NO_LONGER_ACCEPTED',
  OTHER: 'OTHER',
} as const;
export type DeclineReason = keyof typeof DeclineReason;

export const DuplicateReason = {
  SAME_PETITIONER: 'SAME_PETITIONER',
  SAME_ORGANIZATION: 'SAME_ORGANIZATION',
  SIMILAR_TEXT: 'SIMILAR_TEXT',
  CONCLUDED_AFTER_REREVIEW: 'CONCLUDED_AFTER_REREVIEW',
} as const;
export type DuplicateReason = keyof typeof DuplicateReason;

export const Gender = { MALE: 'MALE', FEMALE: 'FEMALE' } as const;
export type Gender = keyof typeof Gender;

registerEnumType(Channel, {
  name: 'Channel',
  description: '信访渠道: LETTER 来信, VISIT 来访, PHONE 来电, ONLINE 网上信访, MAILBOX 领导信箱',
});
registerEnumType(VisitKind, { name: 'VisitKind', description: '个访 INDIVIDUAL / 集体访 COLLECTIVE (5人以上)' });
registerEnumType(Nature, { name: 'Nature', description: '建议意见 SUGGESTION / 检举控告 ACCUSATION / 申诉求决 GRIEVANCE' });
registerEnumType(Level, {
  name: 'Level',
  description: '信访到达层级: NATIONAL 赴京, PROVINCE 到省, CITY 来市, COUNTY 来区(县), TOWNSHIP 到乡(镇)',
});
registerEnumType(RoutingMode, { name: 'RoutingMode', description: '转送 FORWARD / 交办 ASSIGN (须报送办理结果)' });
registerEnumType(LegalChannel, { name: 'LegalChannel', description: '导入法定途径: 诉讼、仲裁、行政复议等' });
registerEnumType(PetitionStatus, {
  name: 'PetitionStatus',
  description:
    'REGISTERED 已登记待转送, ROUTED 已转送/交办, RETURNED 被退回待重新转送, NOT_ACCEPTED 不予受理, LINKED_AS_REPEAT 重复件已关联, CLOSED 已办结',
});
registerEnumType(DeclineReason, {
  name: 'DeclineReason',
  description: 'LEGAL_CHANNEL 应通过法定途径解决, NOT_WITHIN_REMIT 不属信访受理范围, NO_LONGER_ACCEPTED 已复核终结不再受理, OTHER 其他',
});
registerEnumType(DuplicateReason, {
  name: 'DuplicateReason',
  description: '判重依据: 同一信访人、同一涉及单位、内容相似；CONCLUDED_AFTER_REREVIEW 该件已复核终结（同一事项不再受理，条例第36条）',
});

/** What a matched term of two texts is (判重的依据). */
export const MatchedTermKind = {
  AREA: 'AREA',
  PLACE: 'PLACE',
  ORGANIZATION: 'ORGANIZATION',
  SUBJECT: 'SUBJECT',
  COMPLAINT: 'COMPLAINT',
  SPECIFIC: 'SPECIFIC',
} as const;
export type MatchedTermKind = keyof typeof MatchedTermKind;
registerEnumType(MatchedTermKind, {
  name: 'MatchedTermKind',
  description:
    'AREA 乡镇/区县, PLACE 村、小区、道路, ORGANIZATION 企业、学校等单位, SUBJECT 事项, COMPLAINT 诉由, SPECIFIC 年份、金额、人数等',
});
registerEnumType(Gender, { name: 'Gender' });
