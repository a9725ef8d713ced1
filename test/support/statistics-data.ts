import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Application } from '../../src/applications/application.entity';
import { Delegation } from '../../src/delegations/delegation.entity';
import { ageOn } from '../../src/participants/age-rules';
import { RosterMember } from '../../src/rosters/roster-member.entity';
import { RosterVersion } from '../../src/rosters/roster-version.entity';
import { chaperone, chineseStudent, russianStudent } from './people';
import { Session, TestApp } from './test-app';

const DAY = 86_400_000;

/** A person of the hand-built years: registered through the API like any other. */
export interface PastPerson {
  school: 'S1' | 'S2' | 'S3';
  body: Record<string, unknown>;
}

/** An application of a past trip: its state and the days its first decision took. */
export interface PastApplication {
  who: string;
  status: 'approved' | 'rejected' | 'withdrawn' | 'waitlisted';
  days?: number;
  /** Waitlisted on the day of the decision, approved later. */
  fromWaitlist?: boolean;
}

export interface PastTrip {
  key: string;
  direction: 'CN_TO_RU' | 'RU_TO_CN';
  status: 'completed' | 'confirmed' | 'cancelled' | 'draft';
  host: string;
  departure: string;
  return: string;
  places: [students: number, chaperones: number];
  taken: [students: number, chaperones: number];
  applications: PastApplication[];
}

/**
 * Two years of exchanges counted by hand (the answers are in statistics.e2e-spec.ts): the
 * people are registered through the API; the past trips, their applications and approved
 * rosters are written as rows, since no API makes a delegation that has already returned.
 */
export const PAST_PEOPLE: Record<string, PastPerson> = {
  a: { school: 'S1', body: chineseStudent({ givenName: '安', birthDate: '2012-03-01' }) },
  b: { school: 'S1', body: chineseStudent({ givenName: '彬', birthDate: '2011-09-15' }) },
  c: {
    school: 'S1',
    body: chineseStudent({ givenName: '晨', gender: 'male', birthDate: '2009-01-20' }),
  },
  d: {
    school: 'S2',
    body: chineseStudent({ givenName: '东', gender: 'male', birthDate: '2008-05-05' }),
  },
  t: {
    school: 'S1',
    body: chaperone({ givenName: '婷', birthDate: '1980-02-02', chaperoneRole: 'teacher' }),
  },
  r: { school: 'S2', body: chineseStudent({ givenName: '然', birthDate: '2010-04-04' }) },
  e: {
    school: 'S3',
    body: russianStudent({ givenName: 'Егор', gender: 'male', birthDate: '2011-06-06' }),
  },
  f: { school: 'S3', body: russianStudent({ givenName: 'Фаина', birthDate: '2010-12-12' }) },
  g: {
    school: 'S3',
    body: russianStudent({ givenName: 'Глеб', gender: 'male', birthDate: '2008-02-02' }),
  },
  v: {
    school: 'S3',
    body: chaperone({
      nationality: 'RU',
      familyName: 'Васильев',
      givenName: 'Виктор',
      gender: 'male',
      birthDate: '1958-03-03',
      birthPlace: 'г. Благовещенск',
      passportNumber: `7${Math.floor(Math.random() * 9e8 + 1e8)}`,
      chaperoneRole: 'volunteer',
    }),
  },
  x: { school: 'S1', body: chineseStudent({ givenName: '欣', birthDate: '2012-05-10' }) },
  w: {
    school: 'S2',
    body: chineseStudent({ givenName: '伟', gender: 'male', birthDate: '2011-01-01' }),
  },
};

