import { registerEnumType } from 'type-graphql';

import { enumFromValues } from '@petition/subgraph';

import { REPLY_OUTCOMES, ROUTING_MODES, SATISFACTIONS } from '@petition/events';

import { CASE_STATES } from './case-rules';

export const CaseStateEnum = enumFromValues(CASE_STATES);
export const ReplyOutcome = enumFromValues(REPLY_OUTCOMES);
export type ReplyOutcome = keyof typeof ReplyOutcome;
export const Satisfaction = enumFromValues(SATISFACTIONS);
export type Satisfaction = keyof typeof Satisfaction;
export const CaseRoutingMode = enumFromValues(ROUTING_MODES);
export const AnswerStage = enumFromValues(['HANDLING', 'REVIEW', 'REREVIEW'] as const);
export type AnswerStage = keyof typeof AnswerStage;
export const DeadlineKind = enumFromValues([
  'ACCEPTANCE',
  'RETURN',
  'HANDLING',
  'RESULT',
  'REVIEW_REQUEST',
  'REVIEW_DECISION',
  'REREVIEW_REQUEST',
  'REREVIEW_DECISION',
] as const);
export type DeadlineKind = keyof typeof DeadlineKind;
export const DeadlineStatus = enumFromValues(['OPEN', 'MET', 'SUPERSEDED', 'LAPSED'] as const);

registerEnumType(CaseStateEnum, {
  name: 'CaseState',
  description:
    'AWAITING_ACCEPTANCE 待受理(15日), RETURNED 已退回, IN_PROGRESS 办理中(60日), REPLIED 已答复, REVIEW_REQUESTED 复查中, REVIEW_DECIDED 已复查, REREVIEW_REQUESTED 复核中, CLOSED 已办结',
});
registerEnumType(ReplyOutcome, { name: 'ReplyOutcome', description: '处理意见: SUPPORT 支持, EXPLAIN 解释说明, NOT_SUPPORT 不支持' });
registerEnumType(Satisfaction, {
  name: 'Satisfaction',
  description: '满意度: SATISFIED 满意, BASICALLY_SATISFIED 基本满意, UNSATISFIED 不满意',
});
registerEnumType(CaseRoutingMode, { name: 'CaseRoutingMode', description: '转送 FORWARD / 交办 ASSIGN' });
registerEnumType(AnswerStage, { name: 'AnswerStage', description: 'HANDLING 办理答复, REVIEW 复查, REREVIEW 复核' });
registerEnumType(DeadlineKind, {
  name: 'DeadlineKind',
  description:
    'ACCEPTANCE 受理(15日), RETURN 退回异议(5个工作日), HANDLING 办理(60日), RESULT 交办结果报送, REVIEW_REQUEST 申请复查(30日), REVIEW_DECISION 复查(30日), REREVIEW_REQUEST 申请复核(30日), REREVIEW_DECISION 复核(30日，听证不计)',
});
registerEnumType(DeadlineStatus, {
  name: 'DeadlineStatus',
  description: 'OPEN 未到期/未完成, MET 已完成, SUPERSEDED 已被延期取代, LAPSED 期满未行使',
});
