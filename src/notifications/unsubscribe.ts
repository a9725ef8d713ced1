import { Injectable } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Handlebars from 'handlebars';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { isLanguage, Language } from '../localization/language';
import { Translator } from '../localization/translator';
import { UsersService } from '../users/users.service';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A page with a form posting to this site: strict headers, `form-action 'self'`. */
    formPage?: boolean;
  }
}

export const UNSUBSCRIBE_PATH = '/unsubscribe';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Signed links that turn one person's notice e-mails off (RFC 8058 one-click). The token
 * holds the user's id (no personal data) and an HMAC under a key derived from JWT_SECRET,
 * so it cannot be made for someone else; rotating JWT_SECRET retires old links.
 */
@Injectable()
export class UnsubscribeLinks {
  private readonly key: Buffer;

  constructor(private readonly config: AppConfig) {
    this.key = createHmac('sha256', config.jwtSecret).update('unsubscribe:notice-emails').digest();
  }

  url(userId: string): string {
    return `${this.config.publicUrl}${UNSUBSCRIBE_PATH}?token=${this.token(userId)}`;
  }

  token(userId: string): string {
    return `${userId}.${this.mac(userId)}`;
  }

  /** The user a token was made for, or undefined for a token we did not make. */
  userOf(token: unknown): string | undefined {
    if (typeof token !== 'string') return undefined;
    const [userId, mac, ...rest] = token.split('.');
    if (rest.length || !userId || !mac || !ID.test(userId)) return undefined;
    const expected = Buffer.from(this.mac(userId));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected)
      ? userId
      : undefined;
  }

  private mac(userId: string): string {
    return createHmac('sha256', this.key).update(userId).digest('base64url').slice(0, 32);
  }
}

/** What the page's own form sends; a mail client's one-click POST sends its own body. */
const FROM_PAGE = 'confirm=yes';

/**
 * `GET /unsubscribe?token=` shows a page with one button (a mail scanner that follows the
 * link changes nothing); `POST` turns notice e-mails off: a mail client's one-click body
 * (RFC 8058 `List-Unsubscribe=One-Click`) gets a plain 200, the page's form a redirect
 * back to the page, which then says so.
 * Registered on Fastify in its own scope, because only here does a form body parse:
 * `/api` keeps refusing form bodies with 415. The token rides in the query string, which
 * the request log leaves out.
 */
export async function registerUnsubscribe(app: NestFastifyApplication): Promise<void> {
  const links = app.get(UnsubscribeLinks, { strict: false });
  const users = app.get(UsersService, { strict: false });
  const translator = app.get(Translator, { strict: false });
  const page = Handlebars.compile<Record<string, unknown>>(
    readFileSync(join(__dirname, 'views', 'unsubscribe.hbs'), 'utf8'),
  );
  const render = async (request: FastifyRequest, reply: FastifyReply) => {
    const { token, lang } = request.query as { token?: string; lang?: string };
    const userId = links.userOf(token);
    const recipient = userId ? await users.recipient(userId) : undefined;
    const language: Language = isLanguage(lang) ? lang : (recipient?.preferredLanguage ?? 'zh');
    const t = (key: string) => translator.t(language, `notifications.unsubscribe.${key}`);
    const state = !recipient ? 'invalid' : recipient.noticeEmails ? 'ask' : 'stopped';
    return reply
      .code(state === 'invalid' ? 400 : 200)
      .type('text/html; charset=utf-8')
      .send(
        page({
          lang: language === 'zh' ? 'zh-CN' : 'ru',
          title: t('title'),
          text: t(state),
          kept: state === 'invalid' ? null : t('kept'),
          button: state === 'ask' ? t('button') : null,
          action: `${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token ?? '')}`,
        }),
      );
  };
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register((scope, _options, registered) => {
    scope.addContentTypeParser(
      // A multipart one-click body is already read by the multipart plugin, everywhere.
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (_request, body, done) => done(null, body),
    );
    const config = { formPage: true };
    scope.get(UNSUBSCRIBE_PATH, { config }, (request, reply) => render(request, reply));
    scope.post(UNSUBSCRIBE_PATH, { config }, async (request, reply) => {
      const { token } = request.query as { token?: string };
      const userId = links.userOf(token);
      const recipient = userId ? await users.recipient(userId) : undefined;
      if (!recipient) return render(request, reply);
      await users.stopNoticeEmails(recipient.id);
      if (request.body === FROM_PAGE) {
        return reply.redirect(`${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token!)}`, 303);
      }
      return reply.code(200).type('text/plain; charset=utf-8').send('OK');
    });
    registered();
  });
}
