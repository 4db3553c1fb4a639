import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { Role } from '@petition/auth';
import type { RequestContext } from '@petition/service-kit';
import { CodedError } from '@petition/subgraph';

import type { BulletinRow, BulletinService } from './bulletin/bulletin.service';
import {
  AssessmentRebuildReport,
  BulletinOut,
  IndicatorOut,
  IndicatorUnitInput,
  PeriodInput,
  PetitionStatsOut,
  RankingOut,
  RuleSetOut,
  StatsDimensionEnum,
  StatsFilterInput,
} from './model';
import type { AssessmentRebuild } from './read-model/rebuild';
import type { RuleSetRow, ScoringService } from './scoring/scoring.service';
import type { IndicatorService } from './stats/indicators.service';
import { parsePeriod } from './stats/period';
import type { Dimension, StatsService } from './stats/stats.service';
import { statsCsv } from './stats/stats.service';

/** Aggregates only: who may read them (within their jurisdiction). */
export const AGGREGATE_READERS: Role[] = ['ANALYST', 'SUPERVISOR', 'LEADER', 'ADMIN', 'CLERK'];

export interface AssessmentServices {
  stats: StatsService;
  indicators: IndicatorService;
  scoring: ScoringService;
  bulletins: BulletinService;
  rebuild: () => Promise<AssessmentRebuild>;
}

const toRuleSet = (r: RuleSetRow): RuleSetOut => ({ ...r, definition: JSON.stringify(r.definition) });
const toBulletin = (b: BulletinRow): BulletinOut => ({ ...b, data: JSON.stringify(b.data) });

@Resolver()
export class AssessmentResolver {
  constructor(private readonly s: AssessmentServices) {}

  @Authorized(...AGGREGATE_READERS)
  @Query(() => PetitionStatsOut, {
    description: '信访统计：按层级、个体/集体、类别、区划、单位、月份、渠道、性质分组的批次、人次、占比、同比',
  })
  petitionStats(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => StatsFilterInput, { nullable: true }) filter?: StatsFilterInput,
    @Arg('groupBy', () => [StatsDimensionEnum], { defaultValue: [] }) groupBy?: Dimension[],
  ) {
    return this.s.stats.petitionStats(ctx.caller, parsePeriod(period), filter ?? {}, groupBy ?? []);
  }

  @Authorized(...AGGREGATE_READERS)
  @Query(() => String, { description: '信访统计的 CSV（UTF-8，带 BOM，末行为合计）' })
  async petitionStatsCsv(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => StatsFilterInput, { nullable: true }) filter?: StatsFilterInput,
    @Arg('groupBy', () => [StatsDimensionEnum], { defaultValue: [] }) groupBy?: Dimension[],
  ) {
    const stats = await this.s.stats.petitionStats(ctx.caller, parsePeriod(period), filter ?? {}, groupBy ?? []);
    return statsCsv(stats, groupBy ?? []);
  }

  @Authorized(...AGGREGATE_READERS)
  @Query(() => [IndicatorOut], { description: '考核指标（定义、分子、分母、百分比）' })
  indicators(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Ctx() ctx: RequestContext,
    @Arg('unit', () => IndicatorUnitInput, { nullable: true }) unit?: IndicatorUnitInput,
    @Arg('codes', () => [String], { nullable: true }) codes?: string[],
  ) {
    return this.s.indicators.indicators(ctx.caller, unit ?? {}, parsePeriod(period), codes);
  }

  @Authorized(...AGGREGATE_READERS)
  @Query(() => [RuleSetOut], { description: '考核规则（全部版本）' })
  async ruleSets() {
    return (await this.s.scoring.ruleSets()).map(toRuleSet);
  }

  @Authorized('ADMIN')
  @Mutation(() => RuleSetOut, { description: '新增考核规则或其新版本（JSON 定义，见 docs/assessment.md）' })
  async defineRuleSet(
    @Arg('code', () => String) code: string,
    @Arg('name', () => String) name: string,
    @Arg('definition', () => String) definition: string,
    @Ctx() ctx: RequestContext,
  ) {
    if (!name.trim() || name.length > 60) throw new CodedError('BAD_USER_INPUT', '规则名称须为1–60字', { field: 'name' });
    return toRuleSet(await this.s.scoring.defineRuleSet(ctx.caller, code, name.trim(), definition));
  }

  @Authorized(...AGGREGATE_READERS)
  @Query(() => RankingOut, { description: '按考核规则的得分排名，每项扣分可追溯到事件' })
  async rankings(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Ctx() ctx: RequestContext,
    @Arg('ruleSet', () => String, { defaultValue: 'TOWNSHIP' }) ruleSet: string,
    @Arg('version', () => Int, { nullable: true }) version?: number,
    @Arg('regionPrefix', () => String, { nullable: true }) regionPrefix?: string,
  ) {
    const ranking = await this.s.scoring.rankings(ctx.caller, ruleSet, version, parsePeriod(period), regionPrefix);
    return { ...ranking, ruleSet: toRuleSet(ranking.ruleSet) };
  }

  @Authorized('ADMIN', 'SUPERVISOR', 'LEADER')
  @Mutation(() => BulletinOut, { description: '生成并发布信访工作通报（结构化数据与可打印 HTML；PDF 见 bulletinPdf）' })
  async generateBulletin(
    @Arg('period', () => PeriodInput) period: PeriodInput,
    @Ctx() ctx: RequestContext,
    @Arg('regionPrefix', () => String, { nullable: true }) regionPrefix?: string,
    @Arg('scopeName', () => String, { nullable: true, description: '通报范围名称，如 西城区' }) scopeName?: string,
  ) {
    if (scopeName && scopeName.length > 40) throw new CodedError('BAD_USER_INPUT', '范围名称最长40字', { field: 'scopeName' });
    return toBulletin(await this.s.bulletins.generate(ctx.caller, parsePeriod(period), regionPrefix, scopeName));
  }

  @Authorized(...AGGREGATE_READERS)
  @Query(() => [BulletinOut], { description: '已发布的通报（最新在前）' })
  async bulletins(@Ctx() ctx: RequestContext, @Arg('regionPrefix', () => String, { nullable: true }) regionPrefix?: string) {
    return (await this.s.bulletins.list(ctx.caller, regionPrefix)).map(toBulletin);
  }

  @Authorized(...AGGREGATE_READERS)
  @Query(() => String, { nullable: true, description: '通报的 PDF（base64），首次请求时由 Chromium 排版' })
  async bulletinPdf(@Arg('id', () => String) id: string, @Ctx() ctx: RequestContext) {
    const bulletin = await this.s.bulletins.get(ctx.caller, id);
    if (!bulletin) return null;
    return (await this.s.bulletins.pdf(bulletin.id, bulletin.html)).toString('base64');
  }

  @Authorized('ADMIN')
  @Mutation(() => AssessmentRebuildReport, { description: '从事件流重建读模型并与现有读模型逐表核对（不改动现有读模型）' })
  verifyAssessmentRebuild() {
    return this.s.rebuild();
  }
}
