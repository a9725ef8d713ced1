import { Injectable } from '@nestjs/common';
import { DelegationDto } from '../delegations/dto/delegation.dto';
import { DelegationsService } from '../delegations/delegations.service';
import { HEIHE_ZONE, timesView, todayIn } from '../localization/local-times';
import { HTML_LANG, Language, LANGUAGES } from '../localization/language';
import { Translator } from '../localization/translator';
import { NoticesService, PublicNotice } from '../notices/notices.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { CachedPage, PageCache } from './page-cache';
import { SLUG_PATTERN as SLUG } from '../notices/notice-rules';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { PublicCount, YearTotals } from './year-totals-port';

export type Render = (template: string, data: Record<string, unknown>) => Promise<string>;

/** Lists change often and are cheap to re-check; a notice rarely changes once published. */
const LIST_CACHE = 'public, max-age=60';
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NOTICE_CACHE = 'public, max-age=300';

type PageKind = 'home' | 'delegations' | 'delegation' | 'notices' | 'notice' | 'year';

const YEAR = /^(20\d\d|2100)$/;
const PATTERN: Record<string, RegExp> = { delegation: ID, notice: SLUG, year: YEAR };

/**
 * Public pages in Chinese and Russian, server-rendered: each is rendered once per language
 * and path and then served from the cache until delegations or notices change.
 */
@Injectable()
export class PagesService {
  private render?: Render;

  constructor(
    private readonly delegations: DelegationsService,
    private readonly notices: NoticesService,
    private readonly organizations: OrganizationsService,
    private readonly translator: Translator,
    private readonly cache: PageCache,
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly years: YearTotals,
  ) {}

  /** The template engine, registered with the HTTP server at start-up. */
  useRenderer(render: Render): void {
    this.render = render;
  }

