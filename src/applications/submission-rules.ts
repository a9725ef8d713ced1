import { AppError } from '../common/errors/app-error';
import { ageOn, AGE_OF_MAJORITY, isMinorOn } from '../participants/age-rules';

export interface SubmissionFacts {
  delegation: {
    status: string;
    applicationOpensAt: Date;
    applicationClosesAt: Date;
    departureDate: string;
    minAge: number;
    maxAge: number;
  };
  participant: { kind: 'student' | 'chaperone'; birthDate: string; hasGuardianConsent: boolean };
  now: Date;
}

/**
 * Whether a school may apply now (DOMAIN.md): the delegation open and inside its window,
 * a student within the age range on the departure date (a chaperone an adult), and a
 * minor with a recorded guardian consent. Throws the first rule broken.
 */
export function checkSubmission({ delegation, participant, now }: SubmissionFacts): void {
  const inWindow = now >= delegation.applicationOpensAt && now < delegation.applicationClosesAt;
  if (delegation.status !== 'open' || !inWindow) throw new AppError('APPLICATION_WINDOW_CLOSED');
  const age = ageOn(participant.birthDate, delegation.departureDate);
  const [min, max] =
    participant.kind === 'student'
      ? [delegation.minAge, delegation.maxAge]
      : [AGE_OF_MAJORITY, 200];
  if (age < min || age > max) {
    throw new AppError('AGE_OUT_OF_RANGE', { age, min, max });
  }
  if (
    isMinorOn(participant.birthDate, delegation.departureDate) &&
    !participant.hasGuardianConsent
  ) {
    throw new AppError('GUARDIAN_CONSENT_MISSING');
  }
}
