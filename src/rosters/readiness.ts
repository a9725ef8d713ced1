import type { ChaperoneRole } from '../participants/participant.entity';
import { ageOn, AGE_OF_MAJORITY, isMinorOn } from '../participants/age-rules';
import { RosterPerson } from './roster-content';
import { daysBetween, passportNeededUntil } from '../delegations/travel-rules';

export const READINESS_CODES = [
  'PASSPORT_MISSING',
  'PASSPORT_EXPIRES_TOO_SOON',
  'GUARDIAN_CONSENT_MISSING',
  'CROSS_BORDER_CONSENT_MISSING',
  'CHAPERONE_RATIO',
  'GROUP_TOO_SMALL',
  'GROUP_TOO_LARGE',
  'STAY_TOO_LONG',
  'NAME_SCRIPT_MISSING',
  'DUPLICATE_PASSPORT',
  'PASSPORT_CONFLICT',
  'AGE_OUT_OF_RANGE',
  'CHANGED_SINCE_APPROVAL',
] as const;
export type ReadinessCode = (typeof READINESS_CODES)[number];
export type Severity = 'error' | 'warning';

export interface ReadinessCheck {
  code: ReadinessCode;
  severity: Severity;
  participantId?: string;
  params: Record<string, string | number>;
}

export interface ReadinessMember extends RosterPerson {
  /** A chaperone's role, copied for the statistics; not checked, not hashed. */
  chaperoneRole?: ChaperoneRole | null;
  hasGuardianConsent: boolean;
  hasCrossBorderConsent: boolean;
  /** The number is also another school's participant's, not yet settled by an organizer. */
  passportConflict: boolean;
  /** The participant's data changed after the organizer approved the application. */
  changedSinceApproval: boolean;
}

export interface ReadinessInput {
  delegation: {
    departureDate: string;
    returnDate: string;
    minAge: number;
    maxAge: number;
    studentsPerChaperone: number;
  };
  regime: {
    minGroupSize: number;
    maxGroupSize: number;
    maxStayDays: number;
    passportMarginMonths: number;
  };
  members: readonly ReadinessMember[];
}

type Check = (input: ReadinessInput) => ReadinessCheck[];

const error = (
  code: ReadinessCode,
  params: ReadinessCheck['params'] = {},
  participantId?: string,
): ReadinessCheck => ({
  code,
  severity: 'error',
  params,
  ...(participantId ? { participantId } : {}),
});

/** Each member checked on its own; `null` means the member passes. */
function perMember(
  check: (
    member: ReadinessMember,
    input: ReadinessInput,
  ) => ReadinessCheck | ReadinessCheck[] | null,
): Check {
  return (input) => input.members.flatMap((member) => check(member, input) ?? []);
}

export const passportPresent: Check = perMember((member) =>
  member.passportNumber && member.passportExpiry
    ? null
    : error('PASSPORT_MISSING', {}, member.participantId),
);

/** Valid for at least the regime's margin after the return date. */
export const passportValidLongEnough: Check = perMember((member, { delegation, regime }) => {
  if (!member.passportExpiry) return null;
  const needed = passportNeededUntil(delegation.returnDate, regime.passportMarginMonths);
  return member.passportExpiry < needed
    ? error(
        'PASSPORT_EXPIRES_TOO_SOON',
        { expiry: member.passportExpiry, needed, months: regime.passportMarginMonths },
        member.participantId,
      )
    : null;
});

/** A minor on the departure date needs a guardian's consent that stands. */
export const guardianConsent: Check = perMember((member, { delegation }) =>
  isMinorOn(member.birthDate, delegation.departureDate) && !member.hasGuardianConsent
    ? error('GUARDIAN_CONSENT_MISSING', {}, member.participantId)
    : null,
);

/** Everyone's data crosses the border with the list: each needs that consent recorded. */
export const crossBorderConsent: Check = perMember((member) =>
  member.hasCrossBorderConsent
    ? null
    : error('CROSS_BORDER_CONSENT_MISSING', {}, member.participantId),
);

export const chaperoneRatio: Check = ({ members, delegation }) => {
  const students = members.filter((m) => m.kind === 'student').length;
  const chaperones = members.length - students;
  const needed = Math.ceil(students / delegation.studentsPerChaperone);
  return chaperones < needed
    ? [
        error('CHAPERONE_RATIO', {
          students,
          chaperones,
          needed,
          perChaperone: delegation.studentsPerChaperone,
        }),
      ]
    : [];
};

