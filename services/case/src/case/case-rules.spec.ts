import { CodedError } from '@petition/subgraph';

import type { CaseAction, CaseState, ClosedReason } from './case-rules';
import { CASE_STATES, checkExtension, checkWithin, MAX_EXTENSION_DAYS, nextState } from './case-rules';

// The expected table, written out independently of the implementation's own map (条例 arts. 23, 34–36).
const EXPECTED_STATES: CaseState[] = [
  'AWAITING_ACCEPTANCE',
  'RETURNED',
  'IN_PROGRESS',
  'REPLIED',
  'REVIEW_REQUESTED',
  'REVIEW_DECIDED',
  'REREVIEW_REQUESTED',
  'CLOSED',
];
const ACTIONS: CaseAction[] = [
  'ACCEPT',
  'RETURN',
  'EXTEND',
  'REPLY',
  'RATE',
  'REQUEST_REVIEW',
  'DECIDE_REVIEW',
  'REQUEST_REREVIEW',
  'DECIDE_REREVIEW',
  'SUPERVISE',
];

const ALLOWED: Record<CaseAction, Partial<Record<CaseState, CaseState>>> = {
  ACCEPT: { AWAITING_ACCEPTANCE: 'IN_PROGRESS' },
  RETURN: { AWAITING_ACCEPTANCE: 'RETURNED' },
  EXTEND: { IN_PROGRESS: 'IN_PROGRESS' },
  REPLY: { IN_PROGRESS: 'REPLIED' },
  // The petitioner rates the latest answer: the reply, the review decision, or the re-review that closed it.
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
  // Supervision of any live case; not of one handed back, nor of one finished.
  SUPERVISE: {
    AWAITING_ACCEPTANCE: 'AWAITING_ACCEPTANCE',
    IN_PROGRESS: 'IN_PROGRESS',
    REPLIED: 'REPLIED',
    REVIEW_REQUESTED: 'REVIEW_REQUESTED',
    REVIEW_DECIDED: 'REVIEW_DECIDED',
    REREVIEW_REQUESTED: 'REREVIEW_REQUESTED',
  },
};

/** The refusal expected when `action` is not allowed in `state` (closed by re-review unless told otherwise). */
function expectedRefusal(state: CaseState, action: CaseAction, closedReason?: ClosedReason | null): string {
  if (action === 'REPLY' && state === 'AWAITING_ACCEPTANCE') return 'REPLY_BEFORE_ACCEPTANCE';
  if ((action === 'REQUEST_REVIEW' || action === 'REQUEST_REREVIEW') && state === 'CLOSED') {
    return closedReason === 'APPEAL_PERIOD_LAPSED' ? 'REVIEW_PERIOD_PASSED' : 'NO_LONGER_ACCEPTED';
  }
  return 'INVALID_STATE';
}

function refusal(run: () => unknown): CodedError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CodedError);
    return error as CodedError;
  }
  throw new Error('expected a refusal, but the call succeeded');
}

function expectCoded(error: CodedError, code: string) {
  expect(error.code).toBe(code);
  expect(error.extensions.code).toBe(code);
  // A message a clerk can read, ending in the stable code.
  expect(error.message).toMatch(new RegExp(`^[\\u4e00-\\u9fa5].*\\(${code}\\)$`));
}

