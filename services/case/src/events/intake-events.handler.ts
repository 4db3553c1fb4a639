import type { HandlerMap } from '@petition/events';

import type { CaseService } from '../case/case.service';

// The case service learns of a routing only from intake's event, never from intake's tables.
export function intakeEventHandlers(cases: CaseService): HandlerMap {
  return {
    'intake.petition.routed': (event, tx) => cases.openFromRouting(event, tx),
  };
}
