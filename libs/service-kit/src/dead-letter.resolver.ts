import { Arg, Authorized, Directive, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { DataSource } from 'typeorm';

import type { InboxConsumer } from '@petition/events';
import { EventValidationError, listDeadLetters, replayDeadLetter } from '@petition/events';
import { CodedError, isUuid } from '@petition/subgraph';

@ObjectType({ description: '死信：多次处理失败或格式无效的事件（仅管理员可见）' })
@Directive('@shareable')
export class DeadLetter {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  eventId!: string | null;

  @Field(() => String)
  subject!: string;

  @Field(() => String, { nullable: true })
  type!: string | null;

  @Field(() => String)
  error!: string;

  @Field(() => Int)
  deliveries!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  replayedAt!: Date | null;
}

@ObjectType({ description: '死信重放结果' })
@Directive('@shareable')
export class DeadLetterReplay {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'applied 已生效 / duplicate 此前已生效 / wait 仍在等待前序事件' })
  outcome!: string;
}

export interface DeadLetterSource {
  dataSource: DataSource;
  schema: string;
  /** The consumer of an event's source stream, which replays it (created after the schema, hence a getter). */
  consumer: (source: string) => InboxConsumer | undefined;
}

/**
 * `<service>DeadLetters` and `replay<Service>DeadLetter` for ADMINs. Root fields carry the service
 * name because every subgraph has its own dead-letter table.
 */
export function createDeadLetterResolver(service: string) {
  const Service = service[0].toUpperCase() + service.slice(1);

  @Resolver()
  class DeadLetterResolver {
    constructor(private readonly source: DeadLetterSource) {}

    @Authorized('ADMIN')
    @Query(() => [DeadLetter], { name: `${service}DeadLetters`, description: `${service} 服务的死信（最新在前）` })
    deadLetters(@Arg('limit', () => Int, { nullable: true }) limit?: number) {
      const { dataSource, schema } = this.source;
      if (limit !== undefined && (limit < 1 || limit > 500))
        throw new CodedError('BAD_USER_INPUT', 'limit 须在1到500之间', { field: 'limit' });
      return listDeadLetters(dataSource, schema, limit ?? 100);
    }

    @Authorized('ADMIN')
    @Mutation(() => DeadLetterReplay, {
      name: `replay${Service}DeadLetter`,
      description: '修复原因后重放一条死信（收件箱保证至多生效一次）',
    })
    async replayDeadLetter(@Arg('id', () => ID) id: string) {
      const { dataSource, schema, consumer } = this.source;
      if (!isUuid(id)) throw new CodedError('NOT_FOUND', '死信不存在', { field: 'id' });
      const result = await replayDeadLetter(consumer, dataSource, schema, id).catch((error: Error) => {
        if (error instanceof EventValidationError) throw new CodedError('BAD_USER_INPUT', '该死信不是有效事件，无法重放', { field: 'id' });
        throw error;
      });
      if (!result.found) throw new CodedError('NOT_FOUND', '死信不存在', { field: 'id' });
      return { id, outcome: result.outcome };
    }
  }
  return DeadLetterResolver;
}
