import { ErrorCode } from '../common/errors/error-codes';
import { Decision, DECIDING_STATES, holdsPlace, nextStatus } from './application-status';
import type { ApplicationStatus } from './application-status';

export interface PlannedItem {
  id: string;
  status: ApplicationStatus;
  kind: 'student' | 'chaperone';
}

export interface DecisionPlan {
  /** In the order given: these can take the decision, together. */
  able: string[];
  /** These cannot, each with the refusal the service would give. */
  unable: { id: string; code: ErrorCode; params: Record<string, unknown> }[];
}

/**
 * Which of several applications of one delegation can take one decision, as the service
 * would decide them in this order: the state allows it, and an approval finds a place
 * (the places an earlier item of the same batch takes are no longer free). The batch the
 * service runs is all or nothing; this is how a page submits only what can pass.
 */
export function planDecisions(
  items: PlannedItem[],
  decision: Decision,
  delegation: { status: string; studentPlacesLeft: number; chaperonePlacesLeft: number },
): DecisionPlan {
  const plan: DecisionPlan = { able: [], unable: [] };
  if (!DECIDING_STATES.includes(delegation.status)) {
    for (const item of items) {
      plan.unable.push({
        id: item.id,
        code: 'DELEGATION_NOT_DECIDING',
        params: { status: delegation.status },
      });
    }
    return plan;
  }
  const left = { student: delegation.studentPlacesLeft, chaperone: delegation.chaperonePlacesLeft };
  for (const item of items) {
    if (!nextStatus(item.status, decision)) {
      plan.unable.push({
        id: item.id,
        code: 'ILLEGAL_TRANSITION',
        params: { from: item.status, to: decision },
      });
      continue;
    }
    if (decision === 'approve' && !holdsPlace(item.status)) {
      if (left[item.kind] <= 0) {
        plan.unable.push({ id: item.id, code: 'NO_PLACES_LEFT', params: { kind: item.kind } });
        continue;
      }
      left[item.kind] -= 1;
    }
    plan.able.push(item.id);
  }
  return plan;
}
