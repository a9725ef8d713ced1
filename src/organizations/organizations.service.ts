import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { FindOptionsWhere, In, Repository } from 'typeorm';
import { Caller } from '../common/auth/caller';
import { notFound } from '../common/errors/app-error';
import { Page, pageOf, skipTake } from '../common/http/pagination';
import { Ctx, Transactions, Tx } from '../database/transactions';
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

  create(caller: Caller | null, input: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.transactions.run(caller, (tx) => this.createIn(tx, input));
  }

  /** Inside a use case of another's (the first organizer's committee, the demo). */
  async createIn(tx: Tx, input: CreateOrganizationDto): Promise<OrganizationDto> {
    const entity = tx.manager.create(Organization, { id: randomUUID(), ...input });
    return OrganizationDto.from(await tx.manager.save(entity));
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

  async get(ctx: Ctx, id: string): Promise<OrganizationDto> {
    const entity = await ctx.repo(Organization).findOneBy({ id });
    if (!entity) throw notFound();
    return OrganizationDto.from(entity);
  }

  /** Organizers see every organization; anyone else only their own (others are 404). */
  async getVisible(caller: Caller, id: string): Promise<OrganizationDto> {
    if (caller.role !== 'organizer' && caller.organizationId !== id) throw notFound();
    return this.get(this.transactions.read(caller), id);
  }

  async update(caller: Caller, id: string, input: UpdateOrganizationDto): Promise<OrganizationDto> {
    return this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      const entity = await m.findOneBy(Organization, { id });
      if (!entity) throw notFound();
      Object.assign(entity, input);
      return OrganizationDto.from(await m.save(entity));
    });
  }

  /** Names in both languages of many organizations, in one query. */
  async namesOf(ctx: Ctx, ids: string[]): Promise<Map<string, { nameZh: string; nameRu: string }>> {
    if (!ids.length) return new Map();
    const rows = await ctx.repo(Organization).find({
      where: { id: In([...new Set(ids)]) },
      select: { id: true, nameZh: true, nameRu: true },
    });
    return new Map(rows.map((row) => [row.id, { nameZh: row.nameZh, nameRu: row.nameRu }]));
  }

  /** The type of many organizations, in one query. */
  async typesOf(ctx: Ctx, ids: string[]): Promise<Map<string, OrganizationType>> {
    if (!ids.length) return new Map();
    const rows = await ctx.repo(Organization).find({
      where: { id: In([...new Set(ids)]) },
      select: { id: true, type: true },
    });
    return new Map(rows.map((row) => [row.id, row.type]));
  }

  async typeOf(ctx: Ctx, id: string): Promise<OrganizationType | undefined> {
    const entity = await ctx.repo(Organization).findOne({
      where: { id },
      select: { id: true, type: true },
    });
    return entity?.type;
  }

  async findFirstOfType(
    ctx: Ctx,
    type: OrganizationType,
    country?: Country,
  ): Promise<OrganizationDto | undefined> {
    const entity = await ctx.repo(Organization).findOne({
      where: country ? { type, country } : { type },
      order: { createdAt: 'ASC' },
    });
    return entity ? OrganizationDto.from(entity) : undefined;
  }
}
