import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

import { APPOINTMENT_OUTCOMES, DUTY_MISSES, DUTY_ROLES, VISIT_KINDS } from '@petition/events';
import { enumFromValues } from '@petition/subgraph';

export const DutyRoleEnum = enumFromValues(DUTY_ROLES);
export const AttendanceEnum = enumFromValues(['SCHEDULED', 'ON_DUTY', 'PRESENT', 'LATE', 'ABSENT', 'LEFT_EARLY'] as const);
export const DutyMissEnum = enumFromValues(DUTY_MISSES);
export const TicketStateEnum = enumFromValues(['WAITING', 'CALLED', 'SERVED', 'NO_SHOW'] as const);
export const HallVisitKindEnum = enumFromValues(VISIT_KINDS);
export const JointSessionStateEnum = enumFromValues(['CONVENED', 'CONCLUDED'] as const);
export const AppointmentStateEnum = enumFromValues(['BOOKED', 'CONCLUDED'] as const);
export const AppointmentOutcomeEnum = enumFromValues(APPOINTMENT_OUTCOMES);

registerEnumType(DutyRoleEnum, { name: 'DutyRole', description: 'DUTY_LEADER 带班领导 / DUTY_OFFICER 值班人员' });
registerEnumType(AttendanceEnum, {
  name: 'Attendance',
  description: 'SCHEDULED 未到班时间 / ON_DUTY 在岗 / PRESENT 按时到岗并签退 / LATE 迟到 / ABSENT 缺岗 / LEFT_EARLY 早退',
});
registerEnumType(TicketStateEnum, { name: 'TicketState', description: 'WAITING 等候 / CALLED 已叫号 / SERVED 已接待 / NO_SHOW 过号' });
registerEnumType(HallVisitKindEnum, { name: 'HallVisitKind', description: 'INDIVIDUAL 个体访 / COLLECTIVE 集体访（5人以上）' });
registerEnumType(JointSessionStateEnum, { name: 'JointSessionState', description: 'CONVENED 进行中 / CONCLUDED 已结束' });
registerEnumType(AppointmentStateEnum, { name: 'AppointmentState', description: 'BOOKED 已预约 / CONCLUDED 已接待' });
registerEnumType(AppointmentOutcomeEnum, {
  name: 'AppointmentOutcome',
  description: 'SETTLED 当场化解 / INSTRUCTED 领导批示交办 / EXPLAINED 解释说明 / NO_SHOW 未到',
});

export const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const REGION = /^\d{6}(\d{3}){0,2}$/;
const DEPARTMENT = /^[A-Za-z0-9_.-]{1,64}$/;
/** A language other than Mandarin: ISO 639 code, optionally with a subtag (ug, bo, mn, csl …). */
const LANGUAGE = /^(?!zh$)[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

@ObjectType({ description: '信访件（由 intake 子图提供）' })
@Directive('@key(fields: "id")')
export class Petition {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: '单位（由 intake 子图提供名称和区划）' })
@Directive('@key(fields: "code", resolvable: false)')
export class Department {
  @Field(() => String)
  code!: string;
}

@ObjectType({ description: '联合接访大厅' })
export class Hall {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: '大厅编码' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: '所属行政区划代码' })
  regionCode!: string;

  @Field(() => String, { description: '开门时间 HH:MM（北京时间）' })
  opensAt!: string;

  @Field(() => String, { description: '关门时间 HH:MM' })
  closesAt!: string;

  screenKey!: string;
}

@ObjectType({ description: '进驻单位的窗口' })
export class Station {
  @Field(() => ID)
  id!: string;

  hallId!: string;

  @Field(() => String, { description: '窗口号' })
  windowNo!: string;

  @Field(() => String, { description: '进驻单位代码' })
  departmentCode!: string;

  @Field(() => Department, { description: '进驻单位' })
  department!: Department;

  @Field(() => String, { description: '窗口显示名称（叫号屏上显示）' })
  label!: string;

  @Field(() => Boolean)
  active!: boolean;
}

