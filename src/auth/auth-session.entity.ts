import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, IdColumn, InstantColumn, RefColumn } from '../database/columns';

/** One login: the family of refresh tokens rotated from it. Revoking it ends them all. */
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

  @InstantColumn({ nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  revokedReason: string | null;

  @CreatedAtColumn()
  createdAt: Date;
}
