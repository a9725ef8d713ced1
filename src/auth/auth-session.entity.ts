import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, IdColumn, InstantColumn, RefColumn } from '../database/columns';

export const SESSION_KINDS = ['api', 'browser'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/**
 * One login. An API session is the family of refresh tokens rotated from it; a browser
 * session is named by the portal's encrypted cookie. Revoking it ends either.
 */
@Entity('auth_sessions')
@Index('IDX_auth_sessions_user', ['userId'])
export class AuthSession {
  @IdColumn()
  id: string;

  @RefColumn()
  userId: string;

  @ManyToOne('User', { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'FK_auth_sessions_user' })
  private readonly user?: never;

  @Column({ type: 'int' })
  userEpoch: number;

  @Column({ type: 'varchar', length: 8, default: 'api' })
  kind: SessionKind;

  /** Browser sessions: the last request, to within a minute (idle expiry). */
  @InstantColumn({ nullable: true })
  lastSeenAt: Date | null;

  @InstantColumn({ nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  revokedReason: string | null;

  @CreatedAtColumn()
  createdAt: Date;
}
