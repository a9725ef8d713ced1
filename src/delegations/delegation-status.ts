import { AppError } from '../common/errors/app-error';

export const DELEGATION_STATUSES = [
  'draft',
  'open',
  'closed',
  'roster_locked',
  'confirmed',
  'completed',
  'cancelled',
] as const;
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];

/** What schools and partners see: everything from `open` on, never drafts or cancellations. */
export const PUBLISHED_STATUSES: readonly DelegationStatus[] = [
  'open',
  'closed',
  'roster_locked',
  'confirmed',
  'completed',
];

const NEXT: Record<DelegationStatus, readonly DelegationStatus[]> = {
  draft: ['open', 'cancelled'],
  open: ['closed', 'cancelled'],
  // Reopening is allowed until the roster is locked.
  closed: ['open', 'roster_locked', 'cancelled'],
  // The partner approves (confirmed) or rejects (back to closed for changes).
  roster_locked: ['confirmed', 'closed', 'cancelled'],
  // A new roster version reopens the partner's approval.
  confirmed: ['completed', 'roster_locked', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function canTransition(from: DelegationStatus, to: DelegationStatus): boolean {
  return NEXT[from].includes(to);
}

export function assertTransition(from: DelegationStatus, to: DelegationStatus): void {
  if (!canTransition(from, to)) throw new AppError('ILLEGAL_TRANSITION', { from, to });
}

/**
 * Edges taken only by the roster: locking a version, the partner's approval or rejection.
 * Set by hand they would leave a delegation `confirmed` with nothing approved.
 */
const BY_ROSTER: Partial<Record<DelegationStatus, readonly DelegationStatus[]>> = {
  closed: ['roster_locked'],
  roster_locked: ['confirmed', 'closed'],
  confirmed: ['roster_locked'],
};

export function isRosterTransition(from: DelegationStatus, to: DelegationStatus): boolean {
  return BY_ROSTER[from]?.includes(to) ?? false;
}

/** What an organizer may do with the generic transition: everything but the roster's edges. */
export function assertManualTransition(from: DelegationStatus, to: DelegationStatus): void {
  if (isRosterTransition(from, to)) throw new AppError('ROSTER_TRANSITION', { from, to });
  assertTransition(from, to);
}