export const PAST_TRIPS: PastTrip[] = [
  {
    key: 'D1',
    direction: 'CN_TO_RU',
    status: 'completed',
    host: 'P1',
    departure: '2024-07-10',
    return: '2024-07-16',
    places: [10, 2],
    taken: [4, 1],
    applications: [
      { who: 'a', status: 'approved', days: 1 },
      { who: 'b', status: 'approved', days: 2, fromWaitlist: true },
      { who: 'c', status: 'approved', days: 3 },
      { who: 'd', status: 'approved', days: 4 },
      { who: 't', status: 'approved', days: 5 },
      { who: 'r', status: 'rejected', days: 10 },
    ],
  },
  {
    key: 'D2',
    direction: 'RU_TO_CN',
    status: 'completed',
    host: 'P2',
    departure: '2025-08-01',
    return: '2025-08-10',
    places: [8, 1],
    taken: [3, 1],
    applications: [
      { who: 'e', status: 'approved', days: 2 },
      { who: 'f', status: 'approved', days: 2 },
      { who: 'g', status: 'approved', days: 6 },
      { who: 'v', status: 'approved', days: 1 },
    ],
  },
  {
    key: 'D3',
    direction: 'CN_TO_RU',
    status: 'completed',
    host: 'P1',
    departure: '2025-03-20',
    return: '2025-03-26',
    places: [5, 1],
    taken: [2, 0],
    applications: [
      { who: 'x', status: 'approved', days: 3 },
      { who: 'w', status: 'approved', days: 4, fromWaitlist: true },
      { who: 'a', status: 'withdrawn' },
    ],
  },
  {
    key: 'D4',
    direction: 'CN_TO_RU',
    status: 'completed',
    host: 'P3',
    departure: '2025-10-05',
    return: '2025-10-09',
    places: [4, 1],
    taken: [1, 0],
    applications: [
      { who: 'x', status: 'approved', days: 1 },
      { who: 'c', status: 'rejected', days: 8 },
    ],
  },
  {
    key: 'D5',
    direction: 'CN_TO_RU',
    status: 'cancelled',
    host: 'P4',
    departure: '2025-11-01',
    return: '2025-11-05',
    places: [10, 2],
    taken: [0, 0],
    applications: [{ who: 'd', status: 'withdrawn' }],
  },
  {
    key: 'D6',
    direction: 'CN_TO_RU',
    status: 'draft',
    host: 'P1',
    departure: '2025-12-01',
    return: '2025-12-05',
    places: [10, 2],
    taken: [0, 0],
    applications: [],
  },
];

export interface PastYears {
  schools: Record<'S1' | 'S2' | 'S3', string>;
  partners: Record<string, string>;
  people: Record<string, string>;
  trips: Record<string, string>;
}

