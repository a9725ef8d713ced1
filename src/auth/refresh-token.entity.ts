import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { AuthSession } from './auth-session.entity';
import { CreatedAtColumn, IdColumn, InstantColumn, RefColumn } from '../database/columns';

/** Refresh tokens are stored only as SHA-256 hashes; the token itself is never kept. */
@Entity('refresh_tokens')
@Index('IDX_refresh_tokens_session', ['sessionId'])
export class RefreshToken {
  @IdColumn()
  id: string;

  @RefColumn()
  sessionId: string;

  @ManyToOne(() => AuthSession, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'sessionId', foreignKeyConstraintName: 'FK_refresh_tokens_session' })
  private readonly session?: never;

  @Index('UQ_refresh_tokens_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @InstantColumn()
  expiresAt: Date;

  /** Set when the token was exchanged; a second use is a replay and revokes the session. */
  @InstantColumn({ nullable: true })
  usedAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;
}
