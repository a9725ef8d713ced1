import { AppError } from '../common/errors/app-error';
import {
  APPLICATION_STATUSES,
  ApplicationEvent,
  applyEvent,
  holdsPlace,
  nextStatus,
} from './application-status';

describe('application status', () => {
  const table: [string, ApplicationEvent, string | undefined][] = [
    ['submitted', 'approve', 'approved'],
    ['submitted', 'waitlist', 'waitlisted'],
    ['submitted', 'reject', 'rejected'],
    ['submitted', 'withdraw', 'withdrawn'],
    ['submitted', 'offer', undefined],
    ['waitlisted', 'approve', 'approved'],
    ['waitlisted', 'offer', 'offered'],
    ['waitlisted', 'reject', 'rejected'],
    ['waitlisted', 'waitlist', undefined],
    ['waitlisted', 'withdraw', 'withdrawn'],
    ['offered', 'approve', 'approved'],
    ['offered', 'reject', 'rejected'],
    ['offered', 'withdraw', 'withdrawn'],
    ['offered', 'waitlist', undefined],
    ['approved', 'approve', 'approved'],
    ['approved', 'withdraw', 'withdrawn'],
    ['approved', 'reject', undefined],
    ['approved', 'waitlist', undefined],
  ];
  it.each(table)('%s --%s--> %s', (from, event, to) => {
    expect(nextStatus(from as never, event)).toBe(to);
  });

  it.each(['rejected', 'withdrawn'] as const)('%s is final', (from) => {
    for (const event of ['approve', 'waitlist', 'reject', 'withdraw', 'offer'] as const) {
      expect(nextStatus(from, event)).toBeUndefined();
    }
  });

  it.each([
    ['approved', true],
    ['offered', true],
    ['submitted', false],
    ['waitlisted', false],
    ['rejected', false],
    ['withdrawn', false],
  ] as const)('%s holds a place: %s', (status, holds) => {
    expect(holdsPlace(status)).toBe(holds);
  });

  it('refuses an illegal event with 409 ILLEGAL_TRANSITION', () => {
    expect(() => applyEvent('rejected', 'approve')).toThrow(AppError);
    try {
      applyEvent('withdrawn', 'withdraw');
    } catch (error) {
      expect(error).toMatchObject({ status: 409, code: 'ILLEGAL_TRANSITION' });
    }
    expect(APPLICATION_STATUSES).toHaveLength(6);
  });
});