  /** The page, from the cache or freshly rendered; a 404 page is rendered every time. */
  async page(lang: Language, kind: PageKind, param?: string): Promise<CachedPage> {
    const path = pathOf(kind, param);
    // Only addresses written exactly as the site writes them: MySQL's collation would also
    // match upper-case ids and accented slugs, each a new cache entry.
    if (param !== undefined && !PATTERN[kind].test(param)) {
      return this.notFound(lang, path);
    }
    const key = `${lang}${path}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const generation = this.cache.currentGeneration;
    const content = await this.content(lang, kind, param);
    if (!content) return this.notFound(lang, path);
    const html = await this.renderPage(lang, path, content.template, content.title, content.data);
    const cacheControl = kind === 'notice' ? NOTICE_CACHE : LIST_CACHE;
    return this.cache.put(key, 200, html, cacheControl, generation);
  }

  async notFound(lang: Language, path: string): Promise<CachedPage> {
    const title = this.translator.t(lang, 'pages.notFound.title');
    const html = await this.renderPage(lang, path, 'not-found', title, {});
    // Not kept: made-up addresses must not fill the cache.
    return this.cache.build(404, html, 'no-cache');
  }

  private async content(
    lang: Language,
    kind: PageKind,
    param?: string,
  ): Promise<{ template: string; title: string; data: Record<string, unknown> } | undefined> {
    const t = (key: string) => this.translator.t(lang, `pages.${key}`);
    switch (kind) {
      case 'home': {
        const [delegations, notices] = await Promise.all([
          this.delegations.publicList({ limit: 10, upcomingFrom: todayIn(HEIHE_ZONE) }),
          this.notices.latestPublic(lang, 5),
        ]);
        return {
          template: 'home',
          title: t('home.title'),
          data: {
            delegations: delegations.map((d) => this.card(d, lang)),
            notices: notices.map((n) => noticeView(n)),
            // This year so far and the two before it.
            years: [0, 1, 2].map((n) => Number(todayIn(HEIHE_ZONE).slice(0, 4)) - n),
          },
        };
      }
      case 'delegations': {
        const delegations = await this.delegations.publicList({ limit: 100 });
        return {
          template: 'delegations',
          title: t('delegations.title'),
          data: { delegations: delegations.map((d) => this.card(d, lang)) },
        };
      }
      case 'delegation': {
        const delegation = param ? await this.delegations.publicGet(param) : undefined;
        if (!delegation) return undefined;
        const host = (
          await this.organizations.namesOf(this.transactions.read(null), [
            delegation.hostOrganizationId,
          ])
        ).get(delegation.hostOrganizationId);
        const description = lang === 'zh' ? delegation.descriptionZh : delegation.descriptionRu;
        return {
          template: 'delegation',
          title: lang === 'zh' ? delegation.titleZh : delegation.titleRu,
          data: {
            delegation: {
              ...this.card(delegation, lang),
              ages: this.translator.t(lang, 'pages.delegation.agesValue', {
                min: delegation.minAge,
                max: delegation.maxAge,
              }),
              opens: timesView(delegation.applicationOpensAt),
              closes: timesView(delegation.applicationClosesAt),
              host: host ? (lang === 'zh' ? host.nameZh : host.nameRu) : '',
              // Plain text: paragraphs split on blank lines, every character escaped.
              description: description
                .split(/\n\s*\n/)
                .map((p) => p.trim())
                .filter(Boolean),
            },
          },
        };
      }
      case 'notices': {
        const notices = await this.notices.latestPublic(lang, 100);
        return {
          template: 'notices',
          title: t('notices.title'),
          data: { notices: notices.map((n) => noticeView(n)) },
        };
      }
      case 'notice': {
        const notice = param ? await this.notices.publicBySlug(param, lang) : undefined;
        if (!notice) return undefined;
        return { template: 'notice', title: notice.title, data: { notice: noticeView(notice) } };
      }
      case 'year': {
        const year = Number(param);
        const totals = await this.years.yearTotals(year);
        const people = (count: PublicCount) =>
          count.suppressed ? t('year.suppressed') : String(count.value);
        const thisYear = Number(todayIn(HEIHE_ZONE).slice(0, 4));
        return {
          template: 'year',
          title: this.translator.t(lang, 'pages.year.title', { year }),
          data: {
            year,
            delegations: totals.delegations,
            travellers: people(totals.travellers),
            directions: (['CN_TO_RU', 'RU_TO_CN'] as const).map((direction) => ({
              label: t(`delegation.direction.${direction}`),
              delegations: totals.delegationsByDirection[direction],
              travellers: people(totals.travellersByDirection[direction]),
            })),
            schools: totals.schools,
            partners: totals.partners,
            anySuppressed:
              totals.travellers.suppressed || totals.travellersByDirection.CN_TO_RU.suppressed,
            otherYears: [thisYear - 2, thisYear - 1, thisYear]
              .filter((y) => y !== year)
              .map((y) => ({ year: y, href: `/${lang}/year/${y}` })),
          },
        };
      }
    }
  }

  private card(d: DelegationDto, lang: Language) {
    return {
      id: d.id,
      title: lang === 'zh' ? d.titleZh : d.titleRu,
      status: d.status,
      statusLabel: this.translator.t(lang, `pages.delegation.status.${d.status}`),
      directionLabel: this.translator.t(lang, `pages.delegation.direction.${d.direction}`),
      departureDate: d.departureDate,
      returnDate: d.returnDate,
      places: this.translator.t(lang, 'pages.delegation.placesValue', {
        students: d.studentPlacesLeft,
        chaperones: d.chaperonePlacesLeft,
      }),
    };
  }

  private renderPage(
    lang: Language,
    path: string,
    template: string,
    title: string,
    data: Record<string, unknown>,
  ): Promise<string> {
    if (!this.render) throw new Error('The page renderer is not registered.');
    const other: Language = lang === 'zh' ? 'ru' : 'zh';
    const origin = this.config.publicUrl;
    return this.render(template, {
      ...data,
      lang,
      htmlLang: HTML_LANG[lang],
      otherHtmlLang: HTML_LANG[other],
      title,
      switchHref: `/${other}${path}`,
      alternates: [
        ...LANGUAGES.map((l) => ({ hreflang: HTML_LANG[l], href: `${origin}/${l}${path}` })),
        // `/` picks the reader's language.
        ...(path === '/' ? [{ hreflang: 'x-default', href: `${origin}/` }] : []),
      ],
    });
  }
}

function pathOf(kind: PageKind, param?: string): string {
  switch (kind) {
    case 'home':
      return '/';
    case 'delegations':
      return '/delegations';
    case 'notices':
      return '/notices';
    case 'delegation':
      return `/delegations/${param ?? ''}`;
    case 'notice':
      return `/notices/${param ?? ''}`;
    case 'year':
      return `/year/${param ?? ''}`;
  }
}

function noticeView(notice: PublicNotice) {
  return {
    ...notice,
    textHtmlLang: HTML_LANG[notice.lang],
    published: timesView(notice.publishedAt),
  };
}
