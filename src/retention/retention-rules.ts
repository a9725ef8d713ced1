import { addMonths } from '../delegations/travel-rules';
import { HEIHE_ZONE, todayIn } from '../localization/local-times';

const DAY_MS = 86_400_000;

/** The retention policy as configured (README, Configuration). */
export interface RetentionPolicy {
  personalMonths: number;
  auditMonths: number;
  historyDays: number;
  keepNames: boolean;
}

/** The lines the policy draws on one day. */
export interface Cutoffs {
  /** The committee's calendar day (Heihe) the run counts from. */
  today: string;
  /** A trip returning on or after this day still needs its people's data. */
  returnedBefore: string;
  /** A person changed at or after this instant is still being worked on. */
  changedBefore: Date;
  /** Audit entries older than this are deleted. */
  auditBefore: Date;
}

export function cutoffsOf(policy: RetentionPolicy, now: Date): Cutoffs {
  const today = todayIn(HEIHE_ZONE, now);
  return {
    today,
    returnedBefore: addMonths(today, -policy.personalMonths),
    changedBefore: monthsBefore(now, policy.personalMonths),
    auditBefore: monthsBefore(now, policy.auditMonths),
  };
}

function monthsBefore(now: Date, months: number): Date {
  const date = now.toISOString().slice(0, 10);
  const back = addMonths(date, -months);
  return new Date(Date.parse(`${back}T00:00:00Z`) + (now.getTime() % DAY_MS));
}

/** One application of a person, with what its delegation says about the trip. */
export interface TripFact {
  status: 'submitted' | 'approved' | 'waitlisted' | 'offered' | 'rejected' | 'withdrawn';
  delegationId: string;
  delegationStatus: string;
  returnDate: string;
}

export interface PersonFacts {
  erased: boolean;
  held: boolean;
  /** When the person's record was last changed (created, edited). */
  changedAt: Date;
  trips: TripFact[];
  heldDelegationIds?: readonly string[];
}

/**
 * Whether the policy erases this person now (DOMAIN.md, Data lifecycle): not erased yet,
 * not held (themselves or through a delegation they applied to), every delegation they
 * applied to returned before the policy's line, and their record untouched since that
 * line too, so that someone registered and never sent is not kept forever either. The
 * job's queries do exactly this; the table-driven test pins it.
 */
export function isDue(person: PersonFacts, cutoffs: Cutoffs): boolean {
  if (person.erased || person.held) return false;
  if (person.changedAt.getTime() >= cutoffs.changedBefore.getTime()) return false;
  return person.trips.every(
    (trip) =>
      trip.returnDate < cutoffs.returnedBefore &&
      !(person.heldDelegationIds ?? []).includes(trip.delegationId),
  );
}

const OPEN = ['submitted', 'waitlisted', 'offered'];

export type Refusal =
  | { code: 'PARTICIPANT_ON_UPCOMING_TRIP'; delegationId: string }
  | { code: 'PARTICIPANT_HAS_OPEN_APPLICATION'; count: number };

/**
 * Why one person cannot be erased on request now, if anything: they are on the roster of
 * a trip that has not returned (an approved place on a delegation not cancelled, whose
 * return day has not passed), or they still have an application in the running.
 */
export function erasureRefusal(trips: TripFact[], today: string): Refusal | null {
  const ahead = trips.filter((t) => t.delegationStatus !== 'cancelled' && t.returnDate >= today);
  const onRoster = ahead.find((t) => t.status === 'approved');
  if (onRoster)
    return { code: 'PARTICIPANT_ON_UPCOMING_TRIP', delegationId: onRoster.delegationId };
  const open = ahead.filter((t) => OPEN.includes(t.status)).length;
  return open ? { code: 'PARTICIPANT_HAS_OPEN_APPLICATION', count: open } : null;
}
