import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { CodedError, isUuid } from '@petition/subgraph';

import type { HotspotContext } from '../context';
import {
  Alert,
  AlertFilterInput,
  AssignAlertOwnerInput,
  ClearAlertInput,
  Hotspot,
  HotspotConnection,
  HotspotFigures,
  HotspotFilterInput,
  HotspotMember,
} from './hotspot.model';
import { ALERT_WORKERS, HOTSPOT_READERS, type HotspotService, toHotspot } from './hotspot.service';

type HotspotWithRow = ReturnType<typeof toHotspot>;

@Resolver(() => Hotspot)
export class HotspotResolver {
  constructor(private readonly service: HotspotService) {}

  @Authorized(...HOTSPOT_READERS)
  @Query(() => HotspotConnection, { description: '热点列表（按最近一件倒序；默认只列2件以上的）' })
  hotspots(
    @Ctx() ctx: HotspotContext,
    @Arg('filter', () => HotspotFilterInput, { nullable: true }) filter?: HotspotFilterInput,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return this.service.list(ctx.caller, filter ?? {}, first, after);
  }

  @Authorized(...HOTSPOT_READERS)
  @Query(() => Hotspot, { nullable: true, description: '按 id 查询热点（仅限辖区内有信访件的）' })
  async hotspot(@Arg('id', () => ID) id: string, @Ctx() ctx: HotspotContext) {
    if (!isUuid(id)) return null;
    const row = await ctx.loaders.hotspot.load(id);
    return row ? toHotspot(row) : null;
  }

  @Authorized(...HOTSPOT_READERS)
  @Query(() => [Alert], { description: '热点预警（最新在前）' })
  alerts(@Ctx() ctx: HotspotContext, @Arg('filter', () => AlertFilterInput, { nullable: true }) filter?: AlertFilterInput) {
    return this.service.alerts(ctx.caller, filter ?? {});
  }

  @FieldResolver(() => HotspotFigures, { description: '实时数字' })
  figures(@Root() hotspot: HotspotWithRow, @Ctx() ctx: HotspotContext) {
    return ctx.loaders.figures.load(hotspot.row);
  }

  @FieldResolver(() => [Alert], { name: 'alerts', description: '该热点的预警（最新在前）' })
  hotspotAlerts(@Root() hotspot: HotspotWithRow, @Ctx() ctx: HotspotContext) {
    return ctx.loaders.alerts.load(hotspot.id);
  }

  @Authorized('ADMIN', 'CLERK', 'SUPERVISOR', 'LEADER')
  @FieldResolver(() => [HotspotMember], { description: '热点中本辖区的信访件（最新在前；分析人员不可见）' })
  petitions(
    @Root() hotspot: HotspotWithRow,
    @Ctx() ctx: HotspotContext,
    @Arg('first', () => Int, { nullable: true, description: '最多返回条数（默认50，最多200）' }) first?: number,
  ) {
    const limit = first ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw new CodedError('BAD_USER_INPUT', 'first 须在1到200之间', { field: 'first' });
    return ctx.loaders.members(limit).load(hotspot.id);
  }

  @Authorized(...ALERT_WORKERS)
  @Mutation(() => Alert, { description: '签收预警' })
  acknowledgeAlert(
    @Arg('alertId', () => ID) alertId: string,
    @Ctx() ctx: HotspotContext,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ) {
    if (note !== undefined && note !== null && note.length > 500)
      throw new CodedError('BAD_USER_INPUT', '说明不超过500字', { field: 'note' });
    return this.service.acknowledge(ctx.caller, alertId, note ?? undefined);
  }

  @Authorized(...ALERT_WORKERS)
  @Mutation(() => Alert, { description: '领导包案（可更换包案领导）' })
  assignAlertOwner(@Arg('input', () => AssignAlertOwnerInput) input: AssignAlertOwnerInput, @Ctx() ctx: HotspotContext) {
    return this.service.assignOwner(ctx.caller, input.alertId, input);
  }

  @Authorized(...ALERT_WORKERS)
  @Mutation(() => Alert, { description: '人工解除预警（说明源头化解情况）；案件全部办结时自动解除' })
  clearAlert(@Arg('input', () => ClearAlertInput) input: ClearAlertInput, @Ctx() ctx: HotspotContext) {
    return this.service.clear(ctx.caller, input.alertId, input.note);
  }
}
