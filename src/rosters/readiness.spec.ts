import {
  ageRange,
  approvedDataUnchanged,
  chaperoneRatio,
  checkReadiness,
  crossBorderConsent,
  duplicatePassports,
  groupSize,
  guardianConsent,
  nameScripts,
  passportConflicts,
  passportPresent,
  passportValidLongEnough,
  ReadinessInput,
  ReadinessMember,
  stayLength,
} from './readiness';

let serial = 0;
function member(overrides: Partial<ReadinessMember> = {}): ReadinessMember {
  serial += 1;
  return {
    participantId: `p${String(serial).padStart(3, '0')}`,
    applicationId: `a${serial}`,
    schoolId: 's1',
    kind: 'student',
    nationality: 'CN',
    familyName: '李',
    givenName: '雨轩',
    latinFamily: 'LI',
    latinGiven: 'YUXUAN',
    cyrillicFamily: 'Ли',
    cyrillicGiven: 'Юйсюань',
    chineseFamily: '李',
    chineseGiven: '雨轩',
    gender: 'female',
    birthDate: '2011-05-20',
    birthPlace: '黑河',
    passportNumber: `E${1000000 + serial}`,
    passportExpiry: '2031-01-01',
    hasGuardianConsent: true,
    hasCrossBorderConsent: true,
    passportConflict: false,
    changedSinceApproval: false,
    ...overrides,
  };
}

function input(
  members: ReadinessMember[],
  overrides: Partial<ReadinessInput> = {},
): ReadinessInput {
  return {
    delegation: {
      departureDate: '2026-07-10',
      returnDate: '2026-07-16',
      minAge: 10,
      maxAge: 17,
      studentsPerChaperone: 8,
    },
    regime: { minGroupSize: 5, maxGroupSize: 50, maxStayDays: 15, passportMarginMonths: 6 },
    members,
    ...overrides,
  };
}

const codes = (checks: { code: string; severity: string; participantId?: string }[]) =>
  checks.map((c) => `${c.code}:${c.severity}${c.participantId ? `:${c.participantId}` : ''}`);

