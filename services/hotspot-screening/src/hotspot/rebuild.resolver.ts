import { Authorized, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';

import type { RebuildReport } from './rebuild';

@ObjectType({ description: '投影表的重建比对' })
class RebuildTable {
  @Field(() => String)
  table!: string;

  @Field(() => Int)
  liveRows!: number;

  @Field(() => Int)
  rebuiltRows!: number;

  @Field(() => Boolean)
  identical!: boolean;
}

@ObjectType({ description: '从事件流重建热点投影并与现状逐行比对' })
class RebuildCheck {
  @Field(() => Int, { description: '重放的事件数' })
  events!: number;

  @Field(() => Boolean, { description: '与现状完全一致' })
  identical!: boolean;

  @Field(() => [RebuildTable])
  tables!: RebuildTable[];
}

@Resolver()
export class RebuildResolver {
  constructor(private readonly verify: () => Promise<RebuildReport>) {}

  @Authorized('ADMIN')
  @Mutation(() => RebuildCheck, {
    description: '从 intake、case 事件流重建热点投影到临时 schema，与现状逐行比对（宜在消费追平后运行）',
  })
  verifyHotspotRebuild() {
    return this.verify();
  }
}
