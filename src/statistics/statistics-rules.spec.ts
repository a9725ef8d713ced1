import { AppError } from '../common/errors/app-error';
import {
  ageBand,
  DelegationFact,
  delegationSummary,
  DeliveryFact,
  deliverySummary,
  FunnelFact,
  funnelOf,
  involvement,
  NoticeFact,
  noticeSummary,
  partnerSets,
  publicCount,
  publicDirections,
  TravellerFacts,
  TravellerGroup,
  travellersOf,
} from './statistics-rules';
import { comparedYears, periodOf, yearPeriod } from './period-rules';

const delegation = (over: Partial<DelegationFact>): DelegationFact => ({
  id: 'd',
  direction: 'CN_TO_RU',
  status: 'completed',
  hostOrganizationId: 'p1',
  departureDate: '2025-07-01',
  returnDate: '2025-07-10',
  studentPlaces: 10,
  chaperonePlaces: 2,
  studentPlacesTaken: 8,
  chaperonePlacesTaken: 2,
  ...over,
});

/** A hand-built year: the answers below are counted by hand. */
const DELEGATIONS: DelegationFact[] = [
  delegation({
    id: 'a',
    departureDate: '2024-08-01',
    returnDate: '2024-08-05',
    hostOrganizationId: 'p1',
  }),
  delegation({
    id: 'b',
    departureDate: '2025-03-01',
    returnDate: '2025-03-15',
    hostOrganizationId: 'p1',
  }),
  delegation({
    id: 'c',
    direction: 'RU_TO_CN',
    status: 'confirmed',
    departureDate: '2025-07-01',
    returnDate: '2025-07-07',
    hostOrganizationId: 'p2',
    studentPlaces: 20,
    chaperonePlaces: 3,
    studentPlacesTaken: 20,
    chaperonePlacesTaken: 1,
  }),
  delegation({
    id: 'x',
    status: 'cancelled',
    departureDate: '2025-09-01',
    hostOrganizationId: 'p3',
  }),
  delegation({ id: 'y', status: 'draft', departureDate: '2025-10-01', hostOrganizationId: 'p4' }),
  delegation({ id: 'z', status: 'open', departureDate: '2026-01-10', returnDate: '2026-01-12' }),
];

