import { AppError } from '../common/errors/app-error';
import {
  assertManualTransition,
  assertTransition,
  canTransition,
  DELEGATION_STATUSES,
  DelegationStatus,
} from './delegation-status';

const ALLOWED: [DelegationStatus, DelegationStatus][] = [
  ['draft', 'open'],
  ['draft', 'cancelled'],
  ['open', 'closed'],
  ['open', 'cancelled'],
  ['closed', 'open'],
  ['closed', 'roster_locked'],
  ['closed', 'cancelled'],
  ['roster_locked', 'confirmed'],
  ['roster_locked', 'closed'],
  ['roster_locked', 'cancelled'],
  ['confirmed', 'completed'],
  ['confirmed', 'roster_locked'],
  ['confirmed', 'cancelled'],
];

/** Taken by locking a roster version and by the partner's decision, never by hand. */
const BY_ROSTER: [DelegationStatus, DelegationStatus][] = [
  ['closed', 'roster_locked'],
  ['roster_locked', 'confirmed'],
  ['roster_locked', 'closed'],
  ['confirmed', 'roster_locked'],
];

const isAllowed = (from: DelegationStatus, to: DelegationStatus) =>
  ALLOWED.some(([f, t]) => f === from && t === to);

const EVERY_PAIR = DELEGATION_STATUSES.flatMap((from) =>
  DELEGATION_STATUSES.map((to) => [from, to, isAllowed(from, to)] as const),
);

describe('delegation status', () => {
  it.each(EVERY_PAIR)('%s → %s: %s', (from, to, expected) => {
    expect(canTransition(from, to)).toBe(expected);
  });

  it.each(EVERY_PAIR.filter(([, , allowed]) => !allowed))(
    'refuses %s → %s with 409 ILLEGAL_TRANSITION',
    (from, to) => {
      let thrown: unknown;
      try {
        assertTransition(from, to);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect(thrown).toMatchObject({
        code: 'ILLEGAL_TRANSITION',
        status: 409,
        params: { from, to },
      });
    },
  );

  it.each(ALLOWED)('accepts %s → %s', (from, to) => {
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each(BY_ROSTER)('leaves %s → %s to the roster: 409 ROSTER_TRANSITION by hand', (from, to) => {
    expect(() => assertManualTransition(from, to)).toThrow(
      expect.objectContaining({ code: 'ROSTER_TRANSITION', status: 409, params: { from, to } }),
    );
  });

  it('lets every other legal transition be made by hand, and refuses illegal ones as before', () => {
    const manual = ALLOWED.filter(([f, t]) => !BY_ROSTER.some(([rf, rt]) => rf === f && rt === t));
    for (const [from, to] of manual) expect(() => assertManualTransition(from, to)).not.toThrow();
    expect(() => assertManualTransition('draft', 'confirmed')).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
    );
  });

  it('ends in completed and cancelled, and cancels anything before completion', () => {
    for (const from of DELEGATION_STATUSES) {
      const final = from === 'completed' || from === 'cancelled';
      expect(DELEGATION_STATUSES.some((to) => canTransition(from, to))).toBe(!final);
      expect(canTransition(from, 'cancelled')).toBe(!final);
    }
  });
});
