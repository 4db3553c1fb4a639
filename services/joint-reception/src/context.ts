import DataLoader from 'dataloader';

import type { RequestContext } from '@petition/service-kit';

import type { HallService } from './reception/hall.service';
import type { LeaderService } from './reception/leader.service';
import type { Appointment, JointSession, Ticket } from './reception/model';
import type { StationRow } from './reception/rows';
import type { VisitService } from './reception/visit.service';

export interface ReceptionContext extends RequestContext {
  loaders: {
    stations: DataLoader<string, StationRow[]>;
    visitsOfPetition: DataLoader<string, Ticket[]>;
    sessionsOfPetition: DataLoader<string, JointSession[]>;
    appointmentsOfPetition: DataLoader<string, Appointment[]>;
  };
}

// Per-request loaders: nested lists and `Petition` extensions are batched, each batch filtered by
// the caller's hall visibility in SQL.
export function buildReceptionContext(
  base: RequestContext,
  services: { halls: HallService; visits: VisitService; leaders: LeaderService },
): ReceptionContext {
  return {
    ...base,
    loaders: {
      stations: new DataLoader((ids) => services.halls.stationsOf(ids)),
      visitsOfPetition: new DataLoader((ids) => services.visits.visitsOfPetitions(base.caller, ids)),
      sessionsOfPetition: new DataLoader((ids) => services.visits.sessionsOfPetitions(base.caller, ids)),
      appointmentsOfPetition: new DataLoader((ids) => services.leaders.appointmentsOfPetitions(base.caller, ids)),
    },
  };
}
