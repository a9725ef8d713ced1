import fastifyView from '@fastify/view';
import { cookie } from '../common/http/cookies';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Language, LANGUAGE_COOKIE, LANGUAGES } from '../localization/language';
import { Translator } from '../localization/translator';
import { CachedPage, PageCache } from './page-cache';
import { PagesService } from './pages.service';

const VIEWS = join(__dirname, 'views');
const STYLESHEET = join(__dirname, 'assets', 'site.css');
const COOKIE = LANGUAGE_COOKIE;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A public page or asset: it sets its own Cache-Control, kept by the security hook. */
    publicPage?: boolean;
  }
}

export const PUBLIC_PAGE = { publicPage: true };

/**
 * The public site: `/{zh,ru}/…` are server-rendered pages served from the page cache
 * with ETags, compression and a language switch that keeps the page (`/`, which also
 * knows signed-in users, is the portal's).
 * Registered on Fastify itself, outside Nest's routing: no guards, no JSON errors, and
 * the cheapest path a cached page can take.
 */
export async function registerPages(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const translator = app.get(Translator);
  const pages = app.get(PagesService);
  const cache = app.get(PageCache);

  const handlebars = Handlebars.create();
  // Interface strings from i18n/{lang}/pages.json, escaped like any other value.
  handlebars.registerHelper('t', function (key: string, options: Handlebars.HelperOptions) {
    const { root } = options.data as { root: { lang: Language } };
    return translator.t(root.lang, `pages.${key}`, options.hash as Record<string, unknown>);
  });
  await app.register(fastifyView, {
    engine: { handlebars },
    root: VIEWS,
    layout: 'layout',
    viewExt: 'hbs',
    production: true,
    options: {
      partials: {
        times: 'partials/times.hbs',
        'delegation-card': 'partials/delegation-card.hbs',
        'notice-card': 'partials/notice-card.hbs',
      },
    },
  });
  pages.useRenderer((template, data) => fastify.view(template, data));

  const stylesheet = cache.build(200, readFileSync(STYLESHEET, 'utf8'), 'public, max-age=86400');
  fastify.get('/assets/site.css', { config: PUBLIC_PAGE }, (request, reply) =>
    send(request, reply, stylesheet, cache, 'text/css; charset=utf-8'),
  );

  for (const lang of LANGUAGES) {
    const serve =
      (kind: Parameters<PagesService['page']>[1], param?: (request: FastifyRequest) => string) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        const page = await pages.page(lang, kind, param?.(request));
        return send(request, reply, page, cache, 'text/html; charset=utf-8', lang);
      };
    const id = (request: FastifyRequest) => (request.params as { id: string }).id;
    const slug = (request: FastifyRequest) => (request.params as { slug: string }).slug;
    fastify.get(`/${lang}`, { config: PUBLIC_PAGE }, (_request, reply) => {
      void reply.code(301).header('location', `/${lang}/`).send();
    });
    fastify.get(`/${lang}/`, { config: PUBLIC_PAGE }, serve('home'));
    fastify.get(`/${lang}/delegations`, { config: PUBLIC_PAGE }, serve('delegations'));
    fastify.get(`/${lang}/delegations/:id`, { config: PUBLIC_PAGE }, serve('delegation', id));
    fastify.get(`/${lang}/notices`, { config: PUBLIC_PAGE }, serve('notices'));
    fastify.get(`/${lang}/notices/:slug`, { config: PUBLIC_PAGE }, serve('notice', slug));
    const year = (request: FastifyRequest) => (request.params as { year: string }).year;
    fastify.get(`/${lang}/year/:year`, { config: PUBLIC_PAGE }, serve('year', year));
    // Anything else in this language: the 404 page in this language.
    fastify.get(`/${lang}/*`, { config: PUBLIC_PAGE }, async (request, reply) => {
      const path = request.url.slice(lang.length + 1).split('?')[0];
      return send(
        request,
        reply,
        await pages.notFound(lang, path),
        cache,
        'text/html; charset=utf-8',
        lang,
      );
    });
  }
}

/**
 * Sends a page: 304 when the client has it (If-None-Match), else the body in the best
 * encoding it accepts. The reader's language is remembered in a cookie when it changed.
 */
function send(
  request: FastifyRequest,
  reply: FastifyReply,
  page: CachedPage,
  cache: PageCache,
  type: string,
  lang?: Language,
): FastifyReply {
  void reply
    .code(page.status)
    .header('content-type', type)
    .header('cache-control', page.cacheControl)
    .header('vary', 'Accept-Encoding');
  // A page read (not a 404) remembers its language for `/`.
  if (lang && page.status === 200 && cookie(request, COOKIE) !== lang) {
    const secure = request.protocol === 'https' ? '; Secure' : '';
    // A personal header: no shared cache may keep this response.
    void reply
      .header('set-cookie', `${COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`)
      .header('cache-control', page.cacheControl.replace('public', 'private'));
  }
  const { body, encoding, etag } = cache.encoded(page, request.headers['accept-encoding']);
  void reply.header('etag', etag);
  if (page.status === 200 && matches(request.headers['if-none-match'], etag)) {
    return reply.code(304).send();
  }
  if (encoding) void reply.header('content-encoding', encoding);
  return reply.send(body);
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}
