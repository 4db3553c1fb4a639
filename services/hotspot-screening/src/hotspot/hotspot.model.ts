import { IsIn, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

import { LEVELS } from '@petition/events';
import { createConnection, enumFromValues } from '@petition/subgraph';

import { ALERT_RULES, HOTSPOT_KINDS, JOIN_REASONS } from './rules';

export const HotspotKind = enumFromValues(HOTSPOT_KINDS);
export const JoinReason = enumFromValues(JOIN_REASONS);
export const AlertRuleEnum = enumFromValues(ALERT_RULES);
export const AlertStatus = enumFromValues(['RAISED', 'ACKNOWLEDGED', 'OWNED', 'CLEARED'] as const);
export type AlertStatus = keyof typeof AlertStatus;
export const Level = enumFromValues(LEVELS);

registerEnumType(HotspotKind, {
  name: 'HotspotKind',
  description:
    '热点的聚合依据：SINGLE 单件 / REPEAT 重复件 / ORGANIZATION 同一单位 / SIMILAR_TEXT 诉求相近 / PLACE_CATEGORY 同一乡镇同类问题',
});
registerEnumType(JoinReason, { name: 'JoinReason', description: '信访件归入热点的依据（FOUNDER：首件）' });
registerEnumType(AlertRuleEnum, {
  name: 'AlertRule',
  description: 'HIGH_LEVEL 赴省进京 / COLLECTIVE_VISITS 集体访 / PETITION_COUNT 件数增长 / SURGE 地区同类问题突增',
});
registerEnumType(AlertStatus, {
  name: 'AlertStatus',
  description: 'RAISED 已预警 → ACKNOWLEDGED 已签收 → OWNED 领导包案 → CLEARED 已解除',
});
registerEnumType(Level, { name: 'HotspotLevel', description: '来访层级' });

@ObjectType({ description: '信访件（由 intake 子图提供）' })
@Directive('@key(fields: "id")')
export class Petition {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: '热点的实时数字（只有件、批、人次，没有任何个人）' })
export class HotspotFigures {
  @Field(() => Int, { description: '信访件数' })
  petitions!: number;

  @Field(() => Int, { description: '人次' })
  headcount!: number;

  @Field(() => Int, { description: '集体访批次' })
  collectiveVisits!: number;

  @Field(() => Int, { description: '越级访批次' })
  skipLevelVisits!: number;

  @Field(() => Int, { description: '重复件数' })
  repeatPetitions!: number;

  @Field(() => Level, { description: '到达的最高层级' })
  highestLevel!: string;

  @Field(() => Int, { description: '近7日件数' })
  last7Days!: number;

  @Field(() => Int, { description: '近30日件数' })
  last30Days!: number;

  @Field(() => Float, { description: '基线：此前4周的周均件数（第8至35日）' })
  baselineWeekly!: number;

  @Field(() => Float, { nullable: true, description: '增长：近7日件数相对基线的变化（0.5 = +50%）；无基线时为空' })
  growth!: number | null;

  @Field(() => Int, { description: '在办案件数' })
  openCases!: number;

  @Field(() => Int, { description: '已办结案件数' })
  closedCases!: number;

  @Field(() => Int, { description: '尚未了结的信访件数（未办结且未不予受理）' })
  unsettledPetitions!: number;
}

@ObjectType({ description: '热点预警' })
export class Alert {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  hotspotId!: string;

  @Field(() => AlertRuleEnum)
  rule!: string;

  @Field(() => String, { description: '触发说明' })
  description!: string;

  @Field(() => AlertStatus)
  status!: AlertStatus;

  @Field(() => Date)
  raisedAt!: Date;

  @Field(() => Int, { description: '预警时的件数' })
  petitionsAtRaise!: number;

  @Field(() => Int, { description: '预警时的人次' })
  headcountAtRaise!: number;

