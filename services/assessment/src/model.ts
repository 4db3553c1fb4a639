import { ArrayMaxSize, IsIn, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

import { CHANNELS, LEVELS, NATURES, VISIT_KINDS } from '@petition/events';
import { enumFromValues } from '@petition/subgraph';

import { DIMENSIONS } from './stats/stats.service';

export const StatsDimensionEnum = enumFromValues(DIMENSIONS);
registerEnumType(StatsDimensionEnum, {
  name: 'StatsDimension',
  description:
    'LEVEL 层级 / VISIT_KIND 个体或集体 / CATEGORY 问题类别 / REGION 行政区划 / DEPARTMENT 责任单位 / MONTH 月份 / CHANNEL 渠道 / NATURE 性质',
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

@InputType('StatsPeriodInput', { description: '统计期间：month、quarter、half、year 或 from/to 之一' })
export class PeriodInput {
  @Field(() => String, { nullable: true, description: '月，如 2025-06' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}$/, { message: 'month 格式为 YYYY-MM' })
  month?: string;

  @Field(() => String, { nullable: true, description: '季度，如 2025-Q2' })
  @IsOptional()
  @Matches(/^\d{4}-Q[1-4]$/, { message: 'quarter 格式为 YYYY-Q1…Q4' })
  quarter?: string;

  @Field(() => String, { nullable: true, description: '半年，如 2025-H1' })
  @IsOptional()
  @Matches(/^\d{4}-H[12]$/, { message: 'half 格式为 YYYY-H1 或 YYYY-H2' })
  half?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(DAY, { message: 'from 格式为 YYYY-MM-DD' })
  from?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(DAY, { message: 'to 格式为 YYYY-MM-DD' })
  to?: string;
}

@InputType('StatsFilterInput')
export class StatsFilterInput {
  @Field(() => String, { nullable: true, description: '行政区划前缀（默认本辖区）' })
  @IsOptional()
  @Matches(/^\d{0,12}$/, { message: '行政区划前缀须为数字' })
  regionPrefix?: string;

  @Field(() => Int, { nullable: true, description: '按 REGION 分组时保留的位数：6 区县、9 乡镇、12 村（默认6）' })
  @IsOptional()
  @IsIn([6, 9, 12])
  regionDigits?: number;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsIn(LEVELS, { each: true })
  levels?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsIn(VISIT_KINDS, { each: true })
  visitKinds?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @Length(1, 64, { each: true })
  categoryCodes?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsIn(CHANNELS, { each: true })
  channels?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsIn(NATURES, { each: true })
  natures?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @Length(1, 64, { each: true })
  departmentCodes?: string[];
}

@ObjectType('StatsPeriod', { description: '统计期间' })
export class PeriodOut {
  @Field(() => String)
  from!: string;

  @Field(() => String)
  to!: string;

  @Field(() => String)
  label!: string;
}

@ObjectType('StatsKey', { description: '分组键（未分组的维度为 null）' })
export class StatsKeyOut {
  @Field(() => String, { nullable: true })
  level!: string | null;

  @Field(() => String, { nullable: true })
  visitKind!: string | null;

  @Field(() => String, { nullable: true })
  category!: string | null;

  @Field(() => String, { nullable: true })
  region!: string | null;

  @Field(() => String, { nullable: true })
  department!: string | null;

  @Field(() => String, { nullable: true })
  month!: string | null;

  @Field(() => String, { nullable: true })
  channel!: string | null;

  @Field(() => String, { nullable: true })
  nature!: string | null;
}

@ObjectType('StatsRow', { description: '一组的批次、人次、占比与同比' })
export class StatsRowOut {
  @Field(() => StatsKeyOut)
  key!: StatsKeyOut;

  @Field(() => Int, { description: '批次' })
  batches!: number;

  @Field(() => Int, { description: '人次' })
  people!: number;

  @Field(() => Float, { nullable: true, description: '占本期批次的百分比（一位小数）' })
  share!: number | null;

  @Field(() => Int, { nullable: true, description: '去年同期批次' })
  previousBatches!: number | null;

  @Field(() => Int, { nullable: true })
  previousPeople!: number | null;

  @Field(() => Float, { nullable: true, description: '批次同比（%，一位小数；去年为0时为 null）' })
  batchesChange!: number | null;

  @Field(() => Float, { nullable: true })
  peopleChange!: number | null;
}

@ObjectType('PetitionStats', { description: '信访统计（只有批次和人次，没有任何个人）' })
export class PetitionStatsOut {
  @Field(() => PeriodOut)
  period!: PeriodOut;

  @Field(() => PeriodOut, { nullable: true, description: '去年同期（期间超过一年时不比较）' })
  previousPeriod!: PeriodOut | null;

  @Field(() => StatsRowOut)
  total!: StatsRowOut;

  @Field(() => [StatsRowOut])
  rows!: StatsRowOut[];
}

@InputType('IndicatorUnitInput', { description: '考核单位：行政区划前缀，或再加责任单位' })
export class IndicatorUnitInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{0,12}$/, { message: '行政区划前缀须为数字' })
  regionPrefix?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  departmentCode?: string;
}

@ObjectType('Indicator', { description: '指标（含定义、分子、分母）' })
export class IndicatorOut {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  definition!: string;

  @Field(() => Int)
  numerator!: number;

  @Field(() => Int, { nullable: true })
  denominator!: number | null;

  @Field(() => Float, { nullable: true, description: '百分比，一位小数' })
  value!: number | null;
}

@ObjectType('RuleSet', { description: '考核规则（有版本）' })
export class RuleSetOut {
  @Field(() => String)
  code!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: '规则定义（JSON）' })
  definition!: string;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('Deduction', { description: '扣分项，可追溯到引起它的事件' })
