import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, FindOptionsWhere, In, Repository } from 'typeorm';
import { Caller } from '../common/auth/caller';
import { notFound } from '../common/errors/app-error';
import { Page, pageOf, skipTake } from '../common/http/pagination';
import { Transactions } from '../database/transactions';
import {
  CreateOrganizationDto,
  OrganizationDto,
  OrganizationQueryDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { Country, Organization, OrganizationType } from './organization.entity';

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    private readonly transactions: Transactions,
  ) {}

  create(input: CreateOrganizationDto, manager?: EntityManager): Promise<OrganizationDto> {
    const insert = async (m: EntityManager) => {
      const entity = m.create(Organization, { id: randomUUID(), ...input });
      return OrganizationDto.from(await m.save(entity));
    };
    return manager ? insert(manager) : this.transactions.run(insert);
  }

  async list(query: OrganizationQueryDto): Promise<Page<OrganizationDto>> {
    const where: FindOptionsWhere<Organization> = {};
    if (query.type) where.type = query.type;
    if (query.country) where.country = query.country;
    const result = await this.organizations.findAndCount({
      where,
      order: { nameZh: 'ASC', id: 'ASC' },
      ...skipTake(query),
    });
    return pageOf(result, query, (row) => OrganizationDto.from(row));
  }

  async get(id: string): Promise<OrganizationDto> {
    const entity = await this.organizations.findOneBy({ id });
    if (!entity) throw notFound();
    return OrganizationDto.from(entity);
  }

  /** Organizers see every organization; anyone else only their own (others are 404). */
  async getVisible(caller: Caller, id: string): Promise<OrganizationDto> {
    if (caller.role !== 'organizer' && caller.organizationId !== id) throw notFound();
    return this.get(id);
  }

  async update(id: string, input: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.transactions.run(async (m) => {
      const entity = await m.findOneBy(Organization, { id });
      if (!entity) throw notFound();
      Object.assign(entity, input);
      return OrganizationDto.from(await m.save(entity));
    });
  }

  /** Names in both languages of many organizations, in one query. */
  async namesOf(ids: string[]): Promise<Map<string, { nameZh: string; nameRu: string }>> {
    if (!ids.length) return new Map();
    const rows = await this.organizations.find({
      where: { id: In([...new Set(ids)]) },
      select: { id: true, nameZh: true, nameRu: true },
    });
    return new Map(rows.map((row) => [row.id, { nameZh: row.nameZh, nameRu: row.nameRu }]));
  }

  /** The type of many organizations, in one query. */
  async typesOf(ids: string[]): Promise<Map<string, OrganizationType>> {
    if (!ids.length) return new Map();
    const rows = await this.organizations.find({
      where: { id: In([...new Set(ids)]) },
      select: { id: true, type: true },
    });
    return new Map(rows.map((row) => [row.id, row.type]));
  }

  async typeOf(id: string, manager?: EntityManager): Promise<OrganizationType | undefined> {
    const entity = await (manager ?? this.organizations.manager).findOne(Organization, {
      where: { id },
      select: { id: true, type: true },
    });
    return entity?.type;
  }

  async findFirstOfType(
    type: OrganizationType,
    manager: EntityManager,
    country?: Country,
  ): Promise<OrganizationDto | undefined> {
    const entity = await manager.findOne(Organization, {
      where: country ? { type, country } : { type },

      order: { createdAt: 'ASC' },
    });
    return entity ? OrganizationDto.from(entity) : undefined;
  }
}
