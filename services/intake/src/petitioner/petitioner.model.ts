import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: '信访人个人信息明文（revealPetitioner 返回；每次查看都记入审计日志）' })
export class RevealedPetitioner {
  @Field(() => ID)
  petitionerId!: string;

  @Field(() => String, { description: '姓名' })
  name!: string;

  @Field(() => String, { description: '身份证号' })
  idNumber!: string;

  @Field(() => String, { nullable: true, description: '联系电话' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: '住址' })
  address!: string | null;

  @Field(() => String, { nullable: true, description: '工作单位' })
  workUnit!: string | null;

  @Field(() => ID, { description: '本次查看的审计记录序号 (intake.audit_log.seq)' })
  auditSeq!: string;
}
