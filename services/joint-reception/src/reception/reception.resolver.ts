import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { hasRole, inJurisdiction } from '@petition/auth';
import { chinaDate } from '@petition/clock';
import type { RequestContext } from '@petition/service-kit';

import type { ReceptionContext } from '../context';
import { FIGURE_READERS, HALL_MANAGERS, HALL_READERS, LEADER_RECORDERS, QUEUE_WORKERS } from './access';
import type { FiguresService } from './figures.service';
import type { HallService } from './hall.service';
import { assertDay, toHall, toStation } from './hall.service';
import type { LeaderService } from './leader.service';
import {
  Appointment,
  AppointmentInput,
  AppointmentOutcomeInput,
  ConcludeJointSessionInput,
  ConveneJointSessionInput,
  DateRangeInput,
  DutyShift,
  FieldVisit,
  FieldVisitInput,
  Hall,
  HallInput,
  JointSession,
  Petition,
  ReceptionDay,
  ReceptionFigures,
  ReceptionScheduleInput,
  RosterInput,
  ServeTicketInput,
  Station,
  StationInput,
  Ticket,
  TicketInput,
} from './model';
import type { VisitService } from './visit.service';
import { toTicket } from './visit.service';

export interface ReceptionServices {
  halls: HallService;
  visits: VisitService;
  leaders: LeaderService;
  figures: FiguresService;
  today: () => string;
}

@Resolver()
export class ReceptionResolver {
  constructor(private readonly s: ReceptionServices) {}

  // ---- halls, stations, rosters -------------------------------------------------------------

  @Authorized(...HALL_READERS)
  @Query(() => [Hall], { description: '可见的联合接访大厅' })
  halls(@Ctx() ctx: RequestContext) {
    return this.s.halls.halls(ctx.caller);
  }

  @Authorized(...HALL_READERS)
  @Query(() => Hall, { nullable: true })
  async hall(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    const [row] = await this.s.halls.hallsVisible(ctx.caller, [id]);
    return row ? toHall(row) : null;
  }

  @Authorized(...HALL_MANAGERS)
  @Mutation(() => Hall, { description: '设立联合接访大厅' })
  createHall(@Arg('input', () => HallInput) input: HallInput, @Ctx() ctx: RequestContext) {
    return this.s.halls.createHall(ctx.caller, input);
  }

  @Authorized(...HALL_MANAGERS)
  @Mutation(() => Station, { description: '单位进驻大厅（设窗口）或修改窗口' })
  stationDepartment(@Arg('input', () => StationInput) input: StationInput, @Ctx() ctx: RequestContext) {
    return this.s.halls.stationDepartment(ctx.caller, input);
  }

  @Authorized(...HALL_MANAGERS)
  @Mutation(() => [DutyShift], { description: '排班：某日各窗口的带班领导和值班人员；返回当日全部排班' })
  planDutyRoster(@Arg('input', () => RosterInput) input: RosterInput, @Ctx() ctx: RequestContext) {
    return this.s.halls.planRoster(ctx.caller, input);
  }

  @Authorized(...HALL_READERS)
  @Query(() => [DutyShift], { description: '某日排班与考勤' })
  roster(@Arg('hallId', () => ID) hallId: string, @Arg('serviceDate', () => String) serviceDate: string, @Ctx() ctx: RequestContext) {
    return this.s.halls.roster(ctx.caller, hallId, serviceDate);
  }

  @Authorized()
  @Mutation(() => DutyShift, { description: '到岗签到（本人或大厅协调员刷证）；迟到自动记录' })
  checkInDuty(@Arg('shiftId', () => ID) shiftId: string, @Ctx() ctx: RequestContext) {
    return this.s.halls.checkIn(ctx.caller, shiftId);
  }

  @Authorized()
  @Mutation(() => DutyShift, { description: '签退；早退自动记录' })
  checkOutDuty(@Arg('shiftId', () => ID) shiftId: string, @Ctx() ctx: RequestContext) {
    return this.s.halls.checkOut(ctx.caller, shiftId);
  }

  @Authorized(...HALL_MANAGERS)
  @Mutation(() => Int, { description: '立即检查缺岗（平时每分钟自动检查）；返回新记录的缺岗数' })
  runDutyScan(@Ctx() ctx: RequestContext) {
    return this.s.halls.runScan(ctx.caller);
  }

  // ---- the queue ------------------------------------------------------------------------------