@ObjectType({ description: '值班安排与考勤' })
export class DutyShift {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  stationId!: string;

  @Field(() => String)
  departmentCode!: string;

  @Field(() => String)
  serviceDate!: string;

  @Field(() => DutyRoleEnum)
  dutyRole!: string;

  @Field(() => String, { description: '值班人员的账号（不是姓名）' })
  staffRef!: string;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date)
  endsAt!: Date;

  @Field(() => Date, { nullable: true })
  checkedInAt!: Date | null;

  @Field(() => Date, { nullable: true })
  checkedOutAt!: Date | null;

  @Field(() => AttendanceEnum)
  attendance!: string;

  @Field(() => Int, { nullable: true, description: '迟到分钟数' })
  lateMinutes!: number | null;

  @Field(() => Int, { nullable: true, description: '早退分钟数' })
  leftEarlyMinutes!: number | null;
}

@ObjectType({ description: '诉求单（一单式）：每位来访人离开时都有书面答复' })
export class DemandForm {
  @Field(() => Petition, { description: '在 intake 登记的信访件' })
  petition!: Petition;

  @Field(() => String, { description: '窗口给出的书面答复或办理去向' })
  answer!: string;

  @Field(() => Boolean, { description: '是否在大厅当场化解' })
  settledInHall!: boolean;

  @Field(() => Date)
  recordedAt!: Date;
}

@ObjectType({ description: '排队号（一次来访）' })
export class Ticket {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  hallId!: string;

  @Field(() => String, { description: '号码，如 A007' })
  number!: string;

  @Field(() => String)
  serviceDate!: string;

  @Field(() => HallVisitKindEnum)
  visitKind!: string;

  @Field(() => Int)
  headcount!: number;

  @Field(() => String, { nullable: true, description: '非普通话时所需语言（如 ug 维吾尔语、bo 藏语、csl 手语）' })
  language!: string | null;

  @Field(() => ID, { nullable: true, description: '分派的窗口；未分派时任一窗口可叫' })
  stationId!: string | null;

  @Field(() => String, { nullable: true })
  windowNo!: string | null;

  @Field(() => TicketStateEnum)
  state!: string;

  @Field(() => Date)
  issuedAt!: Date;

  @Field(() => Date, { nullable: true })
  calledAt!: Date | null;

  @Field(() => Date, { nullable: true })
  servedAt!: Date | null;

  @Field(() => Float, { nullable: true, description: '等候分钟（取号到叫号）' })
  waitMinutes!: number | null;

  @Field(() => Float, { nullable: true, description: '接待分钟（叫号到办结）' })
  serviceMinutes!: number | null;

  @Field(() => DemandForm, { nullable: true })
  demandForm!: DemandForm | null;
}

@ObjectType({ description: '联合接访' })
export class JointSession {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  hallId!: string;

  @Field(() => Petition)
  petition!: Petition;

  @Field(() => ID, { nullable: true })
  ticketId!: string | null;

  @Field(() => JointSessionStateEnum)
  state!: string;

  @Field(() => [String], { description: '到场的进驻单位' })
  presentDepartmentCodes!: string[];

  @Field(() => String, { nullable: true, description: '牵头单位' })
  leadDepartmentCode!: string | null;

  @Field(() => Department, { nullable: true, description: '牵头单位' })
  leadDepartment!: Department | null;

  @Field(() => [String], { description: '配合单位' })
  cooperatingDepartmentCodes!: string[];

  @Field(() => [Department], { description: '配合单位' })
  cooperatingDepartments!: Department[];

  @Field(() => String, { nullable: true, description: '商定的处理方案' })
  plan!: string | null;

  @Field(() => Boolean, { nullable: true, description: '是否在大厅化解' })
  settledInHall!: boolean | null;

  @Field(() => Date)
  convenedAt!: Date;

  @Field(() => Date, { nullable: true })
  concludedAt!: Date | null;
}

@ObjectType({ description: '领导接访日' })
export class ReceptionDay {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  hallId!: string;

  @Field(() => String, { description: '领导账号' })
  leaderRef!: string;

