import { Field, ObjectType } from 'type-graphql';

import { PetitionStatus, RoutingMode } from './enums';

@ObjectType({ description: '办理进展' })
export class ProgressEntry {
  @Field(() => String, { description: 'opened accepted extended replied rated reviewRequested reviewDecided returned closed' })
  kind!: string;

  @Field(() => String, { description: '进展说明' })
  label!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { nullable: true, description: '相关期限' })
  dueOn!: string | null;

  @Field(() => String, { nullable: true, description: '结果（答复意见、评价、复查复核结论）' })
  outcome!: string | null;
}

@ObjectType({ description: '转送/交办去向' })
export class TrackedRouting {
  @Field(() => RoutingMode)
  mode!: RoutingMode;

  @Field(() => String)
  departmentName!: string;

  @Field(() => Date)
  routedAt!: Date;
}

@ObjectType({ description: '信访人查询自己的信访件（凭查询码和查询密码）' })
export class PetitionTracking {
  @Field(() => String)
  trackingNumber!: string;

  @Field(() => PetitionStatus)
  status!: PetitionStatus;

  @Field(() => String, { description: '状态说明' })
  statusLabel!: string;

  @Field(() => Date)
  registeredAt!: Date;

  @Field(() => String, { description: '转送/交办期限' })
  routingDueOn!: string;

  @Field(() => [TrackedRouting])
  routings!: TrackedRouting[];

  @Field(() => [ProgressEntry])
  progress!: ProgressEntry[];
}

export const STATUS_LABELS: Record<string, string> = {
  REGISTERED: '已登记，将在期限内转送或交办有权处理的机关',
  ROUTED: '已转送/交办有权处理的机关',
  RETURNED: '被退回，正在重新转送',
  NOT_ACCEPTED: '不予受理，已书面告知理由和途径',
  LINKED_AS_REPEAT: '与您此前反映的同一事项合并办理',
  CLOSED: '已办结',
};

export const PROGRESS_LABELS: Record<string, string> = {
  opened: '责任单位已收到，将在15日内决定是否受理',
  accepted: '已受理，将在60日内书面答复',
  extended: '情况复杂，办理期限已延长',
  replied: '已出具书面答复意见',
  rated: '已记录您的满意度评价',
  reviewRequested: '已收到复查/复核申请',
  reviewDecided: '已作出复查/复核意见',
  returned: '责任单位认为不属其职责，已退回',
  closed: '已办结',
};
