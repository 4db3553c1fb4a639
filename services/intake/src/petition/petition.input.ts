import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

import { Channel, DeclineReason, Gender, LegalChannel, Level, Nature, PetitionStatus, RoutingMode, VisitKind } from './enums';

const DEPARTMENT_CODE = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;

@InputType({ description: '信访人' })
export class PetitionerInput {
  @Field(() => String)
  @Length(1, 50)
  name!: string;

  @Field(() => String, { description: '居民身份证号码（18位，GB 11643 校验）' })
  @Length(15, 25)
  idNumber!: string;

  @Field(() => Gender, { nullable: true })
  gender?: Gender;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  ethnicity?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[0-9+\- ]{5,20}$/)
  phone?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  address?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  workUnit?: string;

  @Field(() => Boolean, { nullable: true, description: '集体访代表（最多5人）' })
  isRepresentative?: boolean;
}

@InputType({ description: '登记信访事项' })
export class RegisterPetitionInput {
  @Field(() => Channel)
  channel!: Channel;

  @Field(() => VisitKind, { nullable: true, description: '不填时按人数判定（5人以上为集体访）' })
  visitKind?: VisitKind;

  @Field(() => Int, { nullable: true, description: '人数；集体访必填' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  headcount?: number;

  @Field(() => Nature)
  nature!: Nature;

  @Field(() => String, { description: '问题类别代码' })
  @Length(1, 64)
  categoryCode!: string;

  @Field(() => Level)
  level!: Level;

  @Field(() => Boolean, { nullable: true, description: '越级访' })
  skipLevel?: boolean;

  @Field(() => String, { description: '行政区划代码：区县6位（GB/T 2260），或精确到乡镇街道9位（热点按乡镇聚合）' })
  @Matches(/^\d{6}(\d{3})?$/)
  regionCode!: string;

  @Field(() => String, { nullable: true, description: '涉及单位（企业、机关、村居等）' })
  @IsOptional()
  @Length(1, 200)
  involvedOrganization?: string;

  @Field(() => String, { nullable: true, description: '检举控告件的被检举单位代码' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE)
  accusedDepartmentCode?: string;

  @Field(() => String, { description: '主要内容' })
  @Length(5, 5000)
  summary!: string;

  @Field(() => String, { description: '诉求' })
  @Length(1, 2000)
  demands!: string;

  @Field(() => Date, { nullable: true, description: '收到时间（来信收件日期），默认为登记时间' })
  receivedAt?: Date;

  @Field(() => [PetitionerInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  petitioners!: PetitionerInput[];
}

@InputType({ description: '判重：对已登记的信访件，或对待登记的内容' })
export class CheckDuplicatesInput {
  @Field(() => ID, { nullable: true, description: '已登记信访件；与下面的内容二选一' })
  petitionId?: string;

  @Field(() => [String], { nullable: true, description: '信访人身份证号' })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(15, 25, { each: true })
  idNumbers?: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  involvedOrganization?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  summary?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  demands?: string;

  @Field(() => String, {
    nullable: true,
    description: '事项所在行政区划代码（6位或9位）：相似内容只在同一地市（前4位）内查找；不填则在可见范围内查找',
  })
  @IsOptional()
  @Matches(/^\d{6}(\d{3})?$/)
  regionCode?: string;

  @Field(() => Int, { nullable: true, description: '最多返回条数（默认10）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

@InputType({ description: '转送或交办' })
export class RoutePetitionInput {
  @Field(() => ID)
  petitionId!: string;

  @Field(() => RoutingMode)
  mode!: RoutingMode;

  @Field(() => String, { description: '责任单位代码' })
  @Matches(DEPARTMENT_CODE)
  departmentCode!: string;

  @Field(() => String, { nullable: true, description: '牵头单位' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE)
  leadDepartmentCode?: string;

  @Field(() => [String], { nullable: true, description: '配合单位' })
  @IsOptional()
  @ArrayMaxSize(20)
  @Matches(DEPARTMENT_CODE, { each: true })
  cooperatingDepartmentCodes?: string[];

  @Field(() => Int, { nullable: true, description: '交办件办理结果报送期限（日），交办时必填' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  resultDays?: number;

  @Field(() => String, { nullable: true, description: '转送/交办意见' })
  @IsOptional()
  @MaxLength(1000)
  note?: string;
}

@InputType({ description: '不予受理' })
export class DeclinePetitionInput {
  @Field(() => ID)
  petitionId!: string;

  @Field(() => DeclineReason)
  reasonCode!: DeclineReason;

  @Field(() => String, { description: '书面告知的理由' })
  @Length(2, 1000)
  reason!: string;

  @Field(() => LegalChannel, { nullable: true, description: '应通过的法定途径（理由为 LEGAL_CHANNEL 时必填）' })
  legalChannel?: LegalChannel;
}

@InputType({ description: '信访件筛选' })
export class PetitionFilter {
  @Field(() => [PetitionStatus], { nullable: true })
  status?: PetitionStatus[];

  @Field(() => Channel, { nullable: true })
  channel?: Channel;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  categoryCode?: string;

  @Field(() => String, { nullable: true, description: '行政区划代码前缀' })
  @IsOptional()
  @Matches(/^\d{2,12}$/)
  regionPrefix?: string;

  @Field(() => Date, { nullable: true })
  registeredFrom?: Date;

  @Field(() => Date, { nullable: true })
  registeredTo?: Date;
}

@InputType()
export class DepartmentInput {
  @Field(() => String)
  @Matches(DEPARTMENT_CODE)
  code!: string;

  @Field(() => String)
  @Length(1, 100)
  name!: string;

  @Field(() => String)
  @Matches(/^\d{6}$/)
  regionCode!: string;
}

@InputType()
export class CategoryInput {
  @Field(() => String)
  @Matches(/^[A-Z][A-Z0-9_]{1,63}$/)
  code!: string;

  @Field(() => String)
  @Length(1, 50)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{1,63}$/)
  parentCode?: string;
}