describe('roster readiness', () => {
  it('a complete group of five with one chaperone is ready with no checks at all', () => {
    const group = [
      member({ kind: 'chaperone', birthDate: '1980-03-03' }),
      ...[1, 2, 3, 4].map(() => member()),
    ];
    expect(checkReadiness(input(group))).toEqual({ ready: true, checks: [] });
  });

  describe('passport', () => {
    it('is missing without a number or without an expiry date', () => {
      const a = member({ passportNumber: null });
      const b = member({ passportExpiry: null });
      const c = member();
      expect(codes(passportPresent(input([a, b, c])))).toEqual([
        `PASSPORT_MISSING:error:${a.participantId}`,
        `PASSPORT_MISSING:error:${b.participantId}`,
      ]);
    });

    it('must stay valid the margin in months after the return date, to the day', () => {
      const ok = member({ passportExpiry: '2027-01-16' });
      const short = member({ passportExpiry: '2027-01-15' });
      const checks = passportValidLongEnough(input([ok, short]));
      expect(checks).toEqual([
        {
          code: 'PASSPORT_EXPIRES_TOO_SOON',
          severity: 'error',
          participantId: short.participantId,
          params: { expiry: '2027-01-15', needed: '2027-01-16', months: 6 },
        },
      ]);
    });

    it('follows the regime: a margin of 0 only needs validity through the return date', () => {
      const onReturn = member({ passportExpiry: '2026-07-16' });
      const regime = {
        minGroupSize: 1,
        maxGroupSize: 50,
        maxStayDays: 15,
        passportMarginMonths: 0,
      };
      expect(passportValidLongEnough(input([onReturn], { regime }))).toEqual([]);
    });
  });

  describe('consents', () => {
    it('needs a guardian consent for a minor on the departure date only', () => {
      const minor = member({ hasGuardianConsent: false, birthDate: '2008-07-11' });
      const adultThatDay = member({ hasGuardianConsent: false, birthDate: '2008-07-10' });
      expect(codes(guardianConsent(input([minor, adultThatDay])))).toEqual([
        `GUARDIAN_CONSENT_MISSING:error:${minor.participantId}`,
      ]);
    });

    it('needs a cross-border consent for everyone, adults included', () => {
      const chaperone = member({
        kind: 'chaperone',
        birthDate: '1980-01-01',
        hasCrossBorderConsent: false,
      });
      expect(codes(crossBorderConsent(input([chaperone, member()])))).toEqual([
        `CROSS_BORDER_CONSENT_MISSING:error:${chaperone.participantId}`,
      ]);
    });
  });

  describe('chaperone ratio', () => {
    const students = (n: number) => Array.from({ length: n }, () => member());
    const chaperones = (n: number) =>
      Array.from({ length: n }, () => member({ kind: 'chaperone', birthDate: '1975-01-01' }));

    it.each([
      [8, 1, []],
      [9, 1, ['CHAPERONE_RATIO:error']],
      [9, 2, []],
      [16, 2, []],
      [17, 2, ['CHAPERONE_RATIO:error']],
      [0, 0, []],
      [1, 0, ['CHAPERONE_RATIO:error']],
    ])('%i students with %i chaperones at 8 per chaperone', (s, c, expected) => {
      expect(codes(chaperoneRatio(input([...students(s), ...chaperones(c)])))).toEqual(expected);
    });

    it('reports the numbers for the message', () => {
      expect(chaperoneRatio(input([...students(9), ...chaperones(1)]))[0].params).toEqual({
        students: 9,
        chaperones: 1,
        needed: 2,
        perChaperone: 8,
      });
    });
  });

  describe('group size and stay', () => {
    it.each([
      [4, ['GROUP_TOO_SMALL:error']],
      [5, []],
      [50, []],
      [51, ['GROUP_TOO_LARGE:error']],
    ])('a group of %i people against 5 to 50', (size, expected) => {
      const group = Array.from({ length: size }, () => member());
      expect(codes(groupSize(input(group)))).toEqual(expected);
    });

    it('counts both the day of entry and the day of return', () => {
      const at = (returnDate: string) =>
        codes(stayLength(input([], { delegation: { ...input([]).delegation, returnDate } })));
      expect(at('2026-07-24')).toEqual([]); // 10 → 24 July: 15 days
      expect(at('2026-07-25')).toEqual(['STAY_TOO_LONG:error']);
      expect(
        stayLength(
          input([], { delegation: { ...input([]).delegation, returnDate: '2026-07-25' } }),
        )[0].params,
      ).toEqual({ days: 16, max: 15 });
    });
  });

  describe('names', () => {
    it('needs native, Latin and Cyrillic forms; a blank one counts as missing', () => {
      const noLatin = member({ latinFamily: null });
      const blankCyrillic = member({ cyrillicGiven: '  ' });
      expect(nameScripts(input([noLatin, blankCyrillic, member()]))).toEqual([
        {
          code: 'NAME_SCRIPT_MISSING',
          severity: 'error',
          participantId: noLatin.participantId,
          params: { script: 'latin' },
        },
        {
          code: 'NAME_SCRIPT_MISSING',
          severity: 'error',
          participantId: blankCyrillic.participantId,
          params: { script: 'cyrillic' },
        },
      ]);
    });

    it('only warns when a Russian participant has no Chinese form; a Chinese one is not asked', () => {
      const russian = member({ nationality: 'RU', chineseFamily: null, chineseGiven: null });
      const chinese = member({ chineseFamily: null, chineseGiven: null });
      expect(codes(nameScripts(input([russian, chinese])))).toEqual([
        `NAME_SCRIPT_MISSING:warning:${russian.participantId}`,
      ]);
    });
  });

  it('names every holder of a passport number that appears twice', () => {
    const a = member({ passportNumber: 'E1234567' });
    const b = member({ passportNumber: 'E1234567' });
    const c = member({ passportNumber: null });
    const d = member({ passportNumber: null });
    expect(duplicatePassports(input([a, b, c, d, member()]))).toEqual([
      {
        code: 'DUPLICATE_PASSPORT',
        severity: 'error',
        participantId: a.participantId,
        params: { count: 2 },
      },
      {
        code: 'DUPLICATE_PASSPORT',
        severity: 'error',
        participantId: b.participantId,
        params: { count: 2 },
      },
    ]);
  });

  it('names each member whose number another school registered too, until an organizer settles it', () => {
    const settled = member();
    const open = member({ passportConflict: true });
    expect(passportConflicts(input([settled, open]))).toEqual([
      {
        code: 'PASSPORT_CONFLICT',
        severity: 'error',
        participantId: open.participantId,
        params: {},
      },
    ]);
  });

  it('checks students against the delegation range and chaperones for adulthood, on the departure date', () => {
    const tooYoung = member({ birthDate: '2016-07-11' }); // 9 on 10 July 2026
    const ten = member({ birthDate: '2016-07-10' });
    const eighteen = member({ birthDate: '2008-07-10' });
    const minorChaperone = member({ kind: 'chaperone', birthDate: '2008-07-11' });
    const checks = ageRange(input([tooYoung, ten, eighteen, minorChaperone]));
    expect(checks.map((c) => [c.participantId, c.params])).toEqual([
      [tooYoung.participantId, { age: 9, min: 10, max: 17 }],
      [eighteen.participantId, { age: 18, min: 10, max: 17 }],
      [minorChaperone.participantId, { age: 17, min: 18, max: 200 }],
    ]);
  });

  it('warns about data changed since approval', () => {
    const changed = member({ changedSinceApproval: true });
    expect(codes(approvedDataUnchanged(input([changed, member()])))).toEqual([
      `CHANGED_SINCE_APPROVAL:warning:${changed.participantId}`,
    ]);
  });

  it('is not ready while any error stands, group checks first; warnings alone do not block', () => {
    const noConsent = member({ hasGuardianConsent: false });
    const group = [member({ kind: 'chaperone', birthDate: '1980-01-01' }), noConsent, member()];
    const result = checkReadiness(input(group));
    expect(result.ready).toBe(false);
    expect(codes(result.checks)).toEqual([
      'GROUP_TOO_SMALL:error',
      `GUARDIAN_CONSENT_MISSING:error:${noConsent.participantId}`,
    ]);
    const warned = checkReadiness(
      input([
        member({ kind: 'chaperone', birthDate: '1980-01-01' }),
        ...[1, 2, 3].map(() => member()),
        member({ nationality: 'RU', chineseFamily: null, changedSinceApproval: true }),
      ]),
    );
    expect(warned.ready).toBe(true);
    expect(warned.checks.map((c) => c.code)).toEqual([
      'NAME_SCRIPT_MISSING',
      'CHANGED_SINCE_APPROVAL',
    ]);
  });
});
