import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

import { CaseStateEnum, ReplyOutcome, Satisfaction } from './case.enums';
import type { CaseState } from './case-rules';

@InputType({ description: '退回（不属本单位职责，收到后5个工作日内）' })
export class ReturnCaseInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => String, { description: '退回理由' })
  @Length(2, 500)
  reason!: string;
}

@InputType({ description: '延长办理期限（一次，最多30日）' })
export class ExtendCaseDeadlineInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(365)
  days!: number;

  @Field(() => String, { description: '延期理由（告知信访人）' })
  @Length(2, 500)
  reason!: string;
}

@InputType({ description: '书面答复（答复意见书 / 复查意见 / 复核意见）' })
export class AnswerInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => ReplyOutcome)
  outcome!: ReplyOutcome;

  @Field(() => String, { description: '答复正文' })
  @Length(5, 20000)
  body!: string;

  @Field(() => Int, { nullable: true, description: '听证天数（仅复核，不计入期限）' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(90)
  hearingDays?: number;
}

@InputType({ description: '满意度评价（信访人评价，由受理人员代为记录）' })
export class RateCaseInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => Satisfaction)
  satisfaction!: Satisfaction;
}

@InputType({ description: '复查或复核申请（收到答复之日起30日内）' })
export class AppealRequestInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => String, { description: '申请理由' })
  @Length(2, 2000)
  reason!: string;
}

@InputType({ description: '督办' })
export class SuperviseCaseInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => String, { description: '督办事由' })
  @Length(2, 1000)
  reason!: string;

  @Field(() => Int, { nullable: true, description: '限期回复（日）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  respondByDays?: number;
}

@InputType({ description: '案件筛选' })
export class CaseFilterInput {
  @Field(() => [CaseStateEnum], { nullable: true })
  states?: CaseState[];

  @Field(() => String, { nullable: true, description: '责任单位' })
  @IsOptional()
  @Length(1, 64)
  departmentCode?: string;

  @Field(() => Boolean, { nullable: true, description: '仅超期案件' })
  overdueOnly?: boolean;
}
