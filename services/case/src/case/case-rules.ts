import { CodedError } from '@petition/subgraph';

// The case lifecycle of 信访工作条例 arts. 23, 34–36 as a pure transition table.
export const CASE_STATES = [
  'AWAITING_ACCEPTANCE',
  'RETURNED',
  'IN_PROGRESS',
  'REPLIED',
  'REVIEW_REQUESTED',
  'REVIEW_DECIDED',
  'REREVIEW_REQUESTED',
  'CLOSED',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export type CaseAction =
  | 'ACCEPT'
  | 'RETURN'
  | 'EXTEND'
  | 'REPLY'
  | 'RATE'
  | 'REQUEST_REVIEW'
  | 'DECIDE_REVIEW'
  | 'REQUEST_REREVIEW'
  | 'DECIDE_REREVIEW'
  | 'SUPERVISE';

export type ClosedReason = 'REREVIEW_DECIDED' | 'APPEAL_PERIOD_LAPSED';

const TRANSITIONS: Record<CaseAction, Partial<Record<CaseState, CaseState>>> = {
  ACCEPT: { AWAITING_ACCEPTANCE: 'IN_PROGRESS' },
  RETURN: { AWAITING_ACCEPTANCE: 'RETURNED' },
  EXTEND: { IN_PROGRESS: 'IN_PROGRESS' },
  REPLY: { IN_PROGRESS: 'REPLIED' },
  // A petitioner may rate the latest answer even after appealing against it.
  RATE: {
    REPLIED: 'REPLIED',
    REVIEW_REQUESTED: 'REVIEW_REQUESTED',
    REVIEW_DECIDED: 'REVIEW_DECIDED',
    REREVIEW_REQUESTED: 'REREVIEW_REQUESTED',
    CLOSED: 'CLOSED',
  },
  REQUEST_REVIEW: { REPLIED: 'REVIEW_REQUESTED' },
  DECIDE_REVIEW: { REVIEW_REQUESTED: 'REVIEW_DECIDED' },
  REQUEST_REREVIEW: { REVIEW_DECIDED: 'REREVIEW_REQUESTED' },
  DECIDE_REREVIEW: { REREVIEW_REQUESTED: 'CLOSED' },
  SUPERVISE: {
    AWAITING_ACCEPTANCE: 'AWAITING_ACCEPTANCE',
    IN_PROGRESS: 'IN_PROGRESS',
    REPLIED: 'REPLIED',
    REVIEW_REQUESTED: 'REVIEW_REQUESTED',
    REVIEW_DECIDED: 'REVIEW_DECIDED',
    REREVIEW_REQUESTED: 'REREVIEW_REQUESTED',
  },
};

const STATE_LABELS: Record<CaseState, string> = {
  AWAITING_ACCEPTANCE: '待受理',
  RETURNED: '已退回',
  IN_PROGRESS: '办理中',
  REPLIED: '已答复',
  REVIEW_REQUESTED: '复查中',
  REVIEW_DECIDED: '已复查',
  REREVIEW_REQUESTED: '复核中',
  CLOSED: '已办结',
};

/** The state after `action`, or the coded refusal a clerk sees. */
export function nextState(state: CaseState, action: CaseAction, closedReason?: ClosedReason | null): CaseState {
  const next = TRANSITIONS[action][state];
  if (next) return next;
  if (action === 'REPLY' && state === 'AWAITING_ACCEPTANCE') throw new CodedError('REPLY_BEFORE_ACCEPTANCE');
  if ((action === 'REQUEST_REVIEW' || action === 'REQUEST_REREVIEW') && state === 'CLOSED') {
    // After the re-review the same matter is not accepted again (art. 36); a lapsed window is a late request.
    throw closedReason === 'APPEAL_PERIOD_LAPSED' ? new CodedError('REVIEW_PERIOD_PASSED') : new CodedError('NO_LONGER_ACCEPTED');
  }
  if (action === 'RETURN' && state !== 'RETURNED') throw new CodedError('INVALID_STATE', `${STATE_LABELS[state]}的案件不能退回`);
  throw new CodedError('INVALID_STATE', `案件${STATE_LABELS[state]}`, { state });
}

export const MAX_EXTENSION_DAYS = 30;

export function checkExtension(alreadyExtended: boolean, days: number, maxDays = MAX_EXTENSION_DAYS): void {
  if (alreadyExtended) throw new CodedError('EXTENSION_ALREADY_USED');
  if (!Number.isInteger(days) || days < 1) throw new CodedError('BAD_USER_INPUT', '延长天数须为正整数', { field: 'days' });
  if (days > maxDays) throw new CodedError('EXTENSION_TOO_LONG', `最多${maxDays}日`, { field: 'days' });
}

/** The deadline a request must meet (a review or re-review asked for after its 30 days is refused). */
export function checkWithin(now: Date, dueAt: Date | undefined, code: 'REVIEW_PERIOD_PASSED' | 'RETURN_PERIOD_PASSED'): void {
  if (dueAt && now.getTime() > dueAt.getTime()) throw new CodedError(code);
}
