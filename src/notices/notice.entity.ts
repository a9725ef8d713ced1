import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import {
  CreatedAtColumn,
  IdColumn,
  InstantColumn,
  RefColumn,
  UpdatedAtColumn,
} from '../database/columns';
import type { Language } from '../localization/language';
import type { Audience, NoticeStatus } from './notice-rules';

/** A notice in Chinese and Russian (Markdown); a missing language is null. */
@Entity('notices')
@Index('UQ_notices_slug', ['slug'], { unique: true })
@Index('IDX_notices_status_published', ['status', 'publishedAt'])
@Index('IDX_notices_delegation', ['delegationId'])
export class Notice {
  @IdColumn()
  id: string;

  /** The address of its public page, `/{lang}/notices/{slug}`; fixed once published. */
  @Column({ type: 'varchar', length: 100 })
  slug: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  titleZh: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  titleRu: string | null;

  @Column({ type: 'text', nullable: true })
  bodyZh: string | null;

  @Column({ type: 'text', nullable: true })
  bodyRu: string | null;

  @Column({ type: 'varchar', length: 16 })
  audience: Audience;

  /** For the audience `delegation`: whose participants (their schools) and host read it. */
  @RefColumn({ nullable: true })
  delegationId: string | null;

  @ManyToOne('Delegation', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'delegationId', foreignKeyConstraintName: 'FK_notices_delegation' })
  private readonly delegation?: never;

  /** Published in one language on purpose; the other shows it as "translation pending". */
  @Column({ type: 'varchar', length: 2, nullable: true })
  singleLanguage: Language | null;

  @Column({ type: 'varchar', length: 16 })
  status: NoticeStatus;

  @InstantColumn({ nullable: true })
  publishedAt: Date | null;

  @RefColumn()
  authorId: string;

  @ManyToOne('User', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'authorId', foreignKeyConstraintName: 'FK_notices_author' })
  private readonly author?: never;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
