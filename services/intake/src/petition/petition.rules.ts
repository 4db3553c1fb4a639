import { CodedError } from '@petition/subgraph';

import type { VisitKind } from './enums';
import type { PetitionRow } from './petition.row';

// Pure rules of a petition's registration and decisions.

export function resolveVisitKind(
  given: VisitKind | undefined,
  headcount: number | undefined,
  listed: number,
): { visitKind: VisitKind; headcount: number } {
  if (given === 'COLLECTIVE') {
    if (headcount === undefined || headcount === null) throw new CodedError('HEADCOUNT_REQUIRED', undefined, { field: 'headcount' });
    if (headcount < 5) throw new CodedError('BAD_USER_INPUT', '集体访人数须为5人以上', { field: 'headcount' });
    if (headcount < listed) throw new CodedError('BAD_USER_INPUT', '人数少于登记的信访人数', { field: 'headcount' });
    return { visitKind: 'COLLECTIVE', headcount };
  }
  const count = headcount ?? listed;
  if (count < listed) throw new CodedError('BAD_USER_INPUT', '人数少于登记的信访人数', { field: 'headcount' });
  if (given === 'INDIVIDUAL' && count >= 5) {
    throw new CodedError('BAD_USER_INPUT', '5人以上应登记为集体访 (COLLECTIVE)', { field: 'visitKind' });
  }
  return { visitKind: count >= 5 ? 'COLLECTIVE' : 'INDIVIDUAL', headcount: count };
}

export function petitionFacts(row: PetitionRow) {
  return {
    petitionId: row.id,
    trackingNumber: row.tracking_number,
    channel: row.channel as never,
    visitKind: row.visit_kind as never,
    headcount: row.headcount,
    nature: row.nature as never,
    categoryCode: row.category_code,
    level: row.level as never,
    skipLevel: row.skip_level,
    regionCode: row.region_code,
    // Accusation material never leaves intake.
    involvedOrganization: row.nature === 'ACCUSATION' ? null : row.involved_organization,
    registeredAt: row.registered_at.toISOString(),
  };
}

export function stateError(status: string) {
  const label: Record<string, string> = {
    NOT_ACCEPTED: '已作出不予受理决定',
    LINKED_AS_REPEAT: '已作为重复件关联',
    CLOSED: '已办结',
    ROUTED: '已转送或交办',
  };
  return status === 'NOT_ACCEPTED' || status === 'LINKED_AS_REPEAT'
    ? new CodedError('ALREADY_DECIDED', label[status])
    : new CodedError('INVALID_STATE', label[status] ?? status);
}
