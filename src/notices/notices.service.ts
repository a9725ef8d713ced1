import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Brackets, FindOptionsWhere, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../common/auth/caller';
import { AppError, FieldError, notFound } from '../common/errors/app-error';
import { ContentChanges } from '../common/events/content-changes';
import { Page, pageOf, skipTake } from '../common/http/pagination';
import { isUniqueViolation } from '../database/errors';
import { forUpdate, Transactions, Tx } from '../database/transactions';
import { DelegationsService } from '../delegations/delegations.service';
import { NotificationsService } from '../notifications/notifications.service';
import { EVERYONE } from '../notifications/notification-events';
import type { Audience as Recipients } from '../notifications/notification-events';
import { Language } from '../localization/language';
import {
  CreateNoticeDto,
  MissingTranslationsDto,
  NoticeDto,
  NoticeQueryDto,
  PublishedNoticeDto,
  UpdateNoticeDto,
} from './dto/notice.dto';
import { DelegationMembers } from './delegation-members-port';
import { renderMarkdown } from './markdown';
import { Notice } from './notice.entity';
import {
  assertNoticeTransition,
  audiencesFor,
  missingLanguages,
  textFor,
  untranslatedLanguages,
} from './notice-rules';
import { slugFromTitles } from './slug';
import { hasVisibleText } from '../common/text/visible-text';

const slugTaken = () =>
  new AppError('VALIDATION_FAILED', {}, [{ field: 'slug', code: 'SLUG_TAKEN' }]);

/** A published public notice as the pages show it, in one language. */
export interface PublicNotice {
  slug: string;
  lang: Language;
  title: string;
  bodyHtml: string;
  translationPending: boolean;
  publishedAt: Date;
}

@Injectable()
export class NoticesService {
  constructor(
    @InjectRepository(Notice) private readonly notices: Repository<Notice>,
    private readonly delegations: DelegationsService,
    private readonly applications: DelegationMembers,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly changes: ContentChanges,
    private readonly notifications: NotificationsService,
  ) {}

  async create(caller: Caller, input: CreateNoticeDto): Promise<NoticeDto> {
    const entity = await this.saving(() =>
      this.transactions.run(caller, async (tx) => {
        const m = tx.manager;
        const notice = m.create(Notice, {
          id: randomUUID(),
          slug: input.slug ?? '',
          titleZh: input.titleZh ?? null,
          titleRu: input.titleRu ?? null,
          bodyZh: input.bodyZh ?? null,
          bodyRu: input.bodyRu ?? null,
          audience: input.audience,
          delegationId: input.delegationId ?? null,
          singleLanguage: input.singleLanguage ?? null,
          status: 'draft',
          publishedAt: null,
          authorId: caller.userId,
        });
        await this.checkRules(tx, notice);
        if (!input.slug) notice.slug = await this.freeSlug(tx, notice);
        else if (await m.existsBy(Notice, { slug: notice.slug })) throw slugTaken();
        await m.insert(Notice, { ...notice });
        await this.audit.record(tx, {
          action: 'create',
          entityType: 'notice',
          entityId: notice.id,
        });
        return notice;
      }),
    );
    return toDto(entity);
  }

  async list(query: NoticeQueryDto): Promise<Page<NoticeDto>> {
    const where: FindOptionsWhere<Notice> = {};
    if (query.status) where.status = query.status;
    if (query.audience) where.audience = query.audience;
    const result = await this.notices.findAndCount({
      where,
      order: { updatedAt: 'DESC', id: 'ASC' },
      ...skipTake(query),
    });
    return pageOf(result, query, toDto);
  }

  async get(id: string): Promise<NoticeDto> {
    const entity = await this.notices.findOneBy({ id });
    if (!entity) throw notFound();
    return toDto(entity);
  }

  async update(caller: Caller, id: string, input: UpdateNoticeDto): Promise<NoticeDto> {
    const entity = await this.saving(() =>
      this.transactions.run(caller, async (tx) => {
        const m = tx.manager;
        const notice = await m.findOne(Notice, { where: { id }, ...forUpdate(tx) });
        if (!notice) throw notFound();
        if (notice.status === 'archived') throw new AppError('NOTICE_ARCHIVED');
        const changed = Object.entries(input)
          .filter(([key, value]) => value !== undefined && notice[key as keyof Notice] !== value)
          .map(([key]) => key);
        if (!changed.length) return notice;
        if (changed.includes('slug') && notice.status !== 'draft') {
          throw new AppError('VALIDATION_FAILED', {}, [{ field: 'slug', code: 'SLUG_LOCKED' }]);
        }
        for (const key of changed)
          Object.assign(notice, { [key]: input[key as keyof UpdateNoticeDto] ?? null });
        await this.checkRules(tx, notice);
        // A published notice stays readable in the languages it promised.
        if (notice.status === 'published') this.checkTranslated(notice);
        if (changed.includes('slug') && (await m.existsBy(Notice, { slug: notice.slug })))
          throw slugTaken();
        await m.save(notice);
        await this.audit.record(tx, {
          action: 'update',
          entityType: 'notice',
          entityId: id,
          changedFields: changed,
        });
        return notice;
      }),
    );
    if (entity.status === 'published') this.changes.changed();
    return toDto(entity);
  }

