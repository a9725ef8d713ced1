import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefColumn } from '../database/columns';
import type { ConsentKind } from './consent.entity';

/**
 * The words a guardian agrees to, one version of one kind of consent in both languages.
 * Never changed once published: a new wording is a new version. A recorded consent names
 * its version (`participant_consents.noticeVersion`), so the exact text stays known.
 */
@Entity('consent_texts')
@Index('UQ_consent_texts_kind_version', ['kind', 'version'], { unique: true })
export class ConsentText {
  @IdColumn()
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ConsentKind;

  @Column({ type: 'varchar', length: 40 })
  version: string;

  @Column({ type: 'text' })
  zh: string;

  @Column({ type: 'text' })
  ru: string;

  /** The day from which schools print and record this version. */
  @Column({ type: 'date' })
  validFrom: string;

  /**
   * Consents to older versions no longer count once this one is valid: the person needs a
   * new signature before a roster can be locked with them. Otherwise older ones stand and
   * the school is only asked to renew them.
   */
  @Column({ type: 'boolean', default: false })
  requiresRenewal: boolean;

  @RefColumn({ nullable: true })
  createdById: string | null;

  @ManyToOne('User', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'createdById', foreignKeyConstraintName: 'FK_consent_texts_created_by' })
  private readonly createdBy?: never;

  @CreatedAtColumn()
  createdAt: Date;
}
