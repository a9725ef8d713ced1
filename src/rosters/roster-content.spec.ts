import { createHash } from 'node:crypto';
import {
  canonicalForm,
  CONTENT_FIELDS,
  diffHeaders,
  diffRosters,
  HEADER_FIELDS,
  isEmptyDiff,
  orderRoster,
  RosterHeader,
  RosterPerson,
  rosterHash as hashOf,
} from './roster-content';

const HEADER: RosterHeader = {
  direction: 'CN_TO_RU',
  departureDate: '2026-07-10',
  returnDate: '2026-07-16',
  hostOrganizationId: 'host-1',
};
const rosterHash = (delegationId: string, people: RosterPerson[], header = HEADER) =>
  hashOf(delegationId, header, people);

function person(id: string, overrides: Partial<RosterPerson> = {}): RosterPerson {
  return {
    participantId: id,
    applicationId: `app-${id}`,
    schoolId: 'school-1',
    kind: 'student',
    nationality: 'CN',
    familyName: '王',
    givenName: '芳',
    latinFamily: 'WANG',
    latinGiven: 'FANG',
    cyrillicFamily: 'Ван',
    cyrillicGiven: 'Фан',
    chineseFamily: '王',
    chineseGiven: '芳',
    gender: 'female',
    birthDate: '2011-01-01',
    birthPlace: '黑河',
    passportNumber: `E${id}`,
    passportExpiry: '2031-01-01',
    ...overrides,
  };
}

describe('roster content', () => {
  it('hashes the canonical form with SHA-256, as lower-case hex', () => {
    const people = [person('b'), person('a')];
    const canonical = canonicalForm('d1', HEADER, people);
    expect(rosterHash('d1', people)).toBe(createHash('sha256').update(canonical).digest('hex'));
    expect(rosterHash('d1', people)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the order of the people or on application ids, but on every content field', () => {
    const people = [person('a'), person('b'), person('c')];
    const hash = rosterHash('d1', people);
    expect(rosterHash('d1', [...people].reverse())).toBe(hash);
    expect(
      rosterHash(
        'd1',
        people.map((p) => ({ ...p, applicationId: 'other' })),
      ),
    ).toBe(hash);
    expect(rosterHash('d2', people)).not.toBe(hash);
    for (const field of CONTENT_FIELDS) {
      const changed = [
        { ...people[0], [field]: field === 'passportNumber' ? null : 'x' },
        ...people.slice(1),
      ];
      expect([field, rosterHash('d1', changed) === hash]).toEqual([field, false]);
    }
    expect(rosterHash('d1', people.slice(1))).not.toBe(hash);
  });

  it('changes with the trip: direction, dates and host, and diffs them', () => {
    const people = [person('a')];
    const hash = rosterHash('d1', people);
    for (const field of HEADER_FIELDS) {
      const header = { ...HEADER, [field]: 'changed' };
      expect([field, rosterHash('d1', people, header) === hash]).toEqual([field, false]);
    }
    expect(diffHeaders(HEADER, { ...HEADER, returnDate: '2026-07-18' })).toEqual([
      { field: 'returnDate', from: '2026-07-16', to: '2026-07-18' },
    ]);
    expect(diffHeaders(HEADER, { ...HEADER })).toEqual([]);
  });

  it('treats composed and decomposed Unicode as the same name', () => {
    const composed = person('a', { cyrillicGiven: 'Алёна' });
    const decomposed = person('a', { cyrillicGiven: 'Алёна'.normalize('NFD') });
    expect(rosterHash('d', [decomposed])).toBe(rosterHash('d', [composed]));
    expect(isEmptyDiff(diffRosters([composed], [decomposed]))).toBe(true);
  });

  it('keeps a field that is null apart from one that is the string "null"', () => {
    expect(rosterHash('d', [person('a', { chineseFamily: null })])).not.toBe(
      rosterHash('d', [person('a', { chineseFamily: 'null' })]),
    );
  });

  it('orders the list chaperones first, then by Latin name, then by id', () => {
    const ordered = orderRoster([
      person('3', { latinFamily: 'ZHAO' }),
      person('2', { latinFamily: 'AN' }),
      person('9', { kind: 'chaperone', latinFamily: 'ZHOU' }),
      person('1', { latinFamily: 'AN' }),
      person('4', { latinFamily: null, familyName: 'Bykov' }),
    ]);
    expect(ordered.map((p) => p.participantId)).toEqual(['9', '1', '2', '4', '3']);
  });

  it('diffs by participant: added, removed, and each changed field with old and new values', () => {
    const before = [person('a'), person('b'), person('c')];
    const after = [
      person('a'),
      person('c', { passportNumber: 'E999', birthPlace: '哈尔滨' }),
      person('d'),
    ];
    const diff = diffRosters(before, after);
    expect(diff.added.map((p) => p.participantId)).toEqual(['d']);
    expect(diff.removed.map((p) => p.participantId)).toEqual(['b']);
    expect(diff.changed).toEqual([
      {
        before: before[2],
        after: after[1],
        fields: [
          { field: 'birthPlace', from: '黑河', to: '哈尔滨' },
          { field: 'passportNumber', from: 'Ec', to: 'E999' },
        ],
      },
    ]);
    expect(isEmptyDiff(diff)).toBe(false);
    expect(isEmptyDiff(diffRosters(before, before))).toBe(true);
  });
});