describe('statistics rules', () => {
  it.each([
    [0, '0-9'],
    [9, '0-9'],
    [10, '10-13'],
    [13, '10-13'],
    [14, '14-17'],
    [17, '14-17'],
    [18, '18-34'],
    [34, '18-34'],
    [35, '35-59'],
    [59, '35-59'],
    [60, '60+'],
    [82, '60+'],
    [-1, '0-9'],
  ])('age %i is in band %s', (age, band) => {
    expect(ageBand(age)).toBe(band);
  });

  it.each([
    [{}, { from: '2026-01-01', to: '2026-12-31', year: 2026 }],
    [{ year: 2024 }, { from: '2024-01-01', to: '2024-12-31', year: 2024 }],
    [
      { from: '2025-03-01', to: '2025-08-31' },
      { from: '2025-03-01', to: '2025-08-31', year: null },
    ],
    [
      { from: '2025-01-01', to: '2025-12-31' },
      { from: '2025-01-01', to: '2025-12-31', year: 2025 },
    ],
    [
      { from: '2024-01-01', to: '2025-12-31' },
      { from: '2024-01-01', to: '2025-12-31', year: null },
    ],
    [
      { from: '2025-06-01', to: '2025-06-01' },
      { from: '2025-06-01', to: '2025-06-01', year: null },
    ],
  ])('the period of %j', (query, period) => {
    expect(periodOf(query, '2026-05-05')).toEqual(period);
  });

  it.each([
    [{ year: 2025, from: '2025-01-01' }, 'year', 'PERIOD_YEAR_OR_RANGE'],
    [{ from: '2025-01-01' }, 'to', 'REQUIRED'],
    [{ to: '2025-01-01' }, 'from', 'REQUIRED'],
    [{ from: '2025-02-30', to: '2025-03-01' }, 'from', 'IS_PLAIN_DATE'],
    [{ from: '1999-12-31', to: '2000-01-10' }, 'from', 'PERIOD_OUT_OF_RANGE'],
    [{ from: '2025-05-02', to: '2025-05-01' }, 'to', 'PERIOD_ENDS_BEFORE_START'],
    [{ from: '2010-01-01', to: '2020-01-01' }, 'to', 'PERIOD_TOO_LONG'],
  ])('%j is refused on %s with %s', (query, field, code) => {
    let error: unknown;
    try {
      periodOf(query, '2026-05-05');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).fieldErrors).toEqual([{ field, code }]);
  });

  it.each([
    [yearPeriod(2025), 2023, [2023, 2024, 2025]],
    [yearPeriod(2025), null, [2025]],
    [yearPeriod(2025), 2026, [2025]],
    [yearPeriod(2025), 2001, [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]],
    [{ from: '2024-06-01', to: '2025-05-31', year: null }, 2025, [2024, 2025]],
  ])('years compared for %j with data from %s', (period, first, years) => {
    expect(comparedYears(period, first)).toEqual(years);
  });

  it('sums the delegations of a period: states, directions, places, stays', () => {
    expect(delegationSummary(DELEGATIONS, yearPeriod(2025))).toEqual({
      total: 2, // b and c; the cancelled x and the draft y are left out
      byDirection: { CN_TO_RU: 1, RU_TO_CN: 1 },
      byState: {
        draft: 1,
        open: 0,
        closed: 0,
        roster_locked: 0,
        confirmed: 1,
        completed: 1,
        cancelled: 1,
      },
      places: {
        offered: { students: 30, chaperones: 5, total: 35 },
        taken: { students: 28, chaperones: 3, total: 31 },
      },
      // b: 1–15 March is 15 days, c: 1–7 July is 7 days.
      stays: { delegations: 2, totalDays: 22, averageDays: 11, longestDays: 15 },
    });
    expect(delegationSummary(DELEGATIONS, yearPeriod(2023)).stays).toEqual({
      delegations: 0,
      totalDays: 0,
      averageDays: null,
      longestDays: null,
    });
  });

  it('counts partners involved and new: hosts of held delegations, never before the period', () => {
    const sets = partnerSets(DELEGATIONS, yearPeriod(2025));
    expect([...sets.inPeriod].sort()).toEqual(['p1', 'p2']);
    expect(involvement(sets.inPeriod, sets.before)).toEqual({ involved: 2, new: 1 });
    expect(involvement(new Set(['s1', 's2', 's3']), new Set(['s2']))).toEqual({
      involved: 3,
      new: 2,
    });
  });

  const FUNNEL: FunnelFact[] = [
    { delegationId: 'b', status: 'submitted', wasWaitlisted: false, count: 2 },
    { delegationId: 'b', status: 'approved', wasWaitlisted: false, count: 10 },
    { delegationId: 'b', status: 'approved', wasWaitlisted: true, count: 3 },
    { delegationId: 'b', status: 'waitlisted', wasWaitlisted: true, count: 4 },
    { delegationId: 'b', status: 'offered', wasWaitlisted: true, count: 1 },
    { delegationId: 'b', status: 'rejected', wasWaitlisted: false, count: 5 },
    { delegationId: 'b', status: 'withdrawn', wasWaitlisted: true, count: 2 },
    { delegationId: 'c', status: 'approved', wasWaitlisted: false, count: 7 },
  ];

  it.each([
    [
      'one delegation',
      new Set(['b']),
      {
        submitted: 27,
        pending: 2,
        approved: 13,
        waitlisted: 4,
        offered: 1,
        rejected: 5,
        withdrawn: 2,
        everWaitlisted: 10,
        approvedFromWaitlist: 3,
      },
    ],
    ['another', new Set(['c']), { submitted: 7, approved: 7 }],
    ['none', new Set<string>(), {}],
  ])('the application funnel of %s', (_name, ids, expected) => {
    const zero = {
      submitted: 0,
      pending: 0,
      approved: 0,
      waitlisted: 0,
      offered: 0,
      rejected: 0,
      withdrawn: 0,
      everWaitlisted: 0,
      approvedFromWaitlist: 0,
    };
    expect(funnelOf(FUNNEL, ids)).toEqual({ ...zero, ...expected });
  });

  it('adds up the database’s groups of travellers: ages in bands, schools ranked', () => {
    const group = (over: Partial<TravellerGroup>): TravellerGroup => ({
      bucket: '2025',
      nationality: 'CN',
      gender: 'female',
      age: 12,
      schoolId: 's1',
      kind: 'student',
      count: 1,
      ...over,
    });
    const facts: TravellerFacts = {
      groups: [
        group({ age: 9 }),
        group({ age: 12, count: 3 }),
        group({ age: 13, gender: 'male', count: 2 }),
        group({ age: 16, nationality: 'RU', schoolId: 's2', count: 3 }),
        group({ age: 45, kind: 'teacher', gender: 'male', count: 2, schoolId: 's2' }),
        group({ age: 66, kind: 'volunteer', nationality: 'RU', gender: 'male', schoolId: 's2' }),
        // Locked before ages were kept: counted, in no band.
        group({ age: null, kind: 'other', schoolId: 's3' }),
        group({ bucket: '2024', count: 99 }),
      ],
      directions: [
        { bucket: '2025', direction: 'CN_TO_RU', count: 9 },
        { bucket: '2025', direction: 'RU_TO_CN', count: 5 },
        { bucket: '2024', direction: 'RU_TO_CN', count: 99 },
      ],
    };
    expect(travellersOf(facts, '2025')).toEqual({
      total: 13,
      byDirection: { CN_TO_RU: 9, RU_TO_CN: 5 },
      byNationality: { CN: 9, RU: 4 },
      byGender: { female: 8, male: 5 },
      byAgeBand: { '0-9': 1, '10-13': 5, '14-17': 3, '18-34': 0, '35-59': 2, '60+': 1 },
      byKind: { student: 9, teacher: 2, volunteer: 1, other: 1 },
      bySchool: [
        { schoolId: 's1', count: 6 },
        { schoolId: 's2', count: 6 },
        { schoolId: 's3', count: 1 },
      ],
    });
    expect(travellersOf(facts, '2024')).toMatchObject({ total: 99, byDirection: { RU_TO_CN: 99 } });
    expect(travellersOf(facts, '2023').total).toBe(0);
  });

  it('counts notices by the languages they were published in', () => {
    const notices: NoticeFact[] = [
      { day: '2025-01-01', zh: true, ru: true },
      { day: '2025-06-30', zh: true, ru: false },
      { day: '2025-12-31', zh: false, ru: true },
      { day: '2025-12-31', zh: true, ru: true },
      { day: '2026-01-01', zh: true, ru: true },
    ];
    expect(noticeSummary(notices, yearPeriod(2025))).toEqual({
      published: 4,
      byLanguage: { both: 2, zh: 1, ru: 1 },
    });
  });

  it('counts deliveries by channel and state, live rows and tallies alike', () => {
    const facts: DeliveryFact[] = [
      { bucket: 'all', channel: 'email', status: 'sent', count: 10 },
      { bucket: 'all', channel: 'email', status: 'sent', count: 5 },
      { bucket: 'all', channel: 'email', status: 'failed', count: 2 },
      { bucket: 'all', channel: 'webhook', status: 'pending', count: 1 },
      { bucket: '2024', channel: 'in_app', status: 'sent', count: 50 },
    ];
    const summary = deliverySummary(facts, 'all');
    expect(summary).toEqual({
      total: 18,
      sent: 15,
      failed: 2,
      pending: 1,
      byChannel: {
        email: { total: 17, sent: 15, failed: 2, pending: 0 },
        in_app: { total: 0, sent: 0, failed: 0, pending: 0 },
        webhook: { total: 1, sent: 0, failed: 0, pending: 1 },
      },
    });
  });

  it.each([
    [0, null, true],
    [1, null, true],
    [4, null, true],
    [5, 5, false],
    [120, 120, false],
  ])('a public count of %i people shows %s', (n, value, suppressed) => {
    expect(publicCount(n)).toEqual({ value, suppressed });
  });

  it.each([
    ['both shown', 20, { CN_TO_RU: 12, RU_TO_CN: 8 }, true],
    ['one under 5', 10, { CN_TO_RU: 7, RU_TO_CN: 3 }, false],
    ['none one way', 7, { CN_TO_RU: 7, RU_TO_CN: 0 }, false],
    ['three went both ways: 9 + 8 − 14', 14, { CN_TO_RU: 9, RU_TO_CN: 8 }, false],
    ['five went both ways', 15, { CN_TO_RU: 10, RU_TO_CN: 10 }, true],
    ['too few in all', 4, { CN_TO_RU: 2, RU_TO_CN: 2 }, false],
  ])('public directions, %s', (_name, total, byDirection, shown) => {
    const cells = publicDirections(total, byDirection);
    expect(cells).toEqual({
      CN_TO_RU: shown
        ? { value: byDirection.CN_TO_RU, suppressed: false }
        : { value: null, suppressed: true },
      RU_TO_CN: shown
        ? { value: byDirection.RU_TO_CN, suppressed: false }
        : { value: null, suppressed: true },
    });
  });
});
