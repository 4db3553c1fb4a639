import { Directive, Field, ObjectType } from 'type-graphql';

@ObjectType({ description: '问题类别（可配置的树）' })
export class Category {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  parentCode!: string | null;
}

@ObjectType({ description: '单位（责任单位、牵头单位、配合单位）' })
@Directive('@key(fields: "code")')
export class Department {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: '所属行政区划代码' })
  regionCode!: string;
}
