import { createHash } from 'node:crypto';

/** One person on a roster, as locked: what the border and the partner check. */
export interface RosterPerson {
  participantId: string;
  applicationId: string;
  schoolId: string;
  kind: 'student' | 'chaperone';
  nationality: 'CN' | 'RU';
  familyName: string;
  givenName: string;
  latinFamily: string | null;
  latinGiven: string | null;
  cyrillicFamily: string | null;
  cyrillicGiven: string | null;
  chineseFamily: string | null;
  chineseGiven: string | null;
  gender: 'female' | 'male';
  birthDate: string;
  birthPlace: string;
  /** In plain only in memory: stored encrypted, shown masked except in exports. */
  passportNumber: string | null;
  passportExpiry: string | null;
}

/** A person's own data as a roster copies it, from a participant or from a locked row. */
export const PERSON_FIELDS = [
  'nationality',
  'familyName',
  'givenName',
  'latinFamily',
  'latinGiven',
  'cyrillicFamily',
  'cyrillicGiven',
  'chineseFamily',
  'chineseGiven',
  'gender',
  'birthDate',
  'birthPlace',
  'passportExpiry',
] as const satisfies readonly (keyof RosterPerson)[];
export type PersonFields = Pick<RosterPerson, (typeof PERSON_FIELDS)[number]>;

export function personFieldsOf(source: PersonFields): PersonFields {
  return Object.fromEntries(PERSON_FIELDS.map((field) => [field, source[field]])) as PersonFields;
}

/**
 * What the list says about the trip itself: a change to these makes a new version too,
 * since the partner approves the people for these dates, this route and this host.
 */
export interface RosterHeader {
  direction: 'CN_TO_RU' | 'RU_TO_CN';
  departureDate: string;
  returnDate: string;
  hostOrganizationId: string;
}

export const HEADER_FIELDS = [
  'direction',
  'departureDate',
  'returnDate',
  'hostOrganizationId',
] as const satisfies readonly (keyof RosterHeader)[];
export type HeaderField = (typeof HEADER_FIELDS)[number];

/**
 * The fields whose change makes a new version, in the order of the canonical form.
 * Changing this list or its order changes every hash: add to the end, never reorder.
 */
export const CONTENT_FIELDS = [
  'kind',
  'nationality',
  'familyName',
  'givenName',
  'latinFamily',
  'latinGiven',
  'cyrillicFamily',
  'cyrillicGiven',
  'chineseFamily',
  'chineseGiven',
  'gender',
  'birthDate',
  'birthPlace',
  'passportNumber',
  'passportExpiry',
  'schoolId',
] as const satisfies readonly (keyof RosterPerson)[];
export type ContentField = (typeof CONTENT_FIELDS)[number];

/**
 * Group-list order: chaperones (who lead) first, then students, each by Latin name; ties
 * by participant id so that the same people always come out in the same order.
 */
export function orderRoster<T extends RosterPerson>(people: readonly T[]): T[] {
  const key = (p: RosterPerson) => [
    p.kind === 'chaperone' ? '0' : '1',
    (p.latinFamily ?? p.familyName).toUpperCase(),
    (p.latinGiven ?? p.givenName).toUpperCase(),
    p.participantId,
  ];
  return [...people].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    }
    return 0;
  });
}

/**
 * The canonical form that is hashed: JSON of the delegation id, the HEADER_FIELDS in
 * order, and one array per person, sorted by participant id, holding the participant id
 * and then CONTENT_FIELDS in order; strings NFC-normalized, absent values null. The order
 * on the list and the version number are not part of it: the same trip with the same
 * people and data hashes the same.
 *
 * Scheme 2 (every version locked since 2026-12) puts, in place of each person's array,
 * the participant id and the SHA-256 of that array's JSON (`memberDigest`). The digests
 * are kept with the locked rows, so once a person's data is erased the version's hash can
 * still be recomputed from what was kept (`hashFromDigests`), and anyone holding the
 * printed list can still check one person's row against the digest. Scheme 1 (earlier
 * versions) hashed the arrays themselves.
 */