  @Authorized(...QUEUE_WORKERS)
  @Mutation(() => Ticket, { description: '取号（取号机或分流台）' })
  issueTicket(@Arg('input', () => TicketInput) input: TicketInput, @Ctx() ctx: RequestContext) {
    return this.s.visits.issueTicket(ctx.caller, input);
  }

  @Authorized(...QUEUE_WORKERS)
  @Mutation(() => Ticket, { description: '分流：把等候中的号分派到窗口' })
  triageTicket(@Arg('ticketId', () => ID) ticketId: string, @Arg('stationId', () => ID) stationId: string, @Ctx() ctx: RequestContext) {
    return this.s.visits.triageTicket(ctx.caller, ticketId, stationId);
  }

  @Authorized(...QUEUE_WORKERS)
  @Mutation(() => Ticket, { nullable: true, description: '窗口叫下一号（本窗口的号优先，其次未分派的号）；无人等候时为 null' })
  callNextTicket(@Arg('stationId', () => ID) stationId: string, @Ctx() ctx: RequestContext) {
    return this.s.visits.callNextTicket(ctx.caller, stationId);
  }

  @Authorized(...QUEUE_WORKERS)
  @Mutation(() => Ticket, { description: '过号：叫号后来访人未到窗口' })
  markTicketNoShow(@Arg('ticketId', () => ID) ticketId: string, @Ctx() ctx: RequestContext) {
    return this.s.visits.markNoShow(ctx.caller, ticketId);
  }

  @Authorized(...QUEUE_WORKERS)
  @Mutation(() => Ticket, { description: '接待完毕：出具诉求单，关联已登记的信访件' })
  serveTicket(@Arg('input', () => ServeTicketInput) input: ServeTicketInput, @Ctx() ctx: RequestContext) {
    return this.s.visits.serveTicket(ctx.caller, input);
  }

  @Authorized(...HALL_READERS)
  @Query(() => Ticket, { nullable: true })
  ticket(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return this.s.visits.ticket(ctx.caller, id);
  }

  @Authorized(...HALL_READERS)
  @Query(() => [Ticket], { description: '某日的排队号（默认今天），按取号顺序' })
  async queue(
    @Arg('hallId', () => ID) hallId: string,
    @Ctx() ctx: RequestContext,
    @Arg('serviceDate', () => String, { nullable: true }) serviceDate?: string,
  ) {
    const day = serviceDate ?? this.s.today();
    assertDay(day, 'serviceDate');
    const hall = await this.s.halls.requireHall(ctx.caller, hallId);
    return (await this.s.visits.tickets(hall.id, day)).map(toTicket);
  }

  // ---- joint sessions ------------------------------------------------------------------------

  @Authorized(...HALL_MANAGERS)
  @Mutation(() => JointSession, { description: '召集联合接访（两个以上在岗的进驻单位）' })
  conveneJointSession(@Arg('input', () => ConveneJointSessionInput) input: ConveneJointSessionInput, @Ctx() ctx: RequestContext) {
    return this.s.visits.conveneJointSession(ctx.caller, input);
  }

  @Authorized(...HALL_MANAGERS)
  @Mutation(() => JointSession, { description: '联合接访结束：处理方案、牵头单位、配合单位、是否当场化解' })
  concludeJointSession(@Arg('input', () => ConcludeJointSessionInput) input: ConcludeJointSessionInput, @Ctx() ctx: RequestContext) {
    return this.s.visits.concludeJointSession(ctx.caller, input);
  }

  @Authorized(...HALL_READERS)
  @Query(() => [JointSession])
  jointSessions(
    @Arg('hallId', () => ID) hallId: string,
    @Arg('period', () => DateRangeInput) period: DateRangeInput,
    @Ctx() ctx: RequestContext,
  ) {
    return this.s.visits.jointSessions(ctx.caller, hallId, period.from, period.to);
  }

  // ---- leaders -------------------------------------------------------------------------------

  @Authorized(...HALL_MANAGERS)
  @Mutation(() => [ReceptionDay], { description: '排定领导接访日（每周某日，节假日顺延不排）；返回新排的日子' })
  scheduleLeaderReceptionDays(@Arg('input', () => ReceptionScheduleInput) input: ReceptionScheduleInput, @Ctx() ctx: RequestContext) {
    return this.s.leaders.schedule(ctx.caller, input);
  }

