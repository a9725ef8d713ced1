import {
  cutoffsOf,
  erasureRefusal,
  isDue,
  PersonFacts,
  RetentionPolicy,
  TripFact,
} from './retention-rules';

const policy = (personalMonths: number): RetentionPolicy => ({
  personalMonths,
  auditMonths: 36,
  historyDays: 180,
  keepNames: false,
});
// 2027-03-10 10:00 in Heihe.
const NOW = new Date('2027-03-10T02:00:00Z');
const trip = (
  returnDate: string,
  status: TripFact['status'] = 'approved',
  delegationStatus = 'completed',
  delegationId = 'd1',
): TripFact => ({
  status,
  delegationId,
  delegationStatus,
  returnDate,
});
const person = (trips: TripFact[], extra: Partial<PersonFacts> = {}): PersonFacts => ({
  erased: false,
  held: false,
  changedAt: new Date('2025-01-01T00:00:00Z'),
  trips,
  ...extra,
});

describe('retention cutoffs', () => {
  it.each([
    [12, '2026-03-10', '2026-03-10T02:00:00.000Z'],
    [0, '2027-03-10', '2027-03-10T02:00:00.000Z'],
    [1, '2027-02-10', '2027-02-10T02:00:00.000Z'],
  ])('%i months back from 2027-03-10', (months, returned, changed) => {
    const cutoffs = cutoffsOf(policy(months), NOW);
    expect(cutoffs.returnedBefore).toBe(returned);
    expect(cutoffs.changedBefore.toISOString()).toBe(changed);
  });

  it('counts days in Heihe: 23:30 UTC is already the next day there', () => {
    expect(cutoffsOf(policy(0), new Date('2027-03-09T23:30:00Z')).today).toBe('2027-03-10');
  });
});

describe('who is due', () => {
  const cutoffs = cutoffsOf(policy(12), NOW);
  it.each<[string, PersonFacts, boolean]>([
    ['returned 13 months ago', person([trip('2026-02-01')]), true],
    ['returned on the line itself', person([trip('2026-03-10')]), false],
    ['returned 11 months ago', person([trip('2026-04-01')]), false],
    [
      'one old trip and one ahead',
      person([trip('2025-08-01'), trip('2027-06-01', 'approved', 'confirmed', 'd2')]),
      false,
    ],
    [
      'a rejected application to a recent delegation',
      person([trip('2026-02-01'), trip('2026-12-01', 'rejected', 'completed', 'd2')]),
      false,
    ],
    [
      'an application to a delegation cancelled long ago',
      person([trip('2025-06-01', 'approved', 'cancelled')]),
      true,
    ],
    ['never applied, registered two years ago', person([]), true],
    [
      'never applied, registered last month',
      person([], { changedAt: new Date('2027-02-01T00:00:00Z') }),
      false,
    ],
    [
      'old trip, but the record was corrected last month',
      person([trip('2025-08-01')], { changedAt: new Date('2027-02-01T00:00:00Z') }),
      false,
    ],
    ['held themselves', person([trip('2025-08-01')], { held: true }), false],
    ['on a held delegation', person([trip('2025-08-01')], { heldDelegationIds: ['d1'] }), false],
    ['already erased', person([trip('2025-08-01')], { erased: true }), false],
  ])('%s', (_, facts, due) => {
    expect(isDue(facts, cutoffs)).toBe(due);
  });

  it('with 0 months everything past its return is due at once', () => {
    const now = cutoffsOf(policy(0), NOW);
    expect(isDue(person([trip('2027-03-09')]), now)).toBe(true);
    expect(isDue(person([trip('2027-03-10')]), now)).toBe(false);
  });
});

describe('erasure on request', () => {
  it.each<[string, TripFact[], ReturnType<typeof erasureRefusal>]>([
    ['no applications', [], null],
    ['a trip that returned yesterday', [trip('2027-03-09')], null],
    [
      'on a trip returning today',
      [trip('2027-03-10', 'approved', 'confirmed')],
      { code: 'PARTICIPANT_ON_UPCOMING_TRIP', delegationId: 'd1' },
    ],
    ['approved for a cancelled trip', [trip('2027-05-01', 'approved', 'cancelled')], null],
    [
      'waitlisted for a trip ahead',
      [trip('2027-05-01', 'waitlisted', 'open')],
      { code: 'PARTICIPANT_HAS_OPEN_APPLICATION', count: 1 },
    ],
    ['rejected for a trip ahead', [trip('2027-05-01', 'rejected', 'closed')], null],
    [
      'withdrawn and submitted ahead',
      [trip('2027-05-01', 'withdrawn', 'open'), trip('2027-06-01', 'submitted', 'open', 'd2')],
      { code: 'PARTICIPANT_HAS_OPEN_APPLICATION', count: 1 },
    ],
  ])('%s', (_, trips, refusal) => {
    expect(erasureRefusal(trips, '2027-03-10')).toEqual(refusal);
  });
});
