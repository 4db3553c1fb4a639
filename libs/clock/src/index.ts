export { type Clock, SystemClock, SettableClock, systemClock } from './clock';
export {
  WorkCalendar,
  CHINA_2026_CALENDAR,
  isCivilDate,
  assertCivilDate,
  addDays,
  daysBetween,
  dayOfWeek,
  type CalendarConfig,
  CALENDAR_VARIABLE,
} from './work-calendar';
export {
  chinaDate,
  chinaTime,
  endOfChinaDay,
  computeDue,
  isOverdue,
  daysRemaining,
  DEFAULT_RULES,
  rulesFromConfig,
  type DeadlineUnit,
  type RuleCode,
  type DeadlineRule,
  type DueDate,
} from './deadline';
