import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, IdColumn, InstantColumn, RefColumn } from '../database/columns';

/** An in-app message, written in the recipient's language when it was delivered. */
@Entity('user_notifications')
@Index('UQ_user_notifications_delivery', ['deliveryId'], { unique: true })
@Index('IDX_user_notifications_user', ['userId', 'createdAt'])
@Index('IDX_user_notifications_unread', ['userId', 'readAt'])
export class UserNotification {
  @IdColumn()
  id: string;

  @RefColumn()
  userId: string;

  @ManyToOne('User', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'FK_user_notifications_user' })
  private readonly user?: never;

  @RefColumn()
  deliveryId: string;

  @ManyToOne('Delivery', { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'deliveryId', foreignKeyConstraintName: 'FK_user_notifications_delivery' })
  private readonly delivery?: never;

  @Column({ type: 'varchar', length: 64 })
  event: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  link: string | null;

  @InstantColumn({ nullable: true })
  readAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;
}