export function canonicalForm(
  delegationId: string,
  header: RosterHeader,
  people: readonly RosterPerson[],
  scheme: HashScheme = CURRENT_SCHEME,
): string {
  const rows = byId(people).map((p) =>
    scheme === 1 ? canonicalRow(p) : [p.participantId, memberDigest(p)],
  );
  return canonicalDocument(delegationId, header, rows);
}

export type HashScheme = 1 | 2;
export const CURRENT_SCHEME: HashScheme = 2;

export function schemeOf(version: { hashScheme: number }): HashScheme {
  return version.hashScheme === 1 ? 1 : 2;
}

/** SHA-256 of the canonical form, lower-case hex. */
export function rosterHash(
  delegationId: string,
  header: RosterHeader,
  people: readonly RosterPerson[],
  scheme: HashScheme = CURRENT_SCHEME,
): string {
  return sha256(canonicalForm(delegationId, header, people, scheme));
}

/** One person's row of the canonical form, hashed: what scheme 2 puts in the list. */
export function memberDigest(person: RosterPerson): string {
  return sha256(JSON.stringify(canonicalRow(person)));
}

/** A scheme-2 hash from the kept digests alone: how an erased version is verified. */
export function hashFromDigests(
  delegationId: string,
  header: RosterHeader,
  members: readonly { participantId: string; digest: string }[],
): string {
  const rows = byId(members).map((m) => [m.participantId, m.digest]);
  return sha256(canonicalDocument(delegationId, header, rows));
}

function canonicalRow(p: RosterPerson): (string | null)[] {
  return [p.participantId, ...CONTENT_FIELDS.map((field) => canonicalValue(p[field]))];
}

function canonicalDocument(delegationId: string, header: RosterHeader, rows: unknown[]): string {
  return JSON.stringify({
    delegationId,
    header: HEADER_FIELDS.map((field) => canonicalValue(header[field])),
    members: rows,
  });
}

function byId<T extends { participantId: string }>(people: readonly T[]): T[] {
  return [...people].sort((a, b) =>
    a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0,
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The trip fields that differ, old and new. */
export function diffHeaders(
  before: RosterHeader,
  after: RosterHeader,
): { field: HeaderField; from: string; to: string }[] {
  return HEADER_FIELDS.filter((field) => before[field] !== after[field]).map((field) => ({
    field,
    from: before[field],
    to: after[field],
  }));
}

export interface FieldChange {
  field: ContentField;
  from: string | null;
  to: string | null;
}

export interface RosterDiff<T extends RosterPerson = RosterPerson> {
  added: T[];
  removed: T[];
  changed: { before: T; after: T; fields: FieldChange[] }[];
}

/** Who was added, who removed, and which fields changed for who stayed, by participant. */
export function diffRosters<T extends RosterPerson>(
  before: readonly T[],
  after: readonly T[],
): RosterDiff<T> {
  const old = new Map(before.map((p) => [p.participantId, p]));
  const now = new Map(after.map((p) => [p.participantId, p]));
  const changed: RosterDiff<T>['changed'] = [];
  for (const person of orderRoster(after)) {
    const previous = old.get(person.participantId);
    if (!previous) continue;
    const fields = CONTENT_FIELDS.filter(
      (field) => canonicalValue(previous[field]) !== canonicalValue(person[field]),
    ).map((field) => ({ field, from: previous[field], to: person[field] }));
    if (fields.length) changed.push({ before: previous, after: person, fields });
  }
  return {
    added: orderRoster(after.filter((p) => !old.has(p.participantId))),
    removed: orderRoster(before.filter((p) => !now.has(p.participantId))),
    changed,
  };
}

export function isEmptyDiff(diff: RosterDiff): boolean {
  return !diff.added.length && !diff.removed.length && !diff.changed.length;
}

function canonicalValue(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : value.normalize('NFC');
}