/** Registers the people and writes the trips of PAST_TRIPS; their ids by key. */
export async function seedPastYears(t: TestApp, admin: Session): Promise<PastYears> {
  const db = t.app.get(DataSource);
  const schools = {
    S1: await t.createUser(admin, 'school_coordinator'),
    S2: await t.createUser(admin, 'school_coordinator'),
    S3: await t.createUser(admin, 'school_coordinator', { preferredLanguage: 'ru' }),
  };
  const partners: Record<string, string> = {};
  for (const key of ['P1', 'P2', 'P3', 'P4']) {
    partners[key] = (
      await t.createOrganization(admin, {
        type: 'partner',
        country: key === 'P2' ? 'CN' : 'RU',
        nameZh: `合作机构 ${key}`,
        nameRu: `Партнёр ${key}`,
        city: 'Благовещенск',
        preferredLanguage: 'ru',
      })
    ).id;
  }
  const people: Record<string, string> = {};
  const facts: Record<string, PastPerson> = {};
  for (const [key, person] of Object.entries(PAST_PEOPLE)) {
    people[key] = (await t.registered(schools[person.school], person.body)).id;
    facts[key] = person;
  }
  const [regime] = await db.query<{ id: string }[]>('SELECT id FROM travel_regimes LIMIT 1');
  const trips: Record<string, string> = {};
  for (const trip of PAST_TRIPS) {
    const id = randomUUID();
    trips[trip.key] = id;
    const departure = new Date(`${trip.departure}T08:00:00+08:00`);
    await db.getRepository(Delegation).insert({
      id,
      titleZh: `往年交流 ${trip.key}`,
      titleRu: `Обмен прошлых лет ${trip.key}`,
      descriptionZh: '往年',
      descriptionRu: 'Прошлые годы',
      direction: trip.direction,
      hostOrganizationId: partners[trip.host],
      departureDate: trip.departure,
      returnDate: trip.return,
      applicationOpensAt: new Date(departure.getTime() - 90 * DAY),
      applicationClosesAt: new Date(departure.getTime() - 30 * DAY),
      studentPlaces: trip.places[0],
      chaperonePlaces: trip.places[1],
      studentPlacesTaken: trip.taken[0],
      chaperonePlacesTaken: trip.taken[1],
      minAge: 8,
      maxAge: 70,
      studentsPerChaperone: 8,
      travelRegimeId: regime.id,
      status: trip.status,
      rosterVersion: trip.status === 'completed' ? 1 : 0,
    });
    const submittedAt = new Date(departure.getTime() - 60 * DAY);
    const approved: { application: string; who: string }[] = [];
    for (const a of trip.applications) {
      const application = randomUUID();
      const decided = a.days === undefined ? null : new Date(submittedAt.getTime() + a.days * DAY);
      await db.getRepository(Application).insert({
        id: application,
        delegationId: id,
        participantId: people[a.who],
        schoolId: schools[facts[a.who].school].organizationId,
        kind: facts[a.who].body.kind as 'student' | 'chaperone',
        status: a.status,
        motivation: null,
        decisionNote: null,
        decidedById: decided ? admin.userId : null,
        // Waitlisted on the first decision, approved a week later.
        decidedAt: decided && a.fromWaitlist ? new Date(decided.getTime() + 7 * DAY) : decided,
        waitlistedAt: a.fromWaitlist ? decided : null,
        firstDecidedAt: decided,
        approvedParticipantVersion: a.status === 'approved' ? 1 : null,
        submittedAt,
        withdrawnAt: a.status === 'withdrawn' ? new Date(submittedAt.getTime() + DAY) : null,
      });
      if (a.status === 'approved') approved.push({ application, who: a.who });
    }
    if (trip.status !== 'completed' && trip.status !== 'confirmed') continue;
    const version = randomUUID();
    await db.getRepository(RosterVersion).insert({
      id: version,
      delegationId: id,
      version: 1,
      hash: 'f'.repeat(64),
      hashScheme: 2,
      memberCount: approved.length,
      direction: trip.direction,
      departureDate: trip.departure,
      returnDate: trip.return,
      hostOrganizationId: partners[trip.host],
      lockedAt: new Date(departure.getTime() - 20 * DAY),
      lockedById: admin.userId,
      overrideReason: null,
      overriddenChecks: null,
      partnerDecision: 'approved',
      partnerDecidedAt: new Date(departure.getTime() - 15 * DAY),
      partnerDecidedById: null,
      rejectionReason: null,
    });
    let position = 0;
    for (const { application, who } of approved) {
      const body = facts[who].body;
      position += 1;
      await db.getRepository(RosterMember).insert({
        id: randomUUID(),
        rosterVersionId: version,
        position,
        participantId: people[who],
        applicationId: application,
        schoolId: schools[facts[who].school].organizationId,
        kind: body.kind as 'student' | 'chaperone',
        nationality: body.nationality as 'CN' | 'RU',
        familyName: String(body.familyName),
        givenName: String(body.givenName),
        latinFamily: null,
        latinGiven: null,
        cyrillicFamily: null,
        cyrillicGiven: null,
        chineseFamily: null,
        chineseGiven: null,
        gender: body.gender as 'female' | 'male',
        birthDate: String(body.birthDate),
        birthPlace: String(body.birthPlace),
        passportEncrypted: null,
        passportExpiry: null,
        contentDigest: 'e'.repeat(64),
        erasedAt: null,
        chaperoneRole: body.kind === 'chaperone' ? (body.chaperoneRole as 'teacher') : null,
        ageOnDeparture: ageOn(String(body.birthDate), trip.departure),
      });
    }
  }
  return {
    schools: {
      S1: schools.S1.organizationId,
      S2: schools.S2.organizationId,
      S3: schools.S3.organizationId,
    },
    partners,
    people,
    trips,
  };
}
