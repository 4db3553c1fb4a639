import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

import { enumFromValues } from '@petition/subgraph';

import { UNIT_LEVELS } from './schedule';

export const UnitLevelEnum = enumFromValues(UNIT_LEVELS as readonly ['VILLAGE', 'TOWNSHIP', 'DISTRICT']);
export const ReportTimeliness = enumFromValues(['ON_TIME', 'LATE', 'MISSING'] as const);
export const RiskItemStatus = enumFromValues(['OPEN', 'RESOLVED'] as const);

registerEnumType(UnitLevelEnum, {
  name: 'ScreeningUnitLevel',
  description: 'VILLAGE 村（社区）每周 / TOWNSHIP 乡镇（街道）每半月 / DISTRICT 区县每月',
});
registerEnumType(ReportTimeliness, { name: 'ReportTimeliness', description: 'ON_TIME 按时 / LATE 迟报 / MISSING 漏报' });
registerEnumType(RiskItemStatus, { name: 'RiskItemStatus', description: 'OPEN 未化解 / RESOLVED 已化解' });

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UNIT_CODE = /^\d{6}(\d{3}){0,2}$/;

@ObjectType({ description: '排查单位（村/社区、乡镇/街道、区县）' })
export class ScreeningUnit {
  @Field(() => String, { description: '行政区划代码（区县6位、乡镇9位、村12位）' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => UnitLevelEnum)
  level!: string;

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => Date, { description: '自此时起须按期报送' })
  reportingSince!: Date;
}

@ObjectType({ description: '敏感时期（期间每日报送）' })
export class SensitivePeriod {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  startsOn!: string;

  @Field(() => String)
  endsOn!: string;

  @Field(() => String, { description: '适用的行政区划代码前缀' })
  regionPrefix!: string;
}

@ObjectType({ description: '矛盾纠纷隐患' })
export class RiskItem {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  reportId!: string;

  @Field(() => String)
  unitCode!: string;

  @Field(() => String, { description: '问题' })
  issue!: string;

  @Field(() => String)
  categoryCode!: string;

  @Field(() => String, { description: '地点' })
  place!: string;

  @Field(() => Int, { description: '估计涉及人数' })
  estimatedPeople!: number;

  @Field(() => String, { nullable: true, description: '涉及单位' })
  organization!: string | null;

  @Field(() => String, { description: '稳控/化解措施' })
  measures!: string;

  @Field(() => String, { description: '责任人（干部）' })
  responsibleOfficial!: string;

  @Field(() => Boolean, { description: '有集体访苗头' })
  collectiveSignal!: boolean;

  @Field(() => RiskItemStatus)
  status!: string;

  @Field(() => String, { nullable: true, description: '承办人' })
  assignee!: string | null;

  @Field(() => ID, { nullable: true, description: '关联热点' })
  hotspotId!: string | null;

  @Field(() => ID, { nullable: true, description: '关联信访件' })
  petitionId!: string | null;

  @Field(() => String, { nullable: true, description: '化解情况' })
  resolution!: string | null;

  @Field(() => Date)
  reportedAt!: Date;

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;
}

@ObjectType({ description: '排查报告（含零报告）' })
export class ScreeningReport {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  unitCode!: string;

  @Field(() => String, { description: '报送期：W2026-W47 周 / H2026-11-1 半月 / M2026-11 月 / D2026-11-21 敏感时期日报' })
  periodKey!: string;

  @Field(() => Date)
  dueAt!: Date;

  @Field(() => Date)
  submittedAt!: Date;

  @Field(() => Boolean, { description: '零报告（本期未发现矛盾纠纷）' })
  zeroReport!: boolean;

  @Field(() => ReportTimeliness)
  timeliness!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => [RiskItem])
  riskItems!: RiskItem[];
}

@ObjectType({ description: '一个单位一期的报送情况' })
export class PeriodStatus {
  @Field(() => String)
  periodKey!: string;

  @Field(() => Date)
  dueAt!: Date;

  @Field(() => ReportTimeliness)
  timeliness!: string;

  @Field(() => Boolean, { nullable: true })
  zeroReport!: boolean | null;
}

@ObjectType({ description: '单位报送合规情况' })
export class UnitCompliance {
  @Field(() => ScreeningUnit)
  unit!: ScreeningUnit;

  @Field(() => Int, { description: '应报期数（截止时间已到）' })
  expected!: number;

  @Field(() => Int)
  onTime!: number;

  @Field(() => Int)
  late!: number;

  @Field(() => Int)
  missing!: number;

  @Field(() => Int, { description: '其中零报告' })
  zeroReports!: number;

  @Field(() => Int, { description: '上报隐患数' })
  riskItems!: number;

  @Field(() => Number, { nullable: true, description: '按时报送率（按时/应报，零报告计入）' })
  onTimeRate!: number | null;

  @Field(() => [PeriodStatus])
  periods!: PeriodStatus[];
}

@ObjectType({ description: '排查报送合规（按时、迟报、漏报）' })
export class ScreeningCompliance {
  @Field(() => String)
  from!: string;

  @Field(() => String)
  to!: string;

  @Field(() => Int)
  expected!: number;

  @Field(() => Int)
  onTime!: number;

  @Field(() => Int)
  late!: number;

  @Field(() => Int)
  missing!: number;

  @Field(() => Number, { nullable: true })
  onTimeRate!: number | null;

  @Field(() => [UnitCompliance])
  units!: UnitCompliance[];
}

@ObjectType({ description: '漏报检查结果' })
export class ScreeningScanResult {
  @Field(() => Int, { description: '新发现的漏报' })
  missed!: number;
}

