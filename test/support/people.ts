import { randomInt } from 'node:crypto';

/** A passport number no other test uses (duplicates are refused across all schools). */
export function uniquePassport(prefix = 'E'): string {
  return `${prefix}${randomInt(10_000_000, 99_999_999)}`;
}

export function chineseStudent(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'student',
    nationality: 'CN',
    familyName: '李',
    givenName: '雨轩',
    gender: 'female',
    birthDate: '2011-05-20',
    birthPlace: '黑龙江省黑河市',
    passportNumber: uniquePassport(),
    passportExpiry: '2031-01-01',
    guardian: { name: '李建国', phone: '+86 139 0000 0000', relation: 'father' },
    ...overrides,
  };
}

export function russianStudent(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'student',
    nationality: 'RU',
    familyName: 'Щербакова',
    givenName: 'Юлия',
    gender: 'female',
    birthDate: '2010-09-01',
    birthPlace: 'г. Благовещенск',
    passportNumber: uniquePassport('7'),
    passportExpiry: '2032-03-01',
    guardian: { name: 'Щербакова Анна', phone: '+7 914 000 00 00', relation: 'mother' },
    ...overrides,
  };
}

export function chaperone(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'chaperone',
    nationality: 'CN',
    familyName: '王',
    givenName: '芳',
    gender: 'female',
    birthDate: '1980-03-03',
    birthPlace: '黑河',
    passportNumber: uniquePassport(),
    passportExpiry: '2033-01-01',
    ...overrides,
  };
}

/** A consent as a guardian gives it today: the body of `POST /api/participants/:id/consents`. */
export function consentBody(kind: 'guardian' | 'cross_border' = 'guardian') {
  return {
    kind,
    givenBy: '李建国',
    relation: 'father',
    givenAt: new Date().toISOString(),
    noticeVersion: '2026-01',
  };
}
