import type { ShiftRow } from './rows';

/** Attendance rules of a hall (RECEPTION_CONFIG); minutes are whole minutes. */
export interface ReceptionConfig {
  /** Checking in more than this many minutes after the shift starts is lateness (迟到). */
  lateGraceMinutes: number;
  /** Not checked in this many minutes after the start: absence (脱岗/缺岗) is recorded. */
  absentAfterMinutes: number;
  /** Checking out more than this many minutes before the end is leaving early (早退). */
  leaveEarlyGraceMinutes: number;
  /** How long serveTicket waits for intake's registration event of a just-registered petition. */
  petitionWaitMs: number;
}

export const DEFAULT_RECEPTION_CONFIG: ReceptionConfig = Object.freeze({
  lateGraceMinutes: 5,
  absentAfterMinutes: 30,
  leaveEarlyGraceMinutes: 5,
  petitionWaitMs: 5000,
});

export function parseReceptionConfig(raw: string): ReceptionConfig {
  const given = JSON.parse(raw || '{}') as Record<string, unknown>;
  const config: Record<string, number> = { ...DEFAULT_RECEPTION_CONFIG };
  for (const [key, value] of Object.entries(given)) {
    if (!(key in DEFAULT_RECEPTION_CONFIG)) throw new Error(`unknown key ${key}`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 86_400_000) {
      throw new Error(`${key} must be a non-negative integer`);
    }
    config[key] = value;
  }
  if (config.absentAfterMinutes <= config.lateGraceMinutes) throw new Error('absentAfterMinutes must exceed lateGraceMinutes');
  return Object.freeze(config) as unknown as ReceptionConfig;
}

const MINUTE = 60_000;

/** Whole minutes late, counted from the shift's start, when the check-in is past the grace; else null. */
export function lateMinutes(startsAt: Date, checkedInAt: Date, config: ReceptionConfig): number | null {
  const late = checkedInAt.getTime() - startsAt.getTime();
  return late > config.lateGraceMinutes * MINUTE ? Math.floor(late / MINUTE) : null;
}

/** Whole minutes before the shift's end, when the check-out is earlier than the grace allows; else null. */
export function leftEarlyMinutes(endsAt: Date, checkedOutAt: Date, config: ReceptionConfig): number | null {
  const early = endsAt.getTime() - checkedOutAt.getTime();
  return early > config.leaveEarlyGraceMinutes * MINUTE ? Math.floor(early / MINUTE) : null;
}

/** A shift nobody has checked in to is an absence once `absentAfterMinutes` have passed since its start. */
export function absenceDue(startsAt: Date, config: ReceptionConfig): Date {
  return new Date(startsAt.getTime() + config.absentAfterMinutes * MINUTE);
}

export type Attendance = 'SCHEDULED' | 'ON_DUTY' | 'PRESENT' | 'LATE' | 'ABSENT' | 'LEFT_EARLY';

/** One word for a shift's attendance; the worst thing recorded wins (absent, then early, then late). */
export function attendanceOf(
  shift: Pick<ShiftRow, 'checked_in_at' | 'checked_out_at' | 'late_minutes' | 'absent_recorded_at' | 'left_early_minutes' | 'ends_at'>,
  now: Date,
): Attendance {
  if (shift.absent_recorded_at) return 'ABSENT';
  if (shift.left_early_minutes !== null) return 'LEFT_EARLY';
  if (shift.late_minutes !== null) return 'LATE';
  if (!shift.checked_in_at) return 'SCHEDULED';
  return !shift.checked_out_at && now < shift.ends_at ? 'ON_DUTY' : 'PRESENT';
}
