import { planDecisions, PlannedItem } from './decision-rules';

const s = (id: string, status: PlannedItem['status'], kind: PlannedItem['kind'] = 'student') => ({
  id,
  status,
  kind,
});
const open = (students: number, chaperones = 1) => ({
  status: 'open',
  studentPlacesLeft: students,
  chaperonePlacesLeft: chaperones,
});

describe('planDecisions', () => {
  it.each([
    [
      'approves what has places, in order',
      [s('a', 'submitted'), s('b', 'submitted'), s('c', 'submitted')],
      'approve',
      open(2),
      ['a', 'b'],
      [['c', 'NO_PLACES_LEFT']],
    ],
    [
      'counts places per kind',
      [s('a', 'submitted', 'chaperone'), s('b', 'submitted', 'chaperone'), s('c', 'submitted')],
      'approve',
      open(1, 1),
      ['a', 'c'],
      [['b', 'NO_PLACES_LEFT']],
    ],
    [
      'an approved or offered one already holds its place',
      [s('a', 'approved'), s('b', 'offered'), s('c', 'submitted')],
      'approve',
      open(1),
      ['a', 'b', 'c'],
      [],
    ],
    [
      'refuses what the state does not allow',
      [s('a', 'rejected'), s('b', 'withdrawn'), s('c', 'waitlisted')],
      'waitlist',
      open(5),
      [],
      [
        ['a', 'ILLEGAL_TRANSITION'],
        ['b', 'ILLEGAL_TRANSITION'],
        ['c', 'ILLEGAL_TRANSITION'],
      ],
    ],
    [
      'rejects without places',
      [s('a', 'submitted'), s('b', 'offered')],
      'reject',
      open(0, 0),
      ['a', 'b'],
      [],
    ],
    [
      'a refused one takes no place',
      [s('a', 'rejected'), s('b', 'submitted')],
      'approve',
      open(1),
      ['b'],
      [['a', 'ILLEGAL_TRANSITION']],
    ],
  ] as const)('%s', (_what, items, decision, delegation, able, unable) => {
    const plan = planDecisions([...items], decision, delegation);
    expect(plan.able).toEqual(able);
    expect(plan.unable.map((u) => [u.id, u.code])).toEqual(unable);
  });

  it.each(['draft', 'completed', 'cancelled'])(
    'refuses every item while the delegation is %s',
    (status) => {
      const plan = planDecisions([s('a', 'submitted')], 'approve', { ...open(5), status });
      expect(plan).toEqual({
        able: [],
        unable: [{ id: 'a', code: 'DELEGATION_NOT_DECIDING', params: { status } }],
      });
    },
  );
});
