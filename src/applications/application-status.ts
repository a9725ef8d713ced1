import { AppError } from '../common/errors/app-error';

export const APPLICATION_STATUSES = [
  'submitted',
  'approved',
  'waitlisted',
  'offered',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const DECISIONS = ['approve', 'waitlist', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];
export type ApplicationEvent = Decision | 'withdraw' | 'offer';

/**
 * DOMAIN.md: submitted → approved | waitlisted | rejected; waitlisted → offered (a place
 * came free) → approved; the school withdraws anything not yet final. Approving an
 * approved application again confirms data changed since the approval.
 */
const TRANSITIONS: Record<
  ApplicationEvent,
  Partial<Record<ApplicationStatus, ApplicationStatus>>
> = {
  approve: {
    submitted: 'approved',
    waitlisted: 'approved',
    offered: 'approved',
    approved: 'approved',
  },
  waitlist: { submitted: 'waitlisted' },
  reject: { submitted: 'rejected', waitlisted: 'rejected', offered: 'rejected' },
  offer: { waitlisted: 'offered' },
  withdraw: {
    submitted: 'withdrawn',
    approved: 'withdrawn',
    waitlisted: 'withdrawn',
    offered: 'withdrawn',
  },
};

export function nextStatus(
  from: ApplicationStatus,
  event: ApplicationEvent,
): ApplicationStatus | undefined {
  return TRANSITIONS[event][from];
}

export function applyEvent(from: ApplicationStatus, event: ApplicationEvent): ApplicationStatus {
  const to = nextStatus(from, event);
  if (!to) throw new AppError('ILLEGAL_TRANSITION', { from, to: event });
  return to;
}

/**
 * Whether the application holds one of the delegation's places. An offer keeps the freed
 * place for the first waitlisted until an organizer approves or rejects it.
 */
export function holdsPlace(status: ApplicationStatus): boolean {
  return status === 'approved' || status === 'offered';
}

/** Delegation states in which organizers still decide on applications. */
export const DECIDING_STATES = ['open', 'closed', 'roster_locked', 'confirmed'];
