import type { DirectionCount, TravellerGroup } from '../rosters/roster-statistics.service';
import { Period, within } from './period-rules';

export type { DirectionCount, TravellerGroup };

/**
 * The committee's statistics as plain functions over the facts the features count: which
 * period a request means, the age bands, the sums and the small-number rule of the public
 * page. The database counts; these put the counts together, and are tested on hand-built
 * facts with known answers.
 */

export const DIRECTIONS = ['CN_TO_RU', 'RU_TO_CN'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const DELEGATION_STATES = [
  'draft',
  'open',
  'closed',
  'roster_locked',
  'confirmed',
  'completed',
  'cancelled',
] as const;
export type DelegationState = (typeof DELEGATION_STATES)[number];
export const NATIONALITY_KEYS = ['CN', 'RU'] as const;
export const GENDER_KEYS = ['female', 'male'] as const;
/** Students, and chaperones by role. */
export const TRAVELLER_KINDS = ['student', 'teacher', 'volunteer', 'other'] as const;
export const CHANNEL_KEYS = ['email', 'in_app', 'webhook'] as const;

/**
 * Age on the day of departure. 14 is where Chinese law starts treating a child's data as
 * less sensitive; 18 is the age of majority in both countries; the retired volunteers (五老)
 * are counted apart from working-age chaperones.
 */
export const AGE_BANDS = ['0-9', '10-13', '14-17', '18-34', '35-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
const BAND_STARTS: readonly [number, AgeBand][] = [
  [60, '60+'],
  [35, '35-59'],
  [18, '18-34'],
  [14, '14-17'],
  [10, '10-13'],
  [0, '0-9'],
];

export function ageBand(age: number): AgeBand {
  for (const [start, band] of BAND_STARTS) if (age >= start) return band;
  return '0-9';
}

/** `{ a: 0, b: 0 }` for the keys given: every part of an answer is present, zeros too. */
export function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

// ---- Delegations -------------------------------------------------------------------------

export interface DelegationFact {
  id: string;
  direction: Direction;
  status: DelegationState;
  hostOrganizationId: string;
  departureDate: string;
  returnDate: string;
  studentPlaces: number;
  chaperonePlaces: number;
  studentPlacesTaken: number;
  chaperonePlacesTaken: number;
}

/** Delegations that are or were in earnest: published, whatever became of them, but not cancelled. */
export function isHeld(d: Pick<DelegationFact, 'status'>): boolean {
  return d.status !== 'draft' && d.status !== 'cancelled';
}

/** Whose roster both sides approved: the people on it travelled (or will). */
export function isConfirmed(d: Pick<DelegationFact, 'status'>): boolean {
  return d.status === 'confirmed' || d.status === 'completed';
}

export function stayDays(d: Pick<DelegationFact, 'departureDate' | 'returnDate'>): number {
  const ms = Date.parse(`${d.returnDate}T00:00:00Z`) - Date.parse(`${d.departureDate}T00:00:00Z`);
  return Math.round(ms / 86_400_000) + 1;
}

export interface DelegationSummary {
  /** Delegations departing in the period that went ahead or are going ahead: not drafts, not cancelled. */
  total: number;
  byDirection: Record<Direction, number>;
  /** Every state, drafts and cancelled ones included; the others add up to `total`. */
  byState: Record<DelegationState, number>;
  /** Delegations not cancelled: the places they offered and how many were taken. */
  places: {
    offered: { students: number; chaperones: number; total: number };
    taken: { students: number; chaperones: number; total: number };
  };
  /** Length of stay in days (departure and return days both counted), not cancelled. */
  stays: {
    delegations: number;
    totalDays: number;
    averageDays: number | null;
    longestDays: number | null;
  };
}

export function delegationSummary(
  all: readonly DelegationFact[],
  period: Period,
): DelegationSummary {
  const inPeriod = all.filter((d) => within(d.departureDate, period));
  const byState = zeros(DELEGATION_STATES);
  const byDirection = zeros(DIRECTIONS);
  const offered = { students: 0, chaperones: 0, total: 0 };
  const taken = { students: 0, chaperones: 0, total: 0 };
  const days: number[] = [];
  for (const d of inPeriod) {
    byState[d.status] += 1;
    if (!isHeld(d)) continue;
    byDirection[d.direction] += 1;
    offered.students += d.studentPlaces;
    offered.chaperones += d.chaperonePlaces;
    taken.students += d.studentPlacesTaken;
    taken.chaperones += d.chaperonePlacesTaken;
    days.push(stayDays(d));
  }
  offered.total = offered.students + offered.chaperones;
  taken.total = taken.students + taken.chaperones;
  const totalDays = days.reduce((a, b) => a + b, 0);
  return {
    total: inPeriod.length - byState.draft - byState.cancelled,
    byDirection,
    byState,
    places: { offered, taken },
    stays: {
      delegations: days.length,
      totalDays,
      averageDays: days.length ? Math.round((totalDays / days.length) * 10) / 10 : null,
      longestDays: days.length ? Math.max(...days) : null,
    },
  };
}

/** Ids of the period's delegations that `keep` selects. */
export function idsIn(
  all: readonly DelegationFact[],
  period: Period,
  keep: (d: DelegationFact) => boolean,
): string[] {
  return all.filter((d) => within(d.departureDate, period) && keep(d)).map((d) => d.id);
}

/** Ids of the delegations `keep` selects that departed before the period. */
export function idsBefore(
  all: readonly DelegationFact[],
  period: Period,
  keep: (d: DelegationFact) => boolean,
): string[] {
  return all.filter((d) => d.departureDate < period.from && keep(d)).map((d) => d.id);
}

// ---- Organizations ----------------------------------------------------------------------

export interface Involvement {
  involved: number;
  /** Involved in the period and never before it. */
  new: number;
}

export function involvement(
  inPeriod: ReadonlySet<string>,
  before: ReadonlySet<string>,
): Involvement {
  let fresh = 0;
  for (const id of inPeriod) if (!before.has(id)) fresh += 1;
  return { involved: inPeriod.size, new: fresh };
}

/** Host partners of the delegations held in the period, and of those held before it. */
export function partnerSets(all: readonly DelegationFact[], period: Period) {
  const inPeriod = new Set<string>();
  const before = new Set<string>();
  for (const d of all) {
    if (!isHeld(d)) continue;
    if (within(d.departureDate, period)) inPeriod.add(d.hostOrganizationId);
    else if (d.departureDate < period.from) before.add(d.hostOrganizationId);
  }
  return { inPeriod, before };
}

// ---- Applications -----------------------------------------------------------------------

export const APPLICATION_STATES = [
  'submitted',
  'approved',
  'waitlisted',
  'offered',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export interface FunnelFact {
  delegationId: string;
  status: ApplicationState;
  wasWaitlisted: boolean;
  count: number;
}

export interface Funnel {
  /** Every application made: each was submitted. */
  submitted: number;
  /** Still waiting for a decision. */
  pending: number;
  approved: number;
  /** On the waiting list now. */
  waitlisted: number;
  /** Offered a freed place from the waiting list, not yet approved. */
  offered: number;
  rejected: number;
  withdrawn: number;
  /** Waitlisted at some point, whatever became of them. */
  everWaitlisted: number;
  /** Approved after waiting on the list. */
  approvedFromWaitlist: number;
}

export function funnelOf(
  facts: readonly FunnelFact[],
  delegationIds?: ReadonlySet<string>,
): Funnel {
  const funnel: Funnel = {
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
  for (const f of facts) {
    if (delegationIds && !delegationIds.has(f.delegationId)) continue;
    funnel.submitted += f.count;
    if (f.status === 'submitted') funnel.pending += f.count;
    else funnel[f.status] += f.count;
    if (f.wasWaitlisted) {
      funnel.everWaitlisted += f.count;
      if (f.status === 'approved') funnel.approvedFromWaitlist += f.count;
    }
  }
  return funnel;
}

// ---- Travellers -------------------------------------------------------------------------

export interface TravellerFacts {
  groups: readonly TravellerGroup[];
  directions: readonly DirectionCount[];
}

export interface Travellers {
  /** Unique people on the confirmed rosters of delegations departing in the period. */
  total: number;
  /** Unique people per direction: someone who went both ways counts in each. */
  byDirection: Record<Direction, number>;
  byNationality: Record<(typeof NATIONALITY_KEYS)[number], number>;
  byGender: Record<(typeof GENDER_KEYS)[number], number>;
  /** By age on the day of their first departure in the period. */
  byAgeBand: Record<AgeBand, number>;
  /** Students, and chaperones by role. */
  byKind: Record<(typeof TRAVELLER_KINDS)[number], number>;
  /** Per school, most travellers first. */
  bySchool: { schoolId: string; count: number }[];
}

export function travellersOf(facts: TravellerFacts, bucket: string): Travellers {
  const result: Travellers = {
    total: 0,
    byDirection: zeros(DIRECTIONS),
    byNationality: zeros(NATIONALITY_KEYS),
    byGender: zeros(GENDER_KEYS),
    byAgeBand: zeros(AGE_BANDS),
    byKind: zeros(TRAVELLER_KINDS),
    bySchool: [],
  };
  const add = (counts: Record<string, number>, key: string, n: number) => {
    if (key in counts) counts[key] += n;
  };
  const schools = new Map<string, number>();
  for (const g of facts.groups) {
    if (g.bucket !== bucket) continue;
    result.total += g.count;
    add(result.byNationality, g.nationality, g.count);
    add(result.byGender, g.gender, g.count);
    add(result.byKind, g.kind, g.count);
    // A row locked before ages were kept has none: it cannot be placed in a band.
    if (g.age !== null) result.byAgeBand[ageBand(g.age)] += g.count;
    schools.set(g.schoolId, (schools.get(g.schoolId) ?? 0) + g.count);
  }
  for (const d of facts.directions) {
    if (d.bucket === bucket) add(result.byDirection, d.direction, d.count);
  }
  result.bySchool = [...schools]
    .map(([schoolId, count]) => ({ schoolId, count }))
    .sort((a, b) => b.count - a.count || a.schoolId.localeCompare(b.schoolId));
  return result;
}

// ---- Notices and deliveries -------------------------------------------------------------

export interface NoticeFact {
  /** Heihe's calendar day of publication. */
  day: string;
  zh: boolean;
  ru: boolean;
}

export interface NoticeSummary {
  published: number;
  /** In both languages, or in one only. */
  byLanguage: { both: number; zh: number; ru: number };
}

export function noticeSummary(facts: readonly NoticeFact[], period: Period): NoticeSummary {
  const summary: NoticeSummary = { published: 0, byLanguage: { both: 0, zh: 0, ru: 0 } };
  for (const n of facts) {
    if (!within(n.day, period)) continue;
    summary.published += 1;
    if (n.zh && n.ru) summary.byLanguage.both += 1;
    else if (n.zh) summary.byLanguage.zh += 1;
    else summary.byLanguage.ru += 1;
  }
  return summary;
}

export interface DeliveryFact {
  bucket: string;
  channel: (typeof CHANNEL_KEYS)[number];
  status: 'pending' | 'sent' | 'failed';
  count: number;
}

export interface ChannelCounts {
  total: number;
  sent: number;
  failed: number;
  pending: number;
}

export interface DeliverySummary extends ChannelCounts {
  byChannel: Record<(typeof CHANNEL_KEYS)[number], ChannelCounts>;
}

export function deliverySummary(facts: readonly DeliveryFact[], bucket: string): DeliverySummary {
  const empty = (): ChannelCounts => ({ total: 0, sent: 0, failed: 0, pending: 0 });
  const summary: DeliverySummary = {
    ...empty(),
    byChannel: { email: empty(), in_app: empty(), webhook: empty() },
  };
  for (const f of facts) {
    if (f.bucket !== bucket || !(f.channel in summary.byChannel)) continue;
    for (const counts of [summary, summary.byChannel[f.channel]]) {
      counts.total += f.count;
      counts[f.status] += f.count;
    }
  }
  return summary;
}

// ---- The public page --------------------------------------------------------------------

/** Below this many people a public figure is not shown, so that no child can be singled out. */
export const PUBLIC_MINIMUM = 5;

/** A public count of people: the number, or `< 5` (zero too: "none" would single out as well). */
export function publicCount(n: number): { value: number | null; suppressed: boolean } {
  return n < PUBLIC_MINIMUM ? { value: null, suppressed: true } : { value: n, suppressed: false };
}

/**
 * The people of each direction as the public page may show them: both or neither. Shown
 * only when each is at least 5 and the people who went both ways (the two less the total)
 * are none or at least 5: otherwise a subtraction from the total would give away a group
 * under 5.
 */
export function publicDirections(
  total: number,
  byDirection: Record<Direction, number>,
): Record<Direction, { value: number | null; suppressed: boolean }> {
  const both = byDirection.CN_TO_RU + byDirection.RU_TO_CN - total;
  const shown =
    DIRECTIONS.every((d) => byDirection[d] >= PUBLIC_MINIMUM) &&
    (both === 0 || both >= PUBLIC_MINIMUM);
  const cell = (n: number) =>
    shown ? { value: n, suppressed: false } : { value: null, suppressed: true };
  return { CN_TO_RU: cell(byDirection.CN_TO_RU), RU_TO_CN: cell(byDirection.RU_TO_CN) };
}
