import { conflict } from '../common/errors/app-error';

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
  roster_locked: ['confirmed', 'cancelled'],
  confirmed: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function canTransition(from: DelegationStatus, to: DelegationStatus): boolean {
  return NEXT[from].includes(to);
}

export function assertTransition(from: DelegationStatus, to: DelegationStatus): void {
  if (!canTransition(from, to)) throw conflict('ILLEGAL_TRANSITION', { from, to });
}
