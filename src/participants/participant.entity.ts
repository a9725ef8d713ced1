import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  InstantColumn,
  RefColumn,
  UpdatedAtColumn,
} from '../database/columns';

export const PARTICIPANT_KINDS = ['student', 'chaperone'] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];
/** What a chaperone does: a teacher of the school, a volunteer (often one of the 五老), other. */
export const CHAPERONE_ROLES = ['teacher', 'volunteer', 'other'] as const;
export type ChaperoneRole = (typeof CHAPERONE_ROLES)[number];
export const NATIONALITIES = ['CN', 'RU'] as const;
export type Nationality = (typeof NATIONALITIES)[number];
export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];
/**
 * Where a Chinese participant's Cyrillic came from: 'hanzi' when built from the syllables
 * of the characters, 'latin' when the syllables were guessed from the Latin spelling alone
 * (a person should check it), 'manual' when a person typed it (`cyrillicOverridden`).
 */
export const CYRILLIC_SOURCES = ['hanzi', 'latin', 'manual'] as const;
export type CyrillicSource = (typeof CYRILLIC_SOURCES)[number];

/**
 * A student or chaperone of one school. The passport number is never stored in plain:
 * only its AES-GCM ciphertext and a keyed hash for duplicate checks.
 */
@Entity('participants')
// A school's people in name order (the list), and the school's foreign key.
@Index('IDX_participants_school_name', ['schoolId', 'familyName', 'givenName', 'id'])
@Index('UQ_participants_passport_hash', ['passportHash'], { unique: true })
@Index('IDX_participants_erased', ['erasedAt', 'id'])
export class Participant {
  @IdColumn()
  id: string;

  @RefColumn()
  schoolId: string;

  @ManyToOne('Organization', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'schoolId', foreignKeyConstraintName: 'FK_participants_school' })
  private readonly school?: never;

  @Column({ type: 'varchar', length: 16 })
  kind: ParticipantKind;

  /** A chaperone's role; null for a student. Kept when personal data is erased. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  chaperoneRole: ChaperoneRole | null;

  @Column({ type: 'varchar', length: 2 })
  nationality: Nationality;

  @Column({ type: 'varchar', length: 100 })
  familyName: string;

  @Column({ type: 'varchar', length: 100 })
  givenName: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  latinFamily: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  latinGiven: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  cyrillicFamily: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  cyrillicGiven: string | null;

  /** Set when a person typed the Cyrillic form: it is then never regenerated. */
  @Column({ type: 'boolean', default: false })
  cyrillicOverridden: boolean;

  /** Built from the characters, guessed from the Latin (to be checked), or typed. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  cyrillicSource: CyrillicSource | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  chineseFamily: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  chineseGiven: string | null;

  @Column({ type: 'varchar', length: 8 })
  gender: Gender;

  @Column({ type: 'date' })
  birthDate: string;

  @Column({ type: 'varchar', length: 200 })
  birthPlace: string;

  @Column({ type: 'varchar', length: 96, nullable: true })
  passportEncrypted: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  passportHash: string | null;

  @Column({ type: 'date', nullable: true })
  passportExpiry: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  guardianName: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  guardianPhone: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  guardianRelation: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  emergencyContact: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /**
   * Every name form, lower-cased in JavaScript: SQLite's LOWER() and LIKE fold only ASCII,
   * so searching Cyrillic by case would differ between the two databases otherwise.
   */
  @Column({ type: 'varchar', length: 1000 })
  searchText: string;

  /** Bumped on every change, so an approval can tell the data changed after it. */

  @Column({ type: 'int', default: 1 })
  version: number;

  /**
   * When the retention job or a request erased the personal fields: passport, birth place,
   * the day and month of birth (the date then holds the year's 1 January), guardian and
   * contacts; names are initials unless the policy keeps them.
   */
  @InstantColumn({ nullable: true })
  erasedAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