describe('case transition table (nextState)', () => {
  it('knows exactly the eight states of the lifecycle', () => {
    expect([...CASE_STATES]).toEqual(EXPECTED_STATES);
  });

  const grid = EXPECTED_STATES.flatMap((state) => ACTIONS.map((action) => [state, action] as const));
  const allowed = grid.filter(([state, action]) => ALLOWED[action][state]);
  const refused = grid.filter(([state, action]) => !ALLOWED[action][state]);

  it('covers all 80 (state, action) pairs: 19 allowed, 61 refused', () => {
    expect(grid).toHaveLength(80);
    expect(allowed).toHaveLength(19);
    expect(refused).toHaveLength(61);
  });

  it.each(allowed)('%s + %s → the right next state', (state, action) => {
    expect(nextState(state, action)).toBe(ALLOWED[action][state]);
    // The closing reason only matters for appeals on a closed case.
    expect(nextState(state, action, 'REREVIEW_DECIDED')).toBe(ALLOWED[action][state]);
    expect(nextState(state, action, 'APPEAL_PERIOD_LAPSED')).toBe(ALLOWED[action][state]);
  });

  it.each(refused)('%s + %s → refused with the right code', (state, action) => {
    expectCoded(
      refusal(() => nextState(state, action)),
      expectedRefusal(state, action),
    );
    expectCoded(
      refusal(() => nextState(state, action, null)),
      expectedRefusal(state, action, null),
    );
  });

  it('replying before acceptance is REPLY_BEFORE_ACCEPTANCE, not a generic INVALID_STATE', () => {
    expectCoded(
      refusal(() => nextState('AWAITING_ACCEPTANCE', 'REPLY')),
      'REPLY_BEFORE_ACCEPTANCE',
    );
    // From the other non-handling states it is the generic refusal.
    for (const state of ['RETURNED', 'REPLIED', 'REVIEW_REQUESTED', 'CLOSED'] as const) {
      expectCoded(
        refusal(() => nextState(state, 'REPLY')),
        'INVALID_STATE',
      );
    }
  });

  describe('appeals after closing', () => {
    it.each(['REQUEST_REVIEW', 'REQUEST_REREVIEW'] as const)(
      '%s after the re-review decision → NO_LONGER_ACCEPTED (不再受理)',
      (action) => {
        expectCoded(
          refusal(() => nextState('CLOSED', action, 'REREVIEW_DECIDED')),
          'NO_LONGER_ACCEPTED',
        );
      },
    );

    it.each(['REQUEST_REVIEW', 'REQUEST_REREVIEW'] as const)('%s after the 30-day window lapsed → REVIEW_PERIOD_PASSED', (action) => {
      expectCoded(
        refusal(() => nextState('CLOSED', action, 'APPEAL_PERIOD_LAPSED')),
        'REVIEW_PERIOD_PASSED',
      );
    });

    it.each([undefined, null])('with no recorded reason (%p) the closed matter is no longer accepted', (reason) => {
      expectCoded(
        refusal(() => nextState('CLOSED', 'REQUEST_REVIEW', reason)),
        'NO_LONGER_ACCEPTED',
      );
      expectCoded(
        refusal(() => nextState('CLOSED', 'REQUEST_REREVIEW', reason)),
        'NO_LONGER_ACCEPTED',
      );
    });

    it.each(['ACCEPT', 'RETURN', 'EXTEND', 'REPLY', 'DECIDE_REVIEW', 'DECIDE_REREVIEW', 'SUPERVISE'] as const)(
      'any other action on a closed case (%s) is INVALID_STATE whatever the reason',
      (action) => {
        for (const reason of ['REREVIEW_DECIDED', 'APPEAL_PERIOD_LAPSED'] as const) {
          expectCoded(
            refusal(() => nextState('CLOSED', action, reason)),
            'INVALID_STATE',
          );
        }
      },
    );

    it('a rating of the last answer is still taken on a closed case', () => {
      expect(nextState('CLOSED', 'RATE', 'REREVIEW_DECIDED')).toBe('CLOSED');
      expect(nextState('CLOSED', 'RATE', 'APPEAL_PERIOD_LAPSED')).toBe('CLOSED');
    });
  });

  it('the appeal levels cannot be skipped or repeated', () => {
    expectCoded(
      refusal(() => nextState('REPLIED', 'REQUEST_REREVIEW')),
      'INVALID_STATE',
    );
    expectCoded(
      refusal(() => nextState('REVIEW_DECIDED', 'REQUEST_REVIEW')),
      'INVALID_STATE',
    );
    expectCoded(
      refusal(() => nextState('REPLIED', 'DECIDE_REVIEW')),
      'INVALID_STATE',
    );
    expectCoded(
      refusal(() => nextState('REVIEW_REQUESTED', 'DECIDE_REREVIEW')),
      'INVALID_STATE',
    );
    expectCoded(
      refusal(() => nextState('REVIEW_REQUESTED', 'REQUEST_REVIEW')),
      'INVALID_STATE',
    );
    expectCoded(
      refusal(() => nextState('REREVIEW_REQUESTED', 'REQUEST_REREVIEW')),
      'INVALID_STATE',
    );
  });

  it('a returned case is finished for this department: every action is refused', () => {
    for (const action of ACTIONS)
      expectCoded(
        refusal(() => nextState('RETURNED', action)),
        'INVALID_STATE',
      );
  });

  it('the generic refusal names the state in Chinese', () => {
    const e = refusal(() => nextState('IN_PROGRESS', 'ACCEPT'));
    expect(e.message).toContain('办理中');
    expect(e.extensions).toMatchObject({ code: 'INVALID_STATE', state: 'IN_PROGRESS' });
    expect(refusal(() => nextState('REPLIED', 'RETURN')).message).toContain('已答复的案件不能退回');
  });

  it('walks the whole lifecycle of DOMAIN.md rule 4 to CLOSED', () => {
    const path: CaseAction[] = [
      'ACCEPT',
      'EXTEND',
      'REPLY',
      'RATE',
      'REQUEST_REVIEW',
      'DECIDE_REVIEW',
      'RATE',
      'REQUEST_REREVIEW',
      'SUPERVISE',
      'DECIDE_REREVIEW',
      'RATE',
    ];
    const end = path.reduce<CaseState>((state, action) => nextState(state, action), 'AWAITING_ACCEPTANCE');
    expect(end).toBe('CLOSED');
  });
});

