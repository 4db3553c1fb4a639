import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '@petition/service-kit';
import { CodedError } from '@petition/subgraph';

import {
  AssignRiskItemInput,
  ComplianceFilterInput,
  LinkRiskItemInput,
  PeriodInput,
  ResolveRiskItemInput,
  RiskItem,
  RiskItemFilterInput,
  ScreeningCompliance,
  ScreeningReport,
  ScreeningReportInput,
  ScreeningScanResult,
  ScreeningUnit,
  ScreeningUnitInput,
  SensitivePeriod,
  SensitivePeriodInput,
  ZeroReportInput,
} from './screening.model';
import { RISK_WORKERS, SCREENING_READERS, SCREENING_REPORTERS, type ScreeningService } from './screening.service';

@Resolver()
export class ScreeningResolver {
  constructor(private readonly screening: ScreeningService) {}

  @Authorized(...SCREENING_READERS)
  @Query(() => [ScreeningUnit], { description: '本辖区的排查单位' })
  screeningUnits(@Ctx() ctx: RequestContext, @Arg('prefix', () => String, { nullable: true }) prefix?: string) {
    if (prefix !== undefined && prefix !== null && !/^\d{0,12}$/.test(prefix)) {
      throw new CodedError('BAD_USER_INPUT', '单位代码前缀须为数字', { field: 'prefix' });
    }
    return this.screening.units(ctx.caller, prefix ?? undefined);
  }

  @Authorized('ADMIN')
  @Mutation(() => ScreeningUnit, { description: '新增或修改排查单位' })
  defineScreeningUnit(@Arg('input', () => ScreeningUnitInput) input: ScreeningUnitInput, @Ctx() ctx: RequestContext) {
    return this.screening.defineUnit(ctx.caller, input);
  }

  @Authorized(...SCREENING_READERS)
  @Query(() => [SensitivePeriod], { description: '敏感时期' })
  sensitivePeriods(@Ctx() ctx: RequestContext) {
    return this.screening.sensitivePeriods(ctx.caller);
  }

  @Authorized('ADMIN', 'SUPERVISOR')
  @Mutation(() => SensitivePeriod, { description: '设置敏感时期：期间辖区内各单位每日报送' })
  defineSensitivePeriod(@Arg('input', () => SensitivePeriodInput) input: SensitivePeriodInput, @Ctx() ctx: RequestContext) {
    return this.screening.defineSensitivePeriod(ctx.caller, input);
  }

  @Authorized(...SCREENING_REPORTERS)
  @Mutation(() => ScreeningReport, { description: '报送排查报告（发现的矛盾纠纷隐患）' })
  submitScreeningReport(@Arg('input', () => ScreeningReportInput) input: ScreeningReportInput, @Ctx() ctx: RequestContext) {
    return this.screening.submit(ctx.caller, input);
  }

  @Authorized(...SCREENING_REPORTERS)
  @Mutation(() => ScreeningReport, { description: '报送零报告（本期未发现矛盾纠纷）' })
  submitZeroReport(@Arg('input', () => ZeroReportInput) input: ZeroReportInput, @Ctx() ctx: RequestContext) {
    return this.screening.submit(ctx.caller, { ...input, riskItems: [] });
  }

  @Authorized(...SCREENING_READERS)
  @Query(() => [ScreeningReport], { description: '单位最近的报告（最新在前）' })
  screeningReports(@Arg('unitCode', () => String) unitCode: string, @Ctx() ctx: RequestContext) {
    return this.screening.reports(ctx.caller, unitCode);
  }

  @Authorized(...SCREENING_READERS)
  @Query(() => ScreeningCompliance, { description: '报送合规：区间内截止的各期按时、迟报、漏报' })
  screeningCompliance(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ComplianceFilterInput, { nullable: true }) filter?: ComplianceFilterInput,
  ) {
    return this.screening.compliance(ctx.caller, period, filter ?? {});
  }

  @Authorized('ADMIN')
  @Mutation(() => ScreeningScanResult, { description: '立即检查漏报（服务也按 SCREENING_SCAN_INTERVAL_MS 定期检查）' })
  async runScreeningScan() {
    return { missed: await this.screening.scanMissed() };
  }

  @Authorized(...SCREENING_READERS)
  @Query(() => [RiskItem], { description: '矛盾纠纷隐患（最新在前）' })
  riskItems(@Ctx() ctx: RequestContext, @Arg('filter', () => RiskItemFilterInput, { nullable: true }) filter?: RiskItemFilterInput) {
    return this.screening.riskItems(ctx.caller, filter ?? {});
  }

  @Authorized(...RISK_WORKERS)
  @Mutation(() => RiskItem, { description: '将隐患关联到热点或信访件（提前发现的依据）' })
  linkRiskItem(@Arg('input', () => LinkRiskItemInput) input: LinkRiskItemInput, @Ctx() ctx: RequestContext) {
    return this.screening.linkRiskItem(ctx.caller, input);
  }

  @Authorized(...RISK_WORKERS)
  @Mutation(() => RiskItem, { description: '交办隐患' })
  assignRiskItem(@Arg('input', () => AssignRiskItemInput) input: AssignRiskItemInput, @Ctx() ctx: RequestContext) {
    return this.screening.assignRiskItem(ctx.caller, input.riskItemId, input.assignee);
  }

  @Authorized(...RISK_WORKERS)
  @Mutation(() => RiskItem, { description: '隐患已化解' })
  resolveRiskItem(@Arg('input', () => ResolveRiskItemInput) input: ResolveRiskItemInput, @Ctx() ctx: RequestContext) {
    return this.screening.resolveRiskItem(ctx.caller, input.riskItemId, input.resolution);
  }
}
