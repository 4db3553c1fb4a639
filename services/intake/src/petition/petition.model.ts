import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

import { createConnection } from '@petition/subgraph';

import { Category } from '../reference/category.model';
import {
  Channel,
  DeclineReason,
  DuplicateReason,
  Gender,
  LegalChannel,
  MatchedTermKind,
  Level,
  Nature,
  PetitionStatus,
  RoutingMode,
  VisitKind,
} from './enums';

@ObjectType({ description: '信访人（个人信息默认脱敏）' })
export class Petitioner {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: '姓名（脱敏）' })
  name!: string;

  @Field(() => String, { description: '身份证号（脱敏，如 110***********1234）' })
  idNumber!: string;

  @Field(() => Gender, { nullable: true })
  gender!: Gender | null;

  @Field(() => String, { nullable: true, description: '民族' })
  ethnicity!: string | null;

  @Field(() => String, { nullable: true, description: '联系电话（脱敏）' })
  phone!: string | null;

  @Field(() => Boolean, { description: '集体访代表' })
  isRepresentative!: boolean;
}

@ObjectType({ description: '转送/交办记录（首办责任：每次移交都有记录）' })
export class Routing {
  @Field(() => ID)
  id!: string;

  @Field(() => RoutingMode)
  mode!: RoutingMode;

  @Field(() => String, { description: '责任单位' })
  departmentCode!: string;

  @Field(() => String, { nullable: true, description: '牵头单位' })
  leadDepartmentCode!: string | null;

  @Field(() => [String], { description: '配合单位' })
  cooperatingDepartmentCodes!: string[];

  @Field(() => String, { nullable: true, description: '交办件办理结果报送期限' })
  resultDueOn!: string | null;

  @Field(() => Date)
  routedAt!: Date;

  @Field(() => Boolean, { description: '是否在15日内转送/交办' })
  withinDeadline!: boolean;

  @Field(() => Date, { nullable: true, description: '被退回时间' })
  returnedAt!: Date | null;

  @Field(() => String, { nullable: true, description: '退回理由' })
  returnReason!: string | null;
}

@ObjectType({ description: '不予受理决定' })
export class Decision {
  @Field(() => DeclineReason)
  reasonCode!: DeclineReason;

  @Field(() => String)
  reason!: string;

  @Field(() => LegalChannel, { nullable: true, description: '告知信访人的法定途径' })
  legalChannel!: LegalChannel | null;

  @Field(() => Date)
  decidedAt!: Date;
}

@ObjectType({ description: '信访事项 (信访件)' })
@Directive('@key(fields: "id")')
export class Petition {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: '查询码' })
  trackingNumber!: string;

  @Field(() => Channel)
  channel!: Channel;

  @Field(() => VisitKind)
  visitKind!: VisitKind;

  @Field(() => Int, { description: '人数 (人次)' })
  headcount!: number;

  @Field(() => Nature)
  nature!: Nature;

  @Field(() => String)
  categoryCode!: string;

  @Field(() => Category, { nullable: true })
  category?: Category | null;

  @Field(() => Level)
  level!: Level;

  @Field(() => Boolean, { description: '越级访' })
  skipLevel!: boolean;

  @Field(() => String, { description: '行政区划代码 (GB/T 2260)' })
  regionCode!: string;

  @Field(() => String, { nullable: true, description: '涉及单位' })
  involvedOrganization!: string | null;

  @Field(() => String, { nullable: true, description: '被检举控告单位（仅检举控告件）' })
  accusedDepartmentCode!: string | null;

  @Field(() => String, { nullable: true, description: '主要内容（检举控告件对被检举单位不可见）' })
  summary!: string | null;

  @Field(() => String, { nullable: true, description: '诉求' })
  demands!: string | null;

  @Field(() => PetitionStatus)
  status!: PetitionStatus;

  @Field(() => Date, { description: '收到时间（来信收件、来访接待时间）' })
  receivedAt!: Date;

  @Field(() => Date)
  registeredAt!: Date;

  @Field(() => String, { description: '转送/交办期限（登记后15日）' })
  routingDueOn!: string;

  @Field(() => String, { description: '期限计算依据' })
  routingDueRule!: string;

  @Field(() => ID, { nullable: true, description: '重复件所关联的原件' })
  repeatOfId!: string | null;

  @Field(() => Decision, { nullable: true })
  decision!: Decision | null;

  // Resolved by field resolvers (access rules apply).
  petitioners?: Petitioner[];
  routings?: Routing[];
}

export const PetitionConnection = createConnection(Petition, 'Petition');

@ObjectType({ description: '判重依据：两件共有的一项' })
export class MatchedTerm {
  @Field(() => MatchedTermKind)
  kind!: MatchedTermKind;

  @Field(() => String, { description: '按本件的写法' })
  term!: string;
}

@ObjectType({ description: '两件不一致的具体信息' })
export class SpecificConflict {
  @Field(() => String, { description: '年份、金额、人数、户数、面积、楼栋、单元、组别或月数' })
  label!: string;

  @Field(() => [String], { description: '本件所写' })
  values!: string[];

  @Field(() => [String], { description: '另一件所写' })
  otherValues!: string[];
}

@ObjectType({ description: '判重候选' })
export class DuplicateCandidate {
  @Field(() => Petition)
  petition!: Petition;

  @Field(() => Number, { description: '综合得分 0–1' })
  score!: number;

  @Field(() => Number, { description: '内容相似度 0–1' })
  textSimilarity!: number;

  @Field(() => [DuplicateReason])
  reasons!: DuplicateReason[];

  @Field(() => Boolean, { description: '同一信访人且内容相似：应关联为重复件 (linkAsRepeat)' })
  likelyRepeat!: boolean;

  @Field(() => [MatchedTerm], { description: '两件共有的地点、单位、事项、诉由和具体数字' })
  matchedTerms!: MatchedTerm[];

  @Field(() => [SpecificConflict], { description: '两件不一致的具体信息（年份、金额、楼栋等），是不同事项的迹象' })
  conflicts!: SpecificConflict[];
}

@ObjectType()
export class RegisterPetitionPayload {
  @Field(() => Petition)
  petition!: Petition;

  @Field(() => String, { description: '查询码，告知信访人' })
  trackingNumber!: string;

  @Field(() => String, { description: '查询密码，仅此一次返回，告知信访人' })
  accessCode!: string;

  @Field(() => [DuplicateCandidate], { description: '登记时的判重结果' })
  duplicateCandidates!: DuplicateCandidate[];
}
