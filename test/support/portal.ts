import Handlebars from 'handlebars';
import type { Response } from 'supertest';
import { ERRORS, ErrorCode } from '../../src/common/errors/error-codes';
import type { Language } from '../../src/localization/language';
import { Translator } from '../../src/localization/translator';
import type { TestApp } from './test-app';

type Fields = Record<string, string | string[]>;

/**
 * A browser without a browser, for the in-process portal tests: it keeps the session
 * cookie, reads the CSRF token off the last page it fetched, and posts forms the way a
 * browser does (urlencoded, with its Origin).
 */
export class PortalAgent {
  private readonly cookies = new Map<string, string>();
  /** The token of the forms on the last page fetched. */
  csrf = '';

  constructor(
    private readonly t: TestApp,
    readonly origin = t.config.publicUrl,
  ) {}

  /** Signed in through the login form (in the path's language) as this user. */
  static async signIn(
    t: TestApp,
    user: { email: string; password: string },
    lang: 'zh' | 'ru' = 'zh',
  ): Promise<PortalAgent> {
    const agent = new PortalAgent(t);
    await agent.get(`/${lang}/login`).expect(200);
    const response = await agent
      .post(`/${lang}/login`, { email: user.email, password: user.password })
      .expect(303);
    expect(response.headers.location).toMatch(/^\/(zh|ru)\/(school|partner|console)\/$/);
    return agent;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Forgets the cookies (a new browser), keeping nothing. */
  clear(): void {
    this.cookies.clear();
    this.csrf = '';
  }

  get(path: string) {
    return this.track(this.t.http().get(path).set('cookie', this.cookieHeader));
  }

  /** A form post as a page of this site sends it: Origin, the token, urlencoded fields. */
  post(
    path: string,
    fields: Fields = {},
    options: { csrf?: string | null; origin?: string | null } = {},
  ) {
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    const body = new URLSearchParams();
    if (token !== null) body.append('_csrf', token);
    for (const [name, value] of Object.entries(fields)) {
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    }
    let req = this.t
      .http()
      .post(path)
      .set('cookie', this.cookieHeader)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(body.toString());
    const origin = options.origin === undefined ? this.origin : options.origin;
    if (origin !== null) req = req.set('origin', origin);
    return this.track(req);
  }

  /** A multipart form with one file in `file`, as the import page sends it. */
  upload(path: string, file: { name: string; data: Buffer }, fields: Fields = {}) {
    let req = this.t
      .http()
      .post(path)
      .set('cookie', this.cookieHeader)
      .set('origin', this.origin)
      .field('_csrf', this.csrf);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, String(value));
    return this.track(req.attach('file', file.data, file.name));
  }

  /** Follows a 303 with a GET, as a browser does: the page after the redirect. */
  async follow(response: Response): Promise<Response> {
    expect(response.status).toBe(303);
    return this.get(String(response.headers.location));
  }

  private track<T extends PromiseLike<Response> & { expect: unknown }>(req: T): T {
    const then = req.then.bind(req);
    // Every response's cookies and CSRF token are kept, whichever way the test awaits it.
    (req as { then: unknown }).then = (
      resolve?: (r: Response) => unknown,
      reject?: (e: unknown) => unknown,
    ) =>
      then((response) => {
        this.remember(response);
        return resolve ? resolve(response) : response;
      }, reject);
    return req;
  }

  private remember(response: Response): void {
    const set = response.headers['set-cookie'] as unknown as string[] | undefined;
    for (const line of set ?? []) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.text ?? '');
    if (token) this.csrf = token[1];
  }
}

/** The texts of the error summary's entries on a page, in order. */
export function errorSummary(html: string): string[] {
  const block = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...block.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
}

/** The flash messages on a page. */
export function flashes(html: string): string[] {
  const block = /<div class="flash"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...block.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1]);
}

/**
 * The values a browser would send for the form with this action, as the page filled it
 * in: inputs with their values, checked boxes and radios only, text areas' text. Enough
 * for the portal's own markup (attributes in double quotes, as Handlebars writes them).
 */
export function formValues(html: string, action: string): Record<string, string | string[]> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`No form posts to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const values: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const decoded = decodeEntities(value);
    const had = values[name];
    values[name] = had === undefined ? decoded : [...(Array.isArray(had) ? had : [had]), decoded];
  };
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
    const name = attr('name');
    if (!name || name === '_csrf') continue;
    const type = attr('type') ?? 'text';
    if ((type === 'radio' || type === 'checkbox') && !/\schecked\b/.test(tag)) continue;
    if (type === 'file' || type === 'submit') continue;
    add(name, attr('value') ?? (type === 'checkbox' ? 'on' : ''));
  }
  for (const match of form.matchAll(
    /<textarea\b[^>]*\sname="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g,
  )) {
    add(match[1], match[2]);
  }
  return values;
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The portal's texts in one language: `tr('roster.approve', { version: 1 })`. */
export function portalText(t: TestApp, lang: Language) {
  const translator = t.app.get(Translator);
  return (key: string, params?: Record<string, unknown>) =>
    translator.t(lang, `portal.${key}`, params);
}

const translator = new Translator();

/** What a refusal says in this language: the error's message, as a page or a form shows it. */
export function errorText(code: ErrorCode, lang: Language = 'zh'): string {
  return translator.t(lang, `errors.${code}`);
}

/**
 * A supertest expectation that the portal refused with this code's page: the status the
 * registry gives it, an HTML page, and on it the code's message in the path's language
 * (a status alone does not say which refusal it was).
 *
 *     await agent.post('/zh/notifications/read-all', {}, { csrf: null })
 *       .expect(refusalPage('CSRF_TOKEN_INVALID'));
 */
export function refusalPage(code: ErrorCode, lang: Language = 'zh'): (response: Response) => void {
  const message = Handlebars.escapeExpression(errorText(code, lang));
  return (response) => {
    const type = String(response.headers['content-type']);
    if (response.status !== ERRORS[code] || !/^text\/html/.test(type)) {
      throw new Error(`expected a ${ERRORS[code]} ${code} page, got ${response.status} ${type}`);
    }
    if (!response.text.includes(message)) {
      throw new Error(`expected the page of ${code} to say "${message}"`);
    }
  };
}