  /** Needs both languages, unless the notice is marked single-language. */
  /** Markdown as readers will see it: the same sanitized HTML the published notice gets. */
  preview(markdown: string): string {
    return renderMarkdown(markdown);
  }

  publish(caller: Caller, id: string): Promise<NoticeDto> {
    return this.move(caller, id, 'published');
  }

  archive(caller: Caller, id: string): Promise<NoticeDto> {
    return this.move(caller, id, 'archived');
  }

  /** Published notices the caller's audiences may read, newest first, in the response language. */
  async listForCaller(
    caller: Caller,
    query: { page: number; pageSize: number },
    lang: Language,
  ): Promise<Page<PublishedNoticeDto>> {
    const audiences = audiencesFor(caller.role).filter((a) => a !== 'delegation');
    const ctx = this.transactions.read(caller);
    const delegationIds =
      caller.role === 'organizer'
        ? undefined
        : caller.role === 'partner'
          ? await this.delegations.idsHostedBy(ctx, caller.organizationId)
          : await this.applications.delegationIdsOfSchool(ctx, caller.organizationId);
    const builder = this.notices
      .createQueryBuilder('n')
      .where('n.status = :status', { status: 'published' })
      .andWhere(
        new Brackets((q) => {
          q.where('n.audience IN (:...audiences)', { audiences });
          if (delegationIds === undefined) q.orWhere("n.audience = 'delegation'");
          else if (delegationIds.length) {
            q.orWhere("(n.audience = 'delegation' AND n.delegationId IN (:...delegationIds))", {
              delegationIds,
            });
          }
        }),
      )
      .orderBy('n.publishedAt', 'DESC')
      .addOrderBy('n.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    const [rows, total] = await builder.getManyAndCount();
    return pageOf([rows, total], { ...query }, (row) => published(row, lang));
  }

  /** For the public pages: the newest public notices, in one language. */
  async latestPublic(lang: Language, limit: number): Promise<PublicNotice[]> {
    const rows = await this.notices.find({
      where: { status: 'published', audience: 'public' },
      order: { publishedAt: 'DESC', id: 'ASC' },
      take: limit,
    });
    return rows.map((row) => published(row, lang));
  }

  /** For the public pages: a published public notice by its slug. */
  async publicBySlug(slug: string, lang: Language): Promise<PublicNotice | undefined> {
    const row = await this.notices.findOneBy({ slug, status: 'published', audience: 'public' });
    return row ? published(row, lang) : undefined;
  }

  async missingTranslations(): Promise<MissingTranslationsDto> {
    const rows = await this.notices.find({
      where: [{ status: 'draft' }, { status: 'published' }],
      order: { updatedAt: 'DESC', id: 'ASC' },
    });
    return {
      notices: rows.flatMap((row) => {
        const missing = untranslatedLanguages(row);
        if (!missing.length) return [];
        return [
          {
            id: row.id,
            slug: row.slug,
            status: row.status,
            missing,
            singleLanguage: row.singleLanguage,
            titleZh: hasVisibleText(row.titleZh) ? row.titleZh!.trim() : null,
            titleRu: hasVisibleText(row.titleRu) ? row.titleRu!.trim() : null,
          },
        ];
      }),
      delegations: await this.delegations.missingTranslations(),
    };
  }

  private async move(caller: Caller, id: string, to: 'published' | 'archived'): Promise<NoticeDto> {
    const entity = await this.transactions.run(caller, async (tx) => {
      const m = tx.manager;
      const notice = await m.findOne(Notice, { where: { id }, ...forUpdate(tx) });
      if (!notice) throw notFound();
      const from = notice.status;
      assertNoticeTransition(from, to);
      if (to === 'published') {
        this.checkTranslated(notice);
        notice.publishedAt = new Date();
      }
      notice.status = to;
      await m.save(notice);
      await this.audit.record(tx, {
        action: to === 'published' ? 'publish' : 'archive',
        entityType: 'notice',
        entityId: id,
        changedFields: ['status'],
        note: `${from} → ${to}`,
      });
      if (to === 'published') await this.announce(tx, notice);
      return notice;
    });
    this.changes.changed();
    return toDto(entity);
  }

  /** Tells every user in the notice's audience, each in their language (the other if single). */
  private async announce(tx: Tx, notice: Notice): Promise<void> {
    let audience: Recipients = EVERYONE;
    if (notice.audience === 'schools') audience = { organizationTypes: ['school'] };
    if (notice.audience === 'partners') audience = { organizationTypes: ['partner'] };
    if (notice.audience === 'delegation' && notice.delegationId) {
      const delegation = await this.delegations.findForApplication(tx, notice.delegationId);
      const schools = await this.applications.schoolIdsIn(tx, notice.delegationId);
      audience = {
        organizationIds: [...schools, ...(delegation ? [delegation.hostOrganizationId] : [])],
      };
    }
    const zh = textFor(notice, 'zh');
    const ru = textFor(notice, 'ru');
    await this.notifications.emit(tx, {
      event: 'notice.published',
      audience,
      data: {
        noticeId: notice.id,
        slug: notice.slug,
        audience: notice.audience,
        title: { zh: zh.title, ru: ru.title },
        summary: { zh: summaryOf(zh.body), ru: summaryOf(ru.body) },
        link: notice.audience === 'public' ? `/{lang}/notices/${notice.slug}` : null,
      },
    });
  }

  private checkTranslated(notice: Notice): void {
    const missing = missingLanguages(notice);
    if (missing.length) {
      throw new AppError(
        'TRANSLATION_MISSING',
        { languages: missing.join(', ') },
        missing.flatMap((lang) => [
          ...(lang === 'zh' ? ['titleZh', 'bodyZh'] : ['titleRu', 'bodyRu'])
            .filter((field) => !hasVisibleText(notice[field as keyof Notice] as string | null))
            .map((field) => ({ field, code: 'REQUIRED' })),
        ]),
      );
    }
  }

  /** Rules across fields, reported together as field errors. */
  private async checkRules(tx: Tx, notice: Notice): Promise<void> {
    const errors: FieldError[] = [];
    if (!hasVisibleText(notice.titleZh) && !hasVisibleText(notice.titleRu)) {
      errors.push({ field: 'titleZh', code: 'TITLE_REQUIRED' });
    }
    if (notice.audience === 'delegation') {
      if (!notice.delegationId) errors.push({ field: 'delegationId', code: 'REQUIRED' });
      else if (!(await this.delegations.exists(tx, notice.delegationId))) {
        errors.push({ field: 'delegationId', code: 'DELEGATION_NOT_FOUND' });
      }
    } else if (notice.delegationId) {
      errors.push({ field: 'delegationId', code: 'ONLY_FOR_DELEGATION' });
    }
    if (errors.length) throw new AppError('VALIDATION_FAILED', {}, errors);
  }

  /** The slug from the title, with -2, -3, … when it is taken. */
  private async freeSlug(tx: Tx, notice: Notice): Promise<string> {
    const base = slugFromTitles(notice.titleRu, notice.titleZh);
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base.slice(0, 95)}-${n}`;
      if (!(await tx.manager.existsBy(Notice, { slug }))) return slug;
    }
  }

  /** Two notices taking one slug at once: the unique index decides. */
  private async saving<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw slugTaken();
      throw error;
    }
  }
}

function toDto(row: Notice): NoticeDto {
  return Object.assign(new NoticeDto(), {
    id: row.id,
    slug: row.slug,
    titleZh: row.titleZh,
    titleRu: row.titleRu,
    bodyZh: row.bodyZh,
    bodyRu: row.bodyRu,
    audience: row.audience,
    delegationId: row.delegationId,
    singleLanguage: row.singleLanguage,
    status: row.status,
    missingLanguages: missingLanguages(row),
    publishedAt: row.publishedAt,
    authorId: row.authorId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}

function published(row: Notice, lang: Language): PublishedNoticeDto {
  const text = textFor(row, lang);
  return {
    id: row.id,
    slug: row.slug,
    audience: row.audience,
    delegationId: row.delegationId,
    lang: text.lang,
    title: text.title,
    bodyHtml: renderMarkdown(text.body),
    translationPending: text.translationPending,
    publishedAt: row.publishedAt!,
  };
}

/** The opening of a Markdown body as plain text, for a message that links to the rest. */
function summaryOf(markdown: string, max = 280): string {
  const text = renderMarkdown(markdown)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