  @Field(() => Date, { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => String, { nullable: true, description: '包案领导' })
  ownerName!: string | null;

  @Field(() => String, { nullable: true, description: '包案领导职务' })
  ownerTitle!: string | null;

  @Field(() => Date, { nullable: true })
  ownedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  clearedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'CASES_CLOSED 案件全部办结 / MANUAL 人工解除' })
  clearedReason!: string | null;

  @Field(() => String, { nullable: true, description: '人工解除说明' })
  clearNote!: string | null;
}

@ObjectType({ description: '热点：同一问题、同一单位或同一地方的一组信访件（关于事，不关于人）' })
@Directive('@key(fields: "id")')
export class Hotspot {
  @Field(() => ID)
  id!: string;

  @Field(() => HotspotKind)
  kind!: string;

  @Field(() => String, { description: '名称（单位名称，或地区与问题类别）' })
  label!: string;

  @Field(() => String, { description: '首件所在行政区划代码' })
  regionCode!: string;

  @Field(() => String, { description: '首件问题类别' })
  categoryCode!: string;

  @Field(() => String, { nullable: true, description: '涉及单位' })
  involvedOrganization!: string | null;

  @Field(() => Date)
  firstPetitionAt!: Date;

  @Field(() => Date)
  lastPetitionAt!: Date;

  figures?: HotspotFigures;
}

export const HotspotConnection = createConnection(Hotspot, 'HotspotConnection');

@ObjectType({ description: '热点中的一件信访件及其归入依据' })
export class HotspotMember {
  @Field(() => Petition)
  petition!: Petition;

  @Field(() => JoinReason)
  joinedBy!: string;

  @Field(() => Float, { nullable: true, description: '诉求文本相似度（按 SIMILAR_TEXT 归入时）' })
  similarity!: number | null;

  @Field(() => Date)
  registeredAt!: Date;
}

@InputType({ description: '热点筛选' })
export class HotspotFilterInput {
  @Field(() => String, { nullable: true, description: '行政区划代码前缀（热点中有该地区的信访件）' })
  @IsOptional()
  @Matches(/^\d{2,12}$/, { message: '行政区划代码前缀须为2至12位数字' })
  regionPrefix?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  categoryCode?: string;

  @Field(() => Int, { nullable: true, description: '最少件数（默认2：单件不算热点）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  minPetitions?: number;

  @Field(() => Boolean, { nullable: true, description: '只看有未解除预警的' })
  @IsOptional()
  alerting?: boolean;

  @Field(() => Date, { nullable: true, description: '最近一件不早于此时' })
  @IsOptional()
  activeSince?: Date;
}

@InputType({ description: '预警筛选' })
export class AlertFilterInput {
  @Field(() => [AlertStatus], { nullable: true })
  @IsOptional()
  @IsIn(Object.keys(AlertStatus), { each: true })
  statuses?: AlertStatus[];

  @Field(() => String, { nullable: true, description: '行政区划代码前缀' })
  @IsOptional()
  @Matches(/^\d{2,12}$/, { message: '行政区划代码前缀须为2至12位数字' })
  regionPrefix?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  hotspotId?: string;

  @Field(() => Date, { nullable: true, description: '预警时间不早于' })
  @IsOptional()
  raisedSince?: Date;

  @Field(() => Int, { nullable: true, description: '最多返回条数（默认50，最多200）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

@InputType({ description: '领导包案' })
export class AssignAlertOwnerInput {
  @Field(() => ID)
  alertId!: string;

  @Field(() => String, { description: '包案领导姓名' })
  @Length(2, 40)
  ownerName!: string;

  @Field(() => String, { description: '职务，如“副区长”' })
  @Length(2, 60)
  ownerTitle!: string;

  @Field(() => String, { nullable: true, description: '工作要求' })
  @IsOptional()
  @Length(0, 500)
  note?: string;
}

@InputType({ description: '人工解除预警' })
export class ClearAlertInput {
  @Field(() => ID)
  alertId!: string;

  @Field(() => String, { description: '解除说明（如何在源头化解）' })
  @Length(4, 1000)
  note!: string;
}