describe('checkExtension (one extension, at most 30 days)', () => {
  it('allows 1 to 30 days once', () => {
    expect(MAX_EXTENSION_DAYS).toBe(30);
    for (const days of [1, 15, 30]) expect(() => checkExtension(false, days)).not.toThrow();
  });

  it('refuses more than 30 days with EXTENSION_TOO_LONG naming the field', () => {
    for (const days of [31, 60, 365]) {
      const e = refusal(() => checkExtension(false, days));
      expectCoded(e, 'EXTENSION_TOO_LONG');
      expect(e.extensions.field).toBe('days');
      expect(e.message).toContain('30');
    }
  });

  it('refuses a second extension with EXTENSION_ALREADY_USED, before looking at the days', () => {
    for (const days of [1, 30, 31, 0, -1])
      expectCoded(
        refusal(() => checkExtension(true, days)),
        'EXTENSION_ALREADY_USED',
      );
  });

  it('refuses zero, negative, fractional or non-numeric days with BAD_USER_INPUT', () => {
    for (const days of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const e = refusal(() => checkExtension(false, days));
      expectCoded(e, 'BAD_USER_INPUT');
      expect(e.extensions.field).toBe('days');
    }
  });

  it('follows a configured maximum (e.g. one month)', () => {
    expect(() => checkExtension(false, 31, 31)).not.toThrow();
    expectCoded(
      refusal(() => checkExtension(false, 32, 31)),
      'EXTENSION_TOO_LONG',
    );
    expect(refusal(() => checkExtension(false, 16, 15)).message).toContain('15');
  });
});

describe('checkWithin (request windows)', () => {
  const due = new Date('2025-12-15T15:59:59.999Z'); // end of 2025-12-15 in China

  it('accepts a request up to and including the last instant', () => {
    expect(() => checkWithin(new Date('2025-12-15T10:00:00Z'), due, 'REVIEW_PERIOD_PASSED')).not.toThrow();
    expect(() => checkWithin(due, due, 'REVIEW_PERIOD_PASSED')).not.toThrow();
  });

  it('refuses one millisecond later with the given code', () => {
    const late = new Date(due.getTime() + 1);
    expectCoded(
      refusal(() => checkWithin(late, due, 'REVIEW_PERIOD_PASSED')),
      'REVIEW_PERIOD_PASSED',
    );
    expectCoded(
      refusal(() => checkWithin(late, due, 'RETURN_PERIOD_PASSED')),
      'RETURN_PERIOD_PASSED',
    );
  });

  it('has nothing to check when there is no window', () => {
    expect(() => checkWithin(new Date('2030-01-01T00:00:00Z'), undefined, 'REVIEW_PERIOD_PASSED')).not.toThrow();
  });
});