/** People in the group, chaperones included, within the regime's limits. */
export const groupSize: Check = ({ members, regime }) => {
  const size = members.length;
  if (size < regime.minGroupSize)
    return [error('GROUP_TOO_SMALL', { size, min: regime.minGroupSize })];
  if (size > regime.maxGroupSize)
    return [error('GROUP_TOO_LARGE', { size, max: regime.maxGroupSize })];
  return [];
};

/** Days of stay count both the day of entry and the day of return. */
export const stayLength: Check = ({ delegation, regime }) => {
  const days = daysBetween(delegation.departureDate, delegation.returnDate) + 1;
  return days > regime.maxStayDays
    ? [error('STAY_TOO_LONG', { days, max: regime.maxStayDays })]
    : [];
};

/**
 * The native name, Latin (passport) and Cyrillic (Russian border) forms are required;
 * the Chinese form of a Russian participant helps the Chinese side, so it only warns.
 */
export const nameScripts: Check = perMember((member) => {
  const checks: ReadinessCheck[] = [];
  const missing = (
    script: string,
    family: string | null,
    given: string | null,
    severity: Severity,
  ) => {
    if (!family?.trim() || !given?.trim()) {
      checks.push({
        code: 'NAME_SCRIPT_MISSING',
        severity,
        participantId: member.participantId,
        params: { script },
      });
    }
  };
  missing('native', member.familyName, member.givenName, 'error');
  missing('latin', member.latinFamily, member.latinGiven, 'error');
  missing('cyrillic', member.cyrillicFamily, member.cyrillicGiven, 'error');
  if (member.nationality === 'RU') {
    missing('chinese', member.chineseFamily, member.chineseGiven, 'warning');
  }
  return checks;
});

/** Each holder of a number that appears twice is named, with how many share it. */
export const duplicatePassports: Check = ({ members }) => {
  const holders = new Map<string, string[]>();
  for (const member of members) {
    if (!member.passportNumber) continue;
    const ids = holders.get(member.passportNumber) ?? [];
    ids.push(member.participantId);
    holders.set(member.passportNumber, ids);
  }
  return [...holders.values()]
    .filter((ids) => ids.length > 1)
    .flatMap((ids) => ids.map((id) => error('DUPLICATE_PASSPORT', { count: ids.length }, id)));
};

/** A number two schools entered belongs to one person: which record is right is open. */
export const passportConflicts: Check = perMember((member) =>
  member.passportConflict ? error('PASSPORT_CONFLICT', {}, member.participantId) : null,
);

/** Students within the delegation's range on the departure date; chaperones adults. */
export const ageRange: Check = perMember((member, { delegation }) => {
  const age = ageOn(member.birthDate, delegation.departureDate);
  const [min, max] =
    member.kind === 'student' ? [delegation.minAge, delegation.maxAge] : [AGE_OF_MAJORITY, 200];
  return age < min || age > max
    ? error('AGE_OUT_OF_RANGE', { age, min, max }, member.participantId)
    : null;
});

/** A warning: what is locked is the current data, which no organizer has looked at yet. */
export const approvedDataUnchanged: Check = perMember((member) =>
  member.changedSinceApproval
    ? {
        code: 'CHANGED_SINCE_APPROVAL',
        severity: 'warning',
        participantId: member.participantId,
        params: {},
      }
    : null,
);

const CHECKS: Check[] = [
  passportPresent,
  passportValidLongEnough,
  guardianConsent,
  crossBorderConsent,
  chaperoneRatio,
  groupSize,
  stayLength,
  nameScripts,
  duplicatePassports,
  passportConflicts,
  ageRange,
  approvedDataUnchanged,
];

/** Every check, group-wide ones first; ready when no error remains (warnings allowed). */
export function checkReadiness(input: ReadinessInput): {
  ready: boolean;
  checks: ReadinessCheck[];
} {
  const checks = CHECKS.flatMap((check) => check(input)).sort(
    (a, b) => Number(a.participantId !== undefined) - Number(b.participantId !== undefined),
  );
  return { ready: !checks.some((c) => c.severity === 'error'), checks };
}