@InputType({ description: '排查单位' })
export class ScreeningUnitInput {
  @Field(() => String, { description: '行政区划代码（区县6位、乡镇9位、村12位）' })
  @Matches(UNIT_CODE, { message: '单位代码须为6、9或12位行政区划代码' })
  code!: string;

  @Field(() => String)
  @Length(2, 60)
  name!: string;

  @Field(() => UnitLevelEnum)
  @IsIn(UNIT_LEVELS)
  level!: string;

  @Field(() => Boolean, { nullable: true, description: '停用后不再要求报送' })
  @IsOptional()
  active?: boolean;

  @Field(() => Date, { nullable: true, description: '自此时起须报送（默认：现在）' })
  @IsOptional()
  reportingSince?: Date;
}

@InputType({ description: '敏感时期' })
export class SensitivePeriodInput {
  @Field(() => String, { description: '名称，如“国庆期间”' })
  @Length(2, 60)
  name!: string;

  @Field(() => String)
  @Matches(DAY, { message: '日期格式须为YYYY-MM-DD' })
  startsOn!: string;

  @Field(() => String)
  @Matches(DAY, { message: '日期格式须为YYYY-MM-DD' })
  endsOn!: string;

  @Field(() => String, { description: '适用的行政区划代码前缀（须在本人辖区内）' })
  @Matches(/^\d{2,12}$/, { message: '行政区划代码前缀须为2至12位数字' })
  regionPrefix!: string;
}

@InputType({ description: '隐患' })
export class RiskItemInput {
  @Field(() => String, { description: '问题' })
  @Length(4, 500)
  issue!: string;

  @Field(() => String)
  @Length(1, 64)
  categoryCode!: string;

  @Field(() => String, { description: '地点' })
  @Length(2, 200)
  place!: string;

  @Field(() => Int, { description: '估计涉及人数' })
  @IsInt()
  @Min(0)
  @Max(1000000)
  estimatedPeople!: number;

  @Field(() => String, { nullable: true, description: '涉及单位' })
  @IsOptional()
  @Length(2, 200)
  organization?: string;

  @Field(() => String, { description: '稳控/化解措施' })
  @Length(2, 1000)
  measures!: string;

  @Field(() => String, { description: '责任人（干部）' })
  @Length(2, 60)
  responsibleOfficial!: string;

  @Field(() => Boolean, { nullable: true, description: '有集体访苗头（如集资赴京）' })
  @IsOptional()
  collectiveSignal?: boolean;
}

@InputType({ description: '排查报告' })
export class ScreeningReportInput {
  @Field(() => String)
  @Matches(UNIT_CODE, { message: '单位代码须为6、9或12位行政区划代码' })
  unitCode!: string;

  @Field(() => String, { nullable: true, description: '报送期（默认：当前一期）' })
  @IsOptional()
  @Length(1, 32)
  periodKey?: string;

  @Field(() => [RiskItemInput], { description: '发现的隐患（至少一项；未发现请报零报告）' })
  @ArrayMinSize(1, { message: '至少填写一项隐患；未发现矛盾纠纷请报零报告' })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  riskItems!: RiskItemInput[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 2000)
  note?: string;
}

@InputType({ description: '零报告（本期未发现矛盾纠纷）' })
export class ZeroReportInput {
  @Field(() => String)
  @Matches(UNIT_CODE, { message: '单位代码须为6、9或12位行政区划代码' })
  unitCode!: string;

  @Field(() => String, { nullable: true, description: '报送期（默认：当前一期）' })
  @IsOptional()
  @Length(1, 32)
  periodKey?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 2000)
  note?: string;
}

@InputType({ description: '统计区间（按截止日计）' })
export class PeriodInput {
  @Field(() => String)
  @Matches(DAY, { message: '日期格式须为YYYY-MM-DD' })
  from!: string;

  @Field(() => String)
  @Matches(DAY, { message: '日期格式须为YYYY-MM-DD' })
  to!: string;
}

@InputType({ description: '合规筛选' })
export class ComplianceFilterInput {
  @Field(() => UnitLevelEnum, { nullable: true })
  @IsOptional()
  @IsIn(UNIT_LEVELS)
  level?: string;

  @Field(() => String, { nullable: true, description: '单位代码前缀' })
  @IsOptional()
  @Matches(/^\d{2,12}$/, { message: '行政区划代码前缀须为2至12位数字' })
  unitPrefix?: string;
}

@InputType({ description: '隐患筛选' })
export class RiskItemFilterInput {
  @Field(() => String, { nullable: true, description: '单位代码前缀' })
  @IsOptional()
  @Matches(/^\d{2,12}$/, { message: '行政区划代码前缀须为2至12位数字' })
  unitPrefix?: string;

  @Field(() => RiskItemStatus, { nullable: true })
  @IsOptional()
  @IsIn(['OPEN', 'RESOLVED'])
  status?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  hotspotId?: string;

  @Field(() => Int, { nullable: true, description: '最多返回条数（默认50，最多200）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

@InputType({ description: '关联隐患与热点/信访件' })
export class LinkRiskItemInput {
  @Field(() => ID)
  riskItemId!: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  hotspotId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  petitionId?: string;
}

@InputType({ description: '化解隐患' })
export class ResolveRiskItemInput {
  @Field(() => ID)
  riskItemId!: string;

  @Field(() => String, { description: '化解情况' })
  @Length(4, 1000)
  resolution!: string;
}

@InputType({ description: '交办隐患' })
export class AssignRiskItemInput {
  @Field(() => ID)
  riskItemId!: string;

  @Field(() => String, { description: '承办人或承办单位' })
  @Length(2, 60)
  assignee!: string;
}
