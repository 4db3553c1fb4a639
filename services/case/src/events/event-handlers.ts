import type { HandlerMap } from '@petition/events';

import type { CaseService } from '../case/case.service';

// The case service learns of a routing only from intake's event, never from intake's tables, and
// of a joint reception session's lead and cooperating departments only from the reception's event.
export function caseEventHandlers(cases: CaseService): HandlerMap {
  return {
    'intake.petition.routed': (event, tx) => cases.openFromRouting(event, tx),
    'reception.jointSession.concluded': (event, tx) => cases.applyJointSession(event, tx),
  };
}
