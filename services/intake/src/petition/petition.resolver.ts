import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { hasRole } from '@petition/auth';

import type { IntakeContext } from '../context';
import { Category } from '../reference/category.model';
import { type PetitionerService } from '../petitioner/petitioner.service';
import { isAccusedUnit } from './access';
import { CheckDuplicatesInput, DeclinePetitionInput, PetitionFilter, RegisterPetitionInput, RoutePetitionInput } from './petition.input';
import { DuplicateCandidate, Petition, PetitionConnection, Petitioner, RegisterPetitionPayload, Routing } from './petition.model';
import { toPetition } from './petition.row';
import { type PetitionService } from './petition.service';
import { PetitionTracking, PROGRESS_LABELS, STATUS_LABELS } from './tracking.model';

@Resolver(() => Petition)
export class PetitionResolver {
  constructor(
    private readonly petitionService: PetitionService,
    private readonly petitionerService: PetitionerService,
  ) {}

  @Authorized('CLERK', 'SUPERVISOR')
  @Mutation(() => RegisterPetitionPayload, { description: '登记信访事项：返回查询码、查询密码和判重结果' })
  registerPetition(@Arg('input', () => RegisterPetitionInput) input: RegisterPetitionInput, @Ctx() ctx: IntakeContext) {
    return this.petitionService.register(ctx.caller, input);
  }

  @Authorized('CLERK', 'SUPERVISOR', 'LEADER')
  @Query(() => [DuplicateCandidate], { description: '判重：同一信访人、同一涉及单位、内容相似' })
  checkDuplicates(@Arg('input', () => CheckDuplicatesInput) input: CheckDuplicatesInput, @Ctx() ctx: IntakeContext) {
    return this.petitionService.checkDuplicates(ctx.caller, input);
  }

  @Authorized('CLERK', 'SUPERVISOR')
  @Mutation(() => Petition, { description: '关联为重复件：正在办理的事项不再另行受理' })
  linkAsRepeat(
    @Arg('petitionId', () => ID) petitionId: string,
    @Arg('originalPetitionId', () => ID) originalPetitionId: string,
    @Ctx() ctx: IntakeContext,
  ) {
    return this.petitionService.linkAsRepeat(ctx.caller, petitionId, originalPetitionId);
  }

  @Authorized('CLERK', 'SUPERVISOR')
  @Mutation(() => Petition, { description: '转送 (FORWARD) 或交办 (ASSIGN) 有权处理的单位' })
  routePetition(@Arg('input', () => RoutePetitionInput) input: RoutePetitionInput, @Ctx() ctx: IntakeContext) {
    return this.petitionService.route(ctx.caller, input);
  }

  @Authorized('CLERK', 'SUPERVISOR')
  @Mutation(() => Petition, { description: '不予受理，并告知信访人理由和法定途径' })
  declinePetition(@Arg('input', () => DeclinePetitionInput) input: DeclinePetitionInput, @Ctx() ctx: IntakeContext) {
    return this.petitionService.decline(ctx.caller, input);
  }

  @Authorized()
  @Query(() => Petition, { nullable: true, description: '按 id 查询信访件（仅限有权查看的）' })
  async petition(@Arg('id', () => ID) id: string, @Ctx() ctx: IntakeContext) {
    const row = await ctx.loaders.petition.load(id);
    return row ? toPetition(row, ctx.caller) : null;
  }

  @Authorized()
  @Query(() => PetitionConnection, { description: '信访件列表（按登记时间倒序，Relay 分页）' })
  petitions(
    @Ctx() ctx: IntakeContext,
    @Arg('filter', () => PetitionFilter, { nullable: true }) filter?: PetitionFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return this.petitionService.list(ctx.caller, filter, first, after);
  }

  @Query(() => PetitionTracking, { description: '信访人凭查询码和查询密码查询办理进展（无需登录）' })
  async trackPetition(@Arg('trackingNumber', () => String) trackingNumber: string, @Arg('accessCode', () => String) accessCode: string) {
    const { row, progress, routings } = await this.petitionService.track(trackingNumber.slice(0, 40), accessCode.slice(0, 40));
    return {
      trackingNumber: row.tracking_number,
      status: row.status,
      statusLabel: STATUS_LABELS[row.status] ?? row.status,
      registeredAt: row.registered_at,
      routingDueOn: row.routing_due_on,
      routings: routings.map((r: { mode: string; routed_at: Date; department_name: string }) => ({
        mode: r.mode,
        routedAt: r.routed_at,
        departmentName: r.department_name,
      })),
      progress: progress.map((p: { kind: string; at: Date; due_on: string | null; outcome: string | null }) => ({
        kind: p.kind,
        label: PROGRESS_LABELS[p.kind] ?? p.kind,
        at: p.at,
        dueOn: p.due_on,
        outcome: p.outcome,
      })),
    };
  }

  @FieldResolver(() => Category, { nullable: true })
  category(@Root() petition: Petition, @Ctx() ctx: IntakeContext) {
    return ctx.loaders.category.load(petition.categoryCode);
  }

  @FieldResolver(() => [Petitioner], { description: '信访人（脱敏；被检举单位不可见）' })
  async petitioners(@Root() petition: Petition, @Ctx() ctx: IntakeContext) {
    if (!hasRole(ctx.caller, 'CLERK', 'SUPERVISOR', 'LEADER', 'HANDLER', 'ADMIN')) return [];
    if (isAccusedUnit(ctx.caller, { nature: petition.nature, accused_department_code: petition.accusedDepartmentCode })) return [];
    return this.petitionerService.forPetition(petition.id);
  }

  @FieldResolver(() => [Routing], { description: '转送/交办记录' })
  routings(@Root() petition: Petition) {
    return this.petitionService.routings(petition.id);
  }

  @FieldResolver(() => Petition, { nullable: true, description: '重复件关联的原件' })
  async repeatOf(@Root() petition: Petition, @Ctx() ctx: IntakeContext) {
    if (!petition.repeatOfId) return null;
    const row = await ctx.loaders.petition.load(petition.repeatOfId);
    return row ? toPetition(row, ctx.caller) : null;
  }
}
