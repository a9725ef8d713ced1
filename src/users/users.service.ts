import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { FindOptionsWhere, Repository } from 'typeorm';
import { Caller, Role } from '../common/auth/caller';
import { AppError, notFound } from '../common/errors/app-error';

import { Page, pageOf, skipTake } from '../common/http/pagination';
import { isUniqueViolation } from '../database/errors';
import { Ctx, forUpdate, Transactions, Tx } from '../database/transactions';
import type { OrganizationType } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { Language } from '../localization/language';
import {
  CreateUserDto,
  MeDto,
  UpdateMeDto,
  UpdateUserDto,
  UserDto,
  UserQueryDto,
} from './dto/user.dto';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password';
import { roleFitsOrganization } from './role-rules';
import { User } from './user.entity';

/** What authentication needs to know about an account, and nothing more. */
export type AccountState = Pick<
  User,
  'id' | 'role' | 'organizationId' | 'preferredLanguage' | 'disabled' | 'sessionEpoch'
>;

/** Whom a message goes to, and in which language. */
export interface Recipient {
  id: string;
  email: string;
  role: Role;
  organizationId: string;
  organizationType: OrganizationType;
  preferredLanguage: Language;
  /** Wants notices by e-mail. */
  noticeEmails: boolean;
}

/**
 * Everyone, said as such, or users matching every criterion given; a criterion with an
 * empty list, or a filter with none, matches nobody.
 */
export type RecipientFilter =
  | { everyone: true }
  | {
      organizationIds?: readonly string[];
      organizationTypes?: readonly OrganizationType[];
      roles?: readonly Role[];
    };