  @Field(() => String, { description: '职务，如 副市长' })
  leaderTitle!: string;

  @Field(() => String)
  serviceDate!: string;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date)
  endsAt!: Date;

  @Field(() => Int, { description: '可预约批次' })
  capacity!: number;

  @Field(() => Int)
  booked!: number;
}

@ObjectType({ description: '约访' })
export class Appointment {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  receptionDayId!: string;

  @Field(() => Petition)
  petition!: Petition;

  @Field(() => AppointmentStateEnum)
  state!: string;

  @Field(() => AppointmentOutcomeEnum, { nullable: true })
  outcome!: string | null;

  @Field(() => String, { nullable: true, description: '接待情况、领导批示' })
  note!: string | null;

  @Field(() => Date)
  bookedAt!: Date;

  @Field(() => Date, { nullable: true })
  concludedAt!: Date | null;
}

@ObjectType({ description: '领导下访' })
export class FieldVisit {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  leaderRef!: string;

  @Field(() => String)
  leaderTitle!: string;

  @Field(() => String)
  visitDate!: string;

  @Field(() => String)
  regionCode!: string;

  @Field(() => String, { description: '去向（乡镇、村、企业、项目）' })
  destination!: string;

  @Field(() => Int)
  problemsFound!: number;

  @Field(() => Int)
  problemsSolved!: number;

  @Field(() => [Petition], { description: '现场接待的信访件' })
  petitions!: Petition[];

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType({ description: '每日接待量' })
export class ReceptionDayFigures {
  @Field(() => String)
  date!: string;

  @Field(() => Int, { description: '取号数' })
  ticketsIssued!: number;

  @Field(() => Int, { description: '接待来访（批次）' })
  visitsServed!: number;

  @Field(() => Int, { description: '接待人次' })
  people!: number;

  @Field(() => Int)
  collectiveVisits!: number;
}

@ObjectType({ description: '进驻单位出勤' })
export class StationAttendance {
  @Field(() => String)
  departmentCode!: string;

  @Field(() => String)
  label!: string;

  @Field(() => Int, { description: '已开始的班次' })
  shifts!: number;

  @Field(() => Int, { description: '按时到岗且未早退' })
  compliant!: number;

  @Field(() => Int)
  late!: number;

  @Field(() => Int)
  absent!: number;

  @Field(() => Int)
  leftEarly!: number;

  @Field(() => Float, { nullable: true, description: '出勤合规率 = 合规班次 / 已开始班次' })
  complianceRate!: number | null;
}

@ObjectType({ description: '大厅的数字（只有批次、人次和时长，没有任何个人）' })
export class ReceptionFigures {
  @Field(() => String)
  from!: string;

  @Field(() => String)
  to!: string;

  @Field(() => [ReceptionDayFigures], { description: '有来访的日子，按日期' })
  days!: ReceptionDayFigures[];

  @Field(() => Int, { description: '接待来访（批次）' })
  visitsServed!: number;

  @Field(() => Int, { description: '接待人次' })
  people!: number;

  @Field(() => Float, { nullable: true, description: '平均等候分钟（已接待来访，取号到叫号）' })
  averageWaitMinutes!: number | null;

  @Field(() => Float, { nullable: true, description: '等候时间第90百分位（分钟，线性插值）' })
  p90WaitMinutes!: number | null;

  @Field(() => Float, { nullable: true, description: '平均接待分钟（叫号到办结）' })
  averageServiceMinutes!: number | null;

  @Field(() => Int, { description: '当场化解的来访' })
  settledInHall!: number;

  @Field(() => Float, { nullable: true, description: '大厅化解率 = 当场化解 / 接待来访' })
  settledInHallRate!: number | null;

  @Field(() => Int, { description: '结束的联合接访' })
  jointSessions!: number;

  @Field(() => Int)
  jointSessionsSettledInHall!: number;

  @Field(() => Int, { description: '领导接访日接待的约访' })
  leaderAppointments!: number;