export class DeductionOut {
  @Field(() => String, { description: 'PETITION / MISSED_REPORT / VETO' })
  reason!: string;

  @Field(() => Float)
  points!: number;

  @Field(() => String)
  note!: string;

  @Field(() => [ID], { description: '引起扣分的事件 id' })
  eventIds!: string[];

  @Field(() => ID, { nullable: true })
  petitionId!: string | null;
}

@ObjectType('RankingRow')
export class RankingRowOut {
  @Field(() => Int)
  rank!: number;

  @Field(() => String)
  unitCode!: string;

  @Field(() => Float)
  score!: number;

  @Field(() => Float)
  deductions!: number;

  @Field(() => Boolean, { description: '一票否决' })
  veto!: boolean;

  @Field(() => [DeductionOut])
  items!: DeductionOut[];
}

@ObjectType('Ranking', { description: '排名' })
export class RankingOut {
  @Field(() => RuleSetOut)
  ruleSet!: RuleSetOut;

  @Field(() => PeriodOut)
  period!: PeriodOut;

  @Field(() => String)
  regionPrefix!: string;

  @Field(() => [RankingRowOut])
  rows!: RankingRowOut[];
}

@ObjectType('Bulletin', { description: '信访工作通报' })
export class BulletinOut {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  regionPrefix!: string;

  @Field(() => String)
  periodFrom!: string;

  @Field(() => String)
  periodTo!: string;

  @Field(() => Date)
  publishedAt!: Date;

  @Field(() => String, { description: '结构化数据（JSON）' })
  data!: string;

  @Field(() => String, { description: '可打印的 HTML 文档' })
  html!: string;
}

@ObjectType('AssessmentRebuildReport', { description: '重建核对：从事件流重建读模型并与现有读模型逐表比较' })
export class AssessmentRebuildReport {
  @Field(() => Int)
  events!: number;

  @Field(() => Boolean)
  identical!: boolean;

  @Field(() => [String], { description: '不一致的表' })
  differing!: string[];
}
