import { Column, Entity, Index } from 'typeorm';
import { IdColumn, InstantColumn, RefColumn } from '../database/columns';

export const RUN_STATUSES = ['running', 'done', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_SOURCES = ['schedule', 'command', 'request'] as const;
export type RunSource = (typeof RUN_SOURCES)[number];

/**
 * One pass of the retention job: the policy it applied and how many rows of each kind it
 * erased or deleted (counts only, never who). A pass killed midway stays `running`; the
 * next one simply finds the rest, since every step only picks what is still due.
 */
@Entity('retention_runs')
@Index('IDX_retention_runs_started', ['startedAt'])
export class RetentionRun {
  @IdColumn()
  id: string;

  @InstantColumn()
  startedAt: Date;

  @InstantColumn({ nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'varchar', length: 16 })
  status: RunStatus;

  @Column({ type: 'varchar', length: 16 })
  source: RunSource;

  @RefColumn({ nullable: true })
  actorId: string | null;

  /** JSON RetentionPolicy. */
  @Column({ type: 'text' })
  policy: string;

  /** JSON RetentionCounts, updated after every batch. */
  @Column({ type: 'text', nullable: true })
  counts: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;
}