  @Field(() => [StationAttendance])
  attendance!: StationAttendance[];
}

// ---- inputs ------------------------------------------------------------------------------------

@InputType()
export class HallInput {
  @Field(() => String, { description: '大厅编码（唯一）' })
  @Matches(/^[A-Za-z0-9_-]{2,32}$/, { message: '大厅编码为2–32位字母、数字' })
  code!: string;

  @Field(() => String)
  @Length(2, 60)
  name!: string;

  @Field(() => String, { description: '大厅所在的区县（6位）或乡镇街道（9位）行政区划代码' })
  @Matches(/^\d{6}(\d{3})?$/, { message: '大厅的行政区划代码须为6位（区县）或9位（乡镇街道）数字' })
  regionCode!: string;

  @Field(() => String, { defaultValue: '08:30' })
  @Matches(TIME, { message: '时间格式为 HH:MM' })
  opensAt!: string;

  @Field(() => String, { defaultValue: '17:30' })
  @Matches(TIME, { message: '时间格式为 HH:MM' })
  closesAt!: string;
}

@InputType()
export class StationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'hallId 无效' })
  hallId!: string;

  @Field(() => String)
  @Matches(/^[A-Za-z0-9]{1,8}$/, { message: '窗口号为1–8位字母、数字' })
  windowNo!: string;

  @Field(() => String)
  @Matches(DEPARTMENT, { message: '单位代码无效' })
  departmentCode!: string;

  @Field(() => String)
  @Length(1, 40)
  label!: string;

  @Field(() => Boolean, { defaultValue: true })
  active!: boolean;
}

@InputType()
export class ShiftInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'stationId 无效' })
  stationId!: string;

  @Field(() => DutyRoleEnum)
  @IsIn(DUTY_ROLES)
  dutyRole!: string;

  @Field(() => String, { description: '值班人员账号' })
  @Matches(/^[A-Za-z0-9_.@-]{1,64}$/, { message: '账号无效' })
  staffRef!: string;

  @Field(() => String)
  @Matches(TIME, { message: '时间格式为 HH:MM' })
  startsAt!: string;

  @Field(() => String)
  @Matches(TIME, { message: '时间格式为 HH:MM' })
  endsAt!: string;
}

@InputType()
export class RosterInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'hallId 无效' })
  hallId!: string;

  @Field(() => String)
  @Matches(DAY, { message: '日期格式为 YYYY-MM-DD' })
  serviceDate!: string;

  @Field(() => [ShiftInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  shifts!: ShiftInput[];
}

@InputType()
export class TicketInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'hallId 无效' })
  hallId!: string;

  @Field(() => HallVisitKindEnum, { defaultValue: 'INDIVIDUAL' })
  @IsIn(VISIT_KINDS)
  visitKind!: string;

  @Field(() => Int, { defaultValue: 1, description: '来访人数；集体访5人以上' })
  @IsInt()
  @Min(1)
  @Max(10000)
  headcount!: number;

  @Field(() => String, { nullable: true, description: '非普通话时所需语言代码' })
  @IsOptional()
  @Matches(LANGUAGE, { message: '语言代码无效（如 ug、bo、mn、csl；普通话不填）' })
  language?: string;

  @Field(() => String, { nullable: true, description: '取号机选择的事项所属单位：直接分派到该单位窗口' })
  @IsOptional()
  @Matches(DEPARTMENT, { message: '单位代码无效' })
  departmentCode?: string;
}

@InputType()
export class ServeTicketInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'ticketId 无效' })
  ticketId!: string;

  @Field(() => ID, { description: '通过 registerPetition 登记的信访件' })
  @IsUUID('all', { message: 'petitionId 无效' })
  petitionId!: string;

  @Field(() => String, { description: '诉求单上的书面答复或办理去向' })
  @Length(2, 2000, { message: '答复须为2–2000字' })
  answer!: string;

  @Field(() => Boolean, { defaultValue: false })
  settledInHall!: boolean;
}

