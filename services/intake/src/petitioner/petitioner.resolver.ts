import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';

import type { IntakeContext } from '../context';
import { RevealedPetitioner } from './petitioner.model';
import { REVEAL_ROLES, type PetitionerService } from './petitioner.service';

@Resolver(() => RevealedPetitioner)
export class PetitionerResolver {
  constructor(private readonly petitionerService: PetitionerService) {}

  // A mutation, not a query: every reveal writes an audit record.
  @Authorized(REVEAL_ROLES)
  @Mutation(() => RevealedPetitioner, {
    description: '查看信访人个人信息明文（仅登记、督办、领导角色；须填写4至500字的理由；记入审计日志；被检举单位不可查看）',
  })
  revealPetitioner(
    @Arg('petitionerId', () => ID, { description: '信访人 id（Petition.petitioners 的 id）' }) petitionerId: string,
    @Arg('reason', () => String, { description: '查看理由（记入审计日志）' }) reason: string,
    @Ctx() ctx: IntakeContext,
  ) {
    return this.petitionerService.reveal(ctx.caller, petitionerId, reason, ctx.requestId);
  }
}