const emailTaken = () => new AppError('EMAIL_TAKEN', {}, [{ field: 'email', code: 'EMAIL_TAKEN' }]);

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly organizations: OrganizationsService,
    private readonly transactions: Transactions,
  ) {}

  async create(caller: Caller | null, input: CreateUserDto): Promise<UserDto> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.transactions.run(caller, (tx) => this.insert(tx, input, passwordHash));
    } catch (error) {
      // Two creations of one address at once: the unique index decides.
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  /** Inside a use case of another's (the first organizer, the demo). */
  async createIn(tx: Tx, input: CreateUserDto): Promise<UserDto> {
    return this.insert(tx, input, await hashPassword(input.password));
  }

  private async insert(tx: Tx, input: CreateUserDto, passwordHash: string): Promise<UserDto> {
    const m = tx.manager;
    {
      await this.checkRoleFits(tx, input.role, input.organizationId);
      if (await m.existsBy(User, { email: input.email })) throw emailTaken();
      const entity = m.create(User, {
        id: randomUUID(),
        email: input.email,
        passwordHash,
        role: input.role,
        organizationId: input.organizationId,
        preferredLanguage: input.preferredLanguage,
        disabled: false,
        sessionEpoch: 0,
        lastLoginAt: null,
      });
      return UserDto.from(await m.save(entity));
    }
  }

  async list(query: UserQueryDto): Promise<Page<UserDto>> {
    const where: FindOptionsWhere<User> = {};
    if (query.organizationId) where.organizationId = query.organizationId;
    if (query.role) where.role = query.role;
    if (query.disabled !== undefined) where.disabled = query.disabled;
    const result = await this.users.findAndCount({
      where,
      order: { email: 'ASC' },
      ...skipTake(query),
    });
    return pageOf(result, query, (row) => UserDto.from(row));
  }

  /** Members of one organization, scoped to the caller: another organization is 404. */
  async listMembers(
    caller: Caller,
    organizationId: string,
    query: UserQueryDto,
  ): Promise<Page<UserDto>> {
    if (caller.role !== 'organizer' && caller.organizationId !== organizationId) throw notFound();
    return this.list({ ...query, organizationId });
  }

  /** For the admin API. */
  getFor(caller: Caller, id: string): Promise<UserDto> {
    return this.get(this.transactions.read(caller), id);
  }

  async get(ctx: Ctx, id: string): Promise<UserDto> {
    const entity = await ctx.repo(User).findOneBy({ id });
    if (!entity) throw notFound();
    return UserDto.from(entity);
  }

  async update(caller: Caller, id: string, input: UpdateUserDto): Promise<UserDto> {
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    return this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      const entity = await m.findOneBy(User, { id });
      if (!entity) throw notFound();
      const role = input.role ?? entity.role;
      const organizationId = input.organizationId ?? entity.organizationId;
      const stopsOrganizing =
        entity.role === 'organizer' &&
        !entity.disabled &&
        (role !== 'organizer' || input.disabled === true);
      if (stopsOrganizing) await this.checkAnotherOrganizerRemains(tx, id);
      if (role !== entity.role || organizationId !== entity.organizationId) {
        await this.checkRoleFits(tx, role, organizationId);
      }
      // Access already granted must end when what it was granted on changes.
      const endSessions =
        passwordHash !== undefined ||
        input.disabled === true ||
        role !== entity.role ||
        organizationId !== entity.organizationId;
      Object.assign(entity, {
        role,
        organizationId,
        disabled: input.disabled ?? entity.disabled,
        preferredLanguage: input.preferredLanguage ?? entity.preferredLanguage,
        passwordHash: passwordHash ?? entity.passwordHash,
        sessionEpoch: entity.sessionEpoch + (endSessions ? 1 : 0),
      });
      return UserDto.from(await m.save(entity));
    });
  }

  async me(caller: Pick<Caller, 'userId' | 'organizationId'>): Promise<MeDto> {
    // Also right after a login, before a full caller exists: reads of the caller's own rows.
    const ctx = this.transactions.read(null);
    const [user, organization, settings] = await Promise.all([
      this.get(ctx, caller.userId),
      this.organizations.get(ctx, caller.organizationId),
      ctx
        .repo(User)
        .findOneOrFail({ where: { id: caller.userId }, select: { noticeEmails: true } }),
    ]);

    return Object.assign(new MeDto(), user, {
      organization,
      noticeEmails: settings.noticeEmails,
    });
  }

  async updateMe(caller: Caller, input: UpdateMeDto): Promise<MeDto> {
    const changes: Partial<Pick<User, 'preferredLanguage' | 'noticeEmails'>> = {};
    if (input.preferredLanguage) changes.preferredLanguage = input.preferredLanguage;
    if (input.noticeEmails !== undefined) changes.noticeEmails = input.noticeEmails;
    if (Object.keys(changes).length) {
      await this.transactions.run(caller, (tx) =>
        tx.manager.update(User, { id: caller.userId }, changes),
      );
    }
    return this.me(caller);
  }

  /** The one-click unsubscribe of a notice e-mail: that person's notices stop coming by mail. */
  async stopNoticeEmails(id: string): Promise<void> {
    await this.users.update({ id }, { noticeEmails: false });
  }

  findCredentials(email: string): Promise<Pick<User, 'id' | 'passwordHash'> | null> {
    return this.users.findOne({
      where: { email: email.trim().toLowerCase() },
      select: { id: true, passwordHash: true },
    });
  }

  /** A password as stored (argon2id): computed before a transaction, as it takes a while. */
  hashPassword(password: string): Promise<string> {
    return hashPassword(password);
  }

  credentialsOf(id: string): Promise<Pick<User, 'id' | 'passwordHash'> | null> {
    return this.users.findOne({ where: { id }, select: { id: true, passwordHash: true } });
  }

  /** A user's own new password (the current one checked by the caller): every session ends. */
  async changePassword(tx: Tx, id: string, passwordHash: string): Promise<void> {
    await tx.manager.increment(User, { id }, 'sessionEpoch', 1);
    await tx.manager.update(User, { id }, { passwordHash });
  }

  /**
   * Whether `password` is the account's. With no account the same work is done against a
   * dummy hash, so the time taken does not tell which addresses have one.
   */
  async passwordMatches(
    credentials: Pick<User, 'passwordHash'> | null,
    password: string,
  ): Promise<boolean> {
    if (!credentials) {
      await burnPasswordCheck(password);
      return false;
    }
    return verifyPassword(credentials.passwordHash, password);
  }

  findAccount(ctx: Ctx, id: string): Promise<AccountState | null> {
    return ctx.repo(User).findOne({
      where: { id },
      select: {
        id: true,
        role: true,
        organizationId: true,
        preferredLanguage: true,
        disabled: true,
        sessionEpoch: true,
      },
    });
  }

  /**
   * Active users matching `filter`, in id order after `afterId`: a large audience is read
   * one batch at a time, and a batch interrupted midway resumes after its last id.
   */
  async recipients(
    filter: RecipientFilter,
    afterId: string | null,
    limit: number,
  ): Promise<Recipient[]> {
    const query = this.recipientQuery()
      .where('u.disabled = :disabled', { disabled: false })
      .orderBy('u.id', 'ASC')
      .limit(limit);
    if (afterId) query.andWhere('u.id > :afterId', { afterId });
    if (!('everyone' in filter)) {
      const { organizationIds, organizationTypes, roles } = filter;
      const given = [organizationIds, organizationTypes, roles].filter((c) => c !== undefined);
      if (given.length === 0 || given.some((c) => c.length === 0)) return [];
      if (organizationIds)
        query.andWhere('u.organizationId IN (:...ids)', { ids: organizationIds });
      if (organizationTypes) query.andWhere('o.type IN (:...types)', { types: organizationTypes });
      if (roles) query.andWhere('u.role IN (:...roles)', { roles });
    }
    return (await query.getRawMany<Recipient>()).map(asRecipient);
  }

  /** One recipient as they are now (language changed, account disabled since the event). */
  async recipient(id: string): Promise<Recipient | undefined> {
    const row = await this.recipientQuery()
      .where('u.id = :id', { id })
      .andWhere('u.disabled = :disabled', { disabled: false })
      .getRawOne<Recipient>();
    return row && asRecipient(row);
  }

  private recipientQuery() {
    return this.users
      .createQueryBuilder('u')
      .innerJoin('organizations', 'o', 'o.id = u.organizationId')
      .select('u.id', 'id')
      .addSelect('u.email', 'email')
      .addSelect('u.role', 'role')
      .addSelect('u.organizationId', 'organizationId')
      .addSelect('o.type', 'organizationType')
      .addSelect('u.preferredLanguage', 'preferredLanguage')
      .addSelect('u.noticeEmails', 'noticeEmails');
  }

  async recordLogin(tx: Tx, id: string): Promise<void> {
    await tx.manager.update(User, { id }, { lastLoginAt: new Date() });
  }

  organizerExists(ctx: Ctx): Promise<boolean> {
    return ctx.repo(User).existsBy({ role: 'organizer' });
  }

  /** Someone must always be able to administer: the last active organizer stays one. */
  private async checkAnotherOrganizerRemains(tx: Tx, id: string): Promise<void> {
    const active = await tx.manager.find(User, {
      where: { role: 'organizer', disabled: false },
      select: { id: true },
      ...forUpdate(tx),
    });
    if (!active.some((user) => user.id !== id)) throw new AppError('LAST_ORGANIZER');
  }

  private async checkRoleFits(ctx: Ctx, role: Role, organizationId: string): Promise<void> {
    const type = await this.organizations.typeOf(ctx, organizationId);
    if (!type) {
      throw new AppError('VALIDATION_FAILED', {}, [
        { field: 'organizationId', code: 'ORGANIZATION_NOT_FOUND' },
      ]);
    }
    if (!roleFitsOrganization(role, type)) {
      throw new AppError('ROLE_ORGANIZATION_MISMATCH', { role, type }, [
        { field: 'role', code: 'ROLE_ORGANIZATION_MISMATCH', params: { role, type } },
      ]);
    }
  }
}

/** Raw rows carry booleans as the database stores them (1 and 0). */
function asRecipient(row: Recipient): Recipient {
  return { ...row, noticeEmails: Boolean(Number(row.noticeEmails)) };
}
