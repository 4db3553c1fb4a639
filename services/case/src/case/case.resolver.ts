import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { CodedError } from '@petition/subgraph';

import type { CaseContext } from '../context';
import {
  AnswerInput,
  AppealRequestInput,
  CaseFilterInput,
  ExtendCaseDeadlineInput,
  RateCaseInput,
  ReturnCaseInput,
  SuperviseCaseInput,
} from './case.input';
import { Appeal, Case, CaseConnection, Deadline, OverdueScanResult, Reply, Supervision, TimelineEntry } from './case.model';
import type { DeadlineRow } from './case.row';
import { type CaseService, DECISION_KINDS as DECISION_KIND_LIST, toCase } from './case.service';

const DECISION_KINDS = new Set<string>(DECISION_KIND_LIST);

@Resolver(() => Case)
export class CaseResolver {
  constructor(private readonly caseService: CaseService) {}

  @Authorized()
  @Query(() => Case, { nullable: true, description: '按 id 查询案件（仅限有权查看的）' })
  async case(@Arg('id', () => ID) id: string, @Ctx() ctx: CaseContext) {
    const row = await ctx.loaders.case.load(id);
    return row ? toCase(row) : null;
  }

  @Authorized()
  @Query(() => CaseConnection, { description: '案件列表（按收到时间倒序，Relay 分页）' })
  cases(
    @Ctx() ctx: CaseContext,
    @Arg('filter', () => CaseFilterInput, { nullable: true }) filter?: CaseFilterInput,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return this.caseService.list(ctx.caller, filter ?? {}, first, after);
  }

  @Authorized()
  @Query(() => CaseConnection, { description: '超期案件' })
  overdueCases(
    @Ctx() ctx: CaseContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return this.caseService.list(ctx.caller, { overdueOnly: true }, first, after);
  }

  @Authorized('HANDLER')
  @Mutation(() => Case, { description: '受理（收到之日起15日内）' })
  acceptCase(@Arg('caseId', () => ID) caseId: string, @Ctx() ctx: CaseContext) {
    return this.caseService.accept(ctx.caller, caseId);
  }

  @Authorized('HANDLER')
  @Mutation(() => Case, { description: '退回（不属本单位职责，5个工作日内）' })
  returnCase(@Arg('input', () => ReturnCaseInput) input: ReturnCaseInput, @Ctx() ctx: CaseContext) {
    return this.caseService.returnCase(ctx.caller, input.caseId, input.reason.trim());
  }

  @Authorized('HANDLER')
  @Mutation(() => Case, { description: '延长办理期限（一次，最多30日）' })
  extendCaseDeadline(@Arg('input', () => ExtendCaseDeadlineInput) input: ExtendCaseDeadlineInput, @Ctx() ctx: CaseContext) {
    return this.caseService.extend(ctx.caller, input.caseId, input.days, input.reason.trim());
  }

  @Authorized('HANDLER')
  @Mutation(() => Case, { description: '出具答复意见书（受理后60日内）' })
  replyToCase(@Arg('input', () => AnswerInput) input: AnswerInput, @Ctx() ctx: CaseContext) {
    return this.caseService.reply(ctx.caller, input.caseId, input.outcome, input.body.trim());
  }

  @Authorized('CLERK', 'SUPERVISOR')
  @Mutation(() => Case, { description: '记录信访人对最近一次答复的满意度评价' })
  rateCase(@Arg('input', () => RateCaseInput) input: RateCaseInput, @Ctx() ctx: CaseContext) {
    return this.caseService.rate(ctx.caller, input.caseId, input.satisfaction);
  }

  @Authorized('CLERK', 'SUPERVISOR')
  @Mutation(() => Case, { description: '复查申请（收到答复之日起30日内）' })
  requestReview(@Arg('input', () => AppealRequestInput) input: AppealRequestInput, @Ctx() ctx: CaseContext) {
    return this.caseService.requestReview(ctx.caller, input.caseId, input.reason.trim());
  }

  @Authorized('SUPERVISOR', 'LEADER')
  @Mutation(() => Case, { description: '作出复查意见（30日内）' })
  decideReview(@Arg('input', () => AnswerInput) input: AnswerInput, @Ctx() ctx: CaseContext) {
    if (input.hearingDays) throw new CodedError('BAD_USER_INPUT', '听证（不计入期限）仅适用于复核', { field: 'hearingDays' });
    return this.caseService.decideReview(ctx.caller, input.caseId, input.outcome, input.body.trim());
  }

