import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, IdColumn, UpdatedAtColumn } from '../database/columns';
import { Language } from '../localization/language';

export const ORGANIZATION_TYPES = ['school', 'partner', 'committee'] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];
export const COUNTRIES = ['CN', 'RU'] as const;
export type Country = (typeof COUNTRIES)[number];

@Entity('organizations')
@Index('IDX_organizations_type', ['type'])
export class Organization {
  @IdColumn()
  id: string;

  @Column({ type: 'varchar', length: 16 })
  type: OrganizationType;

  @Column({ type: 'varchar', length: 2 })
  country: Country;

  @Column({ type: 'varchar', length: 200 })
  nameZh: string;

  @Column({ type: 'varchar', length: 200 })
  nameRu: string;

  @Column({ type: 'varchar', length: 100 })
  city: string;

  @Column({ type: 'varchar', length: 2 })
  preferredLanguage: Language;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