@InputType()
export class ConveneJointSessionInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'hallId 无效' })
  hallId!: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'petitionId 无效' })
  petitionId!: string;

  @Field(() => ID, { nullable: true, description: '来访的排队号（如有）' })
  @IsOptional()
  @IsUUID('all', { message: 'ticketId 无效' })
  ticketId?: string;

  @Field(() => [String], { description: '参加的进驻单位（两个以上，须在岗）' })
  @ArrayMaxSize(20)
  @Matches(DEPARTMENT, { each: true, message: '单位代码无效' })
  departmentCodes!: string[];
}

@InputType()
export class ConcludeJointSessionInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'sessionId 无效' })
  sessionId!: string;

  @Field(() => String, { description: '商定的处理方案' })
  @Length(2, 4000, { message: '处理方案须为2–4000字' })
  plan!: string;

  @Field(() => String)
  @Matches(DEPARTMENT, { message: '单位代码无效' })
  leadDepartmentCode!: string;

  @Field(() => [String])
  @ArrayMaxSize(20)
  @Matches(DEPARTMENT, { each: true, message: '单位代码无效' })
  cooperatingDepartmentCodes!: string[];

  @Field(() => Boolean)
  settledInHall!: boolean;
}

@InputType()
export class ReceptionScheduleInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'hallId 无效' })
  hallId!: string;

  @Field(() => String)
  @Matches(/^[A-Za-z0-9_.@-]{1,64}$/, { message: '账号无效' })
  leaderRef!: string;

  @Field(() => String)
  @Length(1, 40)
  leaderTitle!: string;

  @Field(() => Int, { description: '星期几（1=周一 … 7=周日），如市领导每周四为 4' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @Field(() => String)
  @Matches(DAY, { message: '日期格式为 YYYY-MM-DD' })
  from!: string;

  @Field(() => String)
  @Matches(DAY, { message: '日期格式为 YYYY-MM-DD' })
  to!: string;

  @Field(() => String, { defaultValue: '09:00' })
  @Matches(TIME, { message: '时间格式为 HH:MM' })
  startsAt!: string;

  @Field(() => String, { defaultValue: '12:00' })
  @Matches(TIME, { message: '时间格式为 HH:MM' })
  endsAt!: string;

  @Field(() => Int, { defaultValue: 10 })
  @IsInt()
  @Min(1)
  @Max(200)
  capacity!: number;
}

@InputType()
export class AppointmentInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'receptionDayId 无效' })
  receptionDayId!: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'petitionId 无效' })
  petitionId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 1000)
  note?: string;
}

@InputType()
export class AppointmentOutcomeInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'appointmentId 无效' })
  appointmentId!: string;

  @Field(() => AppointmentOutcomeEnum)
  @IsIn(APPOINTMENT_OUTCOMES)
  outcome!: string;

  @Field(() => String, { nullable: true, description: '接待情况、领导批示' })
  @IsOptional()
  @Length(0, 4000)
  note?: string;
}

@InputType()
export class FieldVisitInput {
  @Field(() => String)
  @Matches(/^[A-Za-z0-9_.@-]{1,64}$/, { message: '账号无效' })
  leaderRef!: string;

  @Field(() => String)
  @Length(1, 40)
  leaderTitle!: string;

  @Field(() => String)
  @Matches(DAY, { message: '日期格式为 YYYY-MM-DD' })
  visitDate!: string;

  @Field(() => String)
  @Matches(REGION, { message: '行政区划代码须为6、9或12位数字' })
  regionCode!: string;

  @Field(() => String)
  @Length(1, 200)
  destination!: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(10000)
  problemsFound!: number;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(10000)
  problemsSolved!: number;

  @Field(() => [ID], { defaultValue: [] })
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'petitionIds 中有无效的 id' })
  petitionIds!: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 4000)
  note?: string;
}

@InputType({ description: '统计区间（含首尾，北京时间日期）' })
export class DateRangeInput {
  @Field(() => String)
  @Matches(DAY, { message: '日期格式为 YYYY-MM-DD' })
  from!: string;

  @Field(() => String)
  @Matches(DAY, { message: '日期格式为 YYYY-MM-DD' })
  to!: string;
}