  @Authorized(...HALL_READERS)
  @Query(() => [ReceptionDay])
  leaderReceptionDays(
    @Arg('hallId', () => ID) hallId: string,
    @Arg('period', () => DateRangeInput) period: DateRangeInput,
    @Ctx() ctx: RequestContext,
  ) {
    return this.s.leaders.days(ctx.caller, hallId, period.from, period.to);
  }

  @Authorized('ADMIN', 'HALL_COORDINATOR', 'CLERK')
  @Mutation(() => Appointment, { description: '为信访件预约领导接访（约访）' })
  bookAppointment(@Arg('input', () => AppointmentInput) input: AppointmentInput, @Ctx() ctx: RequestContext) {
    return this.s.leaders.book(ctx.caller, input);
  }

  @Authorized(...LEADER_RECORDERS)
  @Mutation(() => Appointment, { description: '记录约访接待结果' })
  recordAppointmentOutcome(@Arg('input', () => AppointmentOutcomeInput) input: AppointmentOutcomeInput, @Ctx() ctx: RequestContext) {
    return this.s.leaders.recordOutcome(ctx.caller, input);
  }

  @Authorized(...HALL_READERS)
  @Query(() => [Appointment])
  appointments(@Arg('receptionDayId', () => ID) receptionDayId: string, @Ctx() ctx: RequestContext) {
    return this.s.leaders.appointments(ctx.caller, receptionDayId);
  }

  @Authorized(...LEADER_RECORDERS)
  @Mutation(() => FieldVisit, { description: '记录领导下访及解决的问题' })
  recordFieldVisit(@Arg('input', () => FieldVisitInput) input: FieldVisitInput, @Ctx() ctx: RequestContext) {
    return this.s.leaders.recordFieldVisit(ctx.caller, input);
  }

  @Authorized(...HALL_READERS)
  @Query(() => [FieldVisit], { description: '本辖区的领导下访' })
  fieldVisits(@Arg('period', () => DateRangeInput) period: DateRangeInput, @Ctx() ctx: RequestContext) {
    assertDay(period.from, 'period.from');
    assertDay(period.to, 'period.to');
    return this.s.leaders.fieldVisits(ctx.caller, period.from, period.to);
  }

  // ---- figures -------------------------------------------------------------------------------

  @Authorized(...FIGURE_READERS)
  @Query(() => ReceptionFigures, {
    description: '大厅数字：每日接待量、等候时间（平均、P90）、大厅化解率、联合接访、出勤（不指定大厅则为辖区全部大厅）',
  })
  receptionFigures(
    @Arg('period', () => DateRangeInput) period: DateRangeInput,
    @Ctx() ctx: RequestContext,
    @Arg('hallId', () => ID, { nullable: true }) hallId?: string,
  ) {
    return this.s.figures.figures(ctx.caller, period.from, period.to, hallId);
  }
}

@Resolver(() => Hall)
export class HallFieldResolver {
  @FieldResolver(() => [Station], { description: '进驻单位窗口' })
  async stations(@Root() hall: Hall, @Ctx() ctx: ReceptionContext) {
    return (await ctx.loaders.stations.load(hall.id)).map(toStation);
  }

  @FieldResolver(() => String, { nullable: true, description: '叫号屏地址（相对本服务），仅大厅管理者可见' })
  screenPath(@Root() hall: Hall, @Ctx() ctx: ReceptionContext) {
    if (!hasRole(ctx.caller, ...HALL_MANAGERS) || !inJurisdiction(ctx.caller, hall.regionCode)) return null;
    return `/screen/${hall.id}?key=${hall.screenKey}`;
  }
}

// Extends intake's Petition with what happened to it in the halls the caller may see.
@Resolver(() => Petition)
export class PetitionReceptionResolver {
  @FieldResolver(() => [Ticket], { description: '在联合接访大厅的来访（含诉求单）' })
  receptionVisits(@Root() petition: Petition, @Ctx() ctx: ReceptionContext) {
    return ctx.loaders.visitsOfPetition.load(petition.id);
  }

  @FieldResolver(() => [JointSession], { description: '联合接访' })
  jointSessions(@Root() petition: Petition, @Ctx() ctx: ReceptionContext) {
    return ctx.loaders.sessionsOfPetition.load(petition.id);
  }

  @FieldResolver(() => [Appointment], { description: '领导接访日约访' })
  leaderAppointments(@Root() petition: Petition, @Ctx() ctx: ReceptionContext) {
    return ctx.loaders.appointmentsOfPetition.load(petition.id);
  }
}

export const todayIn = (now: () => Date) => () => chinaDate(now());
