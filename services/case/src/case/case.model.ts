import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

import { createConnection } from '@petition/subgraph';

import type { CaseState } from './case-rules';
import { AnswerStage, CaseRoutingMode, CaseStateEnum, DeadlineKind, DeadlineStatus, ReplyOutcome, Satisfaction } from './case.enums';

@ObjectType({ description: '期限（含计算依据）' })
export class Deadline {
  @Field(() => DeadlineKind)
  kind!: string;

  @Field(() => String, { description: '到期日（含当日）' })
  dueOn!: string;

  @Field(() => Date)
  dueAt!: Date;

  @Field(() => String, { description: '计算依据（规则、起算日、节假日顺延）' })
  rule!: string;

  @Field(() => DeadlineStatus)
  status!: string;

  @Field(() => Date, { nullable: true })
  metAt!: Date | null;

  @Field(() => Boolean, { description: '已超期' })
  overdue!: boolean;
}

@ObjectType({ description: '答复意见书 / 复查意见 / 复核意见' })
export class Reply {
  @Field(() => AnswerStage)
  stage!: string;

  @Field(() => ReplyOutcome)
  outcome!: string;

  @Field(() => String)
  body!: string;

  @Field(() => Date)
  repliedAt!: Date;

  @Field(() => Boolean, { description: '按期作出' })
  onTime!: boolean;

  @Field(() => Satisfaction, { nullable: true })
  satisfaction!: string | null;
}

@ObjectType({ description: '复查/复核申请' })
export class Appeal {
  @Field(() => AnswerStage)
  stage!: string;

  @Field(() => Date)
  requestedAt!: Date;

  @Field(() => String)
  reason!: string;

  @Field(() => Int, { description: '听证天数（不计入期限）' })
  hearingDays!: number;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;
}

@ObjectType({ description: '督办通知' })
export class Supervision {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  issuedAt!: Date;

  @Field(() => String)
  issuedBy!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => String, { nullable: true })
  respondBy!: string | null;
}

@ObjectType({ description: '办理过程记录（只增不改）' })
export class TimelineEntry {
  @Field(() => Date)
  at!: Date;

  @Field(() => String)
  actor!: string;

  @Field(() => String, { nullable: true })
  actorDepartment!: string | null;

  @Field(() => String)
  action!: string;

  @Field(() => String, { description: 'JSON 详情' })
  detail!: string;
}

@ObjectType({ description: '信访件（由 intake 子图提供）' })
@Directive('@key(fields: "id")')
export class Petition {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: '案件：责任单位对一个信访件的受理、办理、答复、复查、复核' })
@Directive('@key(fields: "id")')
export class Case {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  petitionId!: string;

  @Field(() => Petition, { description: '所办理的信访件' })
  petition!: Petition;

  @Field(() => CaseStateEnum)
  state!: CaseState;

  @Field(() => CaseRoutingMode)
  mode!: string;

  @Field(() => String, { description: '责任单位' })
  departmentCode!: string;

  @Field(() => String, { nullable: true, description: '牵头单位' })
  leadDepartmentCode!: string | null;

  @Field(() => [String], { description: '配合单位' })
  cooperatingDepartmentCodes!: string[];

  @Field(() => String)
  regionCode!: string;

  @Field(() => String)
  categoryCode!: string;

  @Field(() => Date, { description: '收到（转送/交办）时间' })
  receivedAt!: Date;

  @Field(() => Date, { nullable: true })
  acceptedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  returnedAt!: Date | null;

  @Field(() => String, { nullable: true })
  returnReason!: string | null;

  @Field(() => Int, { nullable: true, description: '延长天数（只能延长一次，最多30日）' })
  extensionDays!: number | null;

  @Field(() => String, { nullable: true })
  extensionReason!: string | null;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => String, { nullable: true })
  closedReason!: string | null;
}

export const CaseConnection = createConnection(Case, 'Case');

@ObjectType()
export class OverdueScanResult {
  @Field(() => Int, { description: '新发现的超期期限' })
  overdue!: number;

  @Field(() => Int, { description: '复查/复核申请期满而办结的案件' })
  closed!: number;
}
