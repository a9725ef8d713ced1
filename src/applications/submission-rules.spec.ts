import { checkSubmission, SubmissionFacts } from './submission-rules';

const base = (): SubmissionFacts => ({
  delegation: {
    status: 'open',
    applicationOpensAt: new Date('2026-05-01T00:00:00Z'),
    applicationClosesAt: new Date('2026-06-01T00:00:00Z'),
    departureDate: '2026-07-10',
    minAge: 12,
    maxAge: 17,
  },
  participant: { kind: 'student', birthDate: '2011-07-10', hasGuardianConsent: true },
  now: new Date('2026-05-15T12:00:00Z'),
});

function codeOf(facts: SubmissionFacts): string | undefined {
  try {
    checkSubmission(facts);
    return undefined;
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('checkSubmission', () => {
  it.each<[string, (f: SubmissionFacts) => void, string | undefined]>([
    ['a valid student', () => undefined, undefined],
    ['a delegation not open', (f) => (f.delegation.status = 'closed'), 'APPLICATION_WINDOW_CLOSED'],
    [
      'before the window',
      (f) => (f.now = new Date('2026-04-30T23:59:59Z')),
      'APPLICATION_WINDOW_CLOSED',
    ],
    [
      'at the closing instant',
      (f) => (f.now = new Date('2026-06-01T00:00:00Z')),
      'APPLICATION_WINDOW_CLOSED',
    ],
    ['at the opening instant', (f) => (f.now = new Date('2026-05-01T00:00:00Z')), undefined],
    [
      '15 on departure, turning 15 that day',
      (f) => (f.participant.birthDate = '2011-07-10'),
      undefined,
    ],
    ['too young on departure', (f) => (f.participant.birthDate = '2014-07-11'), 'AGE_OUT_OF_RANGE'],
    [
      '12 on the departure date exactly',
      (f) => (f.participant.birthDate = '2014-07-10'),
      undefined,
    ],
    [
      '18 on departure: too old',
      (f) => (f.participant.birthDate = '2008-07-10'),
      'AGE_OUT_OF_RANGE',
    ],
    [
      'a minor without guardian consent',
      (f) => (f.participant.hasGuardianConsent = false),
      'GUARDIAN_CONSENT_MISSING',
    ],
    [
      'an adult chaperone without consent',
      (f) =>
        (f.participant = { kind: 'chaperone', birthDate: '1980-01-01', hasGuardianConsent: false }),
      undefined,
    ],
    [
      'a chaperone under 18',
      (f) =>
        (f.participant = { kind: 'chaperone', birthDate: '2010-01-01', hasGuardianConsent: true }),
      'AGE_OUT_OF_RANGE',
    ],
  ])('%s', (_name, change, expected) => {
    const facts = base();
    change(facts);
    expect(codeOf(facts)).toBe(expected);
  });
});
