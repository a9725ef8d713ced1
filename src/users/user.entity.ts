import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  InstantColumn,
  RefColumn,
  UpdatedAtColumn,
} from '../database/columns';
import { Role } from '../common/auth/caller';
import { Language } from '../localization/language';

@Entity('users')
@Index('IDX_users_organization', ['organizationId'])
@Index('IDX_users_role', ['role'])
export class User {
  @IdColumn()
  id: string;

  @Index('UQ_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 24 })
  role: Role;

  @RefColumn()
  organizationId: string;

  // Named by string: the foreign key is schema, not a reason to import another feature's entity.
  @ManyToOne('Organization', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'organizationId', foreignKeyConstraintName: 'FK_users_organization' })
  private readonly organization?: never;

  @Column({ type: 'varchar', length: 2 })
  preferredLanguage: Language;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** Notices by e-mail (off by the unsubscribe link or in the account); decisions always. */
  @Column({ type: 'boolean', default: true })
  noticeEmails: boolean;

  /** Bumped when access must end (disable, password reset, role change); tokens carry it. */
  @Column({ type: 'int', default: 0 })
  sessionEpoch: number;

  @InstantColumn({ nullable: true })
  lastLoginAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