  @Authorized('CLERK', 'SUPERVISOR')
  @Mutation(() => Case, { description: '复核申请（收到复查意见之日起30日内）' })
  requestReReview(@Arg('input', () => AppealRequestInput) input: AppealRequestInput, @Ctx() ctx: CaseContext) {
    return this.caseService.requestReReview(ctx.caller, input.caseId, input.reason.trim());
  }

  @Authorized('SUPERVISOR', 'LEADER')
  @Mutation(() => Case, { description: '作出复核意见（30日内，听证不计），复核后不再受理' })
  decideReReview(@Arg('input', () => AnswerInput) input: AnswerInput, @Ctx() ctx: CaseContext) {
    return this.caseService.decideReReview(ctx.caller, input.caseId, input.outcome, input.body.trim(), input.hearingDays ?? 0);
  }

  @Authorized('SUPERVISOR', 'LEADER')
  @Mutation(() => Case, { description: '下发督办通知' })
  superviseCase(@Arg('input', () => SuperviseCaseInput) input: SuperviseCaseInput, @Ctx() ctx: CaseContext) {
    return this.caseService.supervise(ctx.caller, input.caseId, input.reason.trim(), input.respondByDays);
  }

  @Authorized('SUPERVISOR', 'ADMIN')
  @Mutation(() => OverdueScanResult, { description: '立即运行超期扫描（平时按配置周期自动运行）' })
  runOverdueScan() {
    return this.caseService.scanOverdue();
  }

  @FieldResolver(() => [Deadline], { description: '期限及计算依据' })
  async deadlines(@Root() c: Case, @Ctx() ctx: CaseContext) {
    const now = this.caseService.now().getTime();
    const rows = (await ctx.loaders.children.deadline.load(c.id)) as unknown as DeadlineRow[];
    return rows.map((d) => ({
      kind: d.kind,
      dueOn: d.due_on,
      dueAt: d.due_at,
      rule: d.rule,
      status: d.status,
      metAt: d.met_at,
      overdue: DECISION_KINDS.has(d.kind) && (d.status === 'OPEN' ? now > new Date(d.due_at).getTime() : !!d.met_at && d.met_at > d.due_at),
    }));
  }

  @FieldResolver(() => Boolean, { description: '当前有超期未完成的期限' })
  async overdue(@Root() c: Case, @Ctx() ctx: CaseContext) {
    const now = this.caseService.now().getTime();
    const rows = (await ctx.loaders.children.deadline.load(c.id)) as unknown as DeadlineRow[];
    return rows.some((d) => d.status === 'OPEN' && DECISION_KINDS.has(d.kind) && now > new Date(d.due_at).getTime());
  }

  @FieldResolver(() => [Reply])
  async replies(@Root() c: Case, @Ctx() ctx: CaseContext) {
    const rows = await ctx.loaders.children.reply.load(c.id);
    return rows.map((r: Record<string, unknown>) => ({
      stage: r.stage,
      outcome: r.outcome,
      body: r.body,
      repliedAt: r.replied_at,
      onTime: r.on_time,
      satisfaction: r.satisfaction,
    }));
  }

  @FieldResolver(() => [Appeal])
  async appeals(@Root() c: Case, @Ctx() ctx: CaseContext) {
    const rows = await ctx.loaders.children.appeal.load(c.id);
    return rows.map((r: Record<string, unknown>) => ({
      stage: r.stage,
      requestedAt: r.requested_at,
      reason: r.reason,
      hearingDays: r.hearing_days,
      decidedAt: r.decided_at,
    }));
  }

  @FieldResolver(() => [Supervision])
  async supervisions(@Root() c: Case, @Ctx() ctx: CaseContext) {
    const rows = await ctx.loaders.children.supervision.load(c.id);
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id,
      issuedAt: r.issued_at,
      issuedBy: r.issued_by,
      reason: r.reason,
      respondBy: r.respond_by,
    }));
  }

  @FieldResolver(() => [TimelineEntry], { description: '办理过程（谁、何时、做了什么）' })
  async timeline(@Root() c: Case, @Ctx() ctx: CaseContext) {
    const rows = await ctx.loaders.children.timeline.load(c.id);
    return rows.map((r: Record<string, unknown>) => ({
      at: r.at,
      actor: r.actor,
      actorDepartment: r.actor_department,
      action: r.action,
      detail: JSON.stringify(r.detail),
    }));
  }
}
