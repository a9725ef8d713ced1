import type { Multipart } from '@fastify/multipart';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
} from 'fastify';
import { BrowserSessions } from '../auth/browser-sessions.service';
import { AppError } from '../common/errors/app-error';
import { classify } from '../common/errors/error-body';
import { Language, LANGUAGES } from '../localization/language';
import { Translator } from '../localization/translator';
import { FormBody } from './forms';
import { Audience, Outcome, PageHandler, PortalCall } from './portal-page';
import { languageOf, pathAfterLang, PortalRenderer } from './portal-renderer';
import { PortalRoutes } from './portal-routes';

/** The import's limits, as the API's (app.setup.ts): one file of at most 10 MB. */
const UPLOAD_LIMITS = { fileSize: 10 * 1024 * 1024, files: 1, fields: 10 };

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A multipart form read whole before the CSRF check, which needs its `_csrf` field. */
export interface UploadBody {
  _csrf?: string;
  fields: Record<string, string>;
  file?: { filename: string; data: Buffer };
  /** Set when the upload broke a limit or did not parse; the handler says which. */
  problem?: 'PAYLOAD_TOO_LARGE' | 'MALFORMED_MULTIPART';
}

interface RouteOptions {
  /** The body is multipart (a file upload), read before the CSRF check. */
  multipart?: boolean;
}

/**
 * Registers each portal route under `/zh` and `/ru`, with what every route needs in
 * order: the signed-in user from the session cookie (or the way to the login page), the
 * role the route is for (else the 403 page), the CSRF token of a POST, id parameters
 * that are ids (else the 404 page), then the handler and its page or redirect.
 */
export class PortalRouter {
  constructor(
    private readonly scope: FastifyInstance,
    readonly renderer: PortalRenderer,
    private readonly sessions: BrowserSessions,
    readonly translator: Translator,
    private readonly routes: PortalRoutes,
  ) {}

  get(path: string, audience: Audience, handler: PageHandler): void {
    this.add('GET', path, audience, handler, {});
  }

  post(path: string, audience: Audience, handler: PageHandler, options: RouteOptions = {}): void {
    this.add('POST', path, audience, handler, options);
  }

  /** A route outside the language prefixes (`/`), on the portal's scope with its session. */
  scopeGet(
    url: string,
    handler: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>,
  ): void {
    this.scope.get(url, handler);
  }

  /** Addresses under these sections that no route answers: the portal's 404 page. */
  notFoundUnder(...prefixes: string[]): void {
    for (const prefix of prefixes) {
      this.get(`${prefix}*`, 'signed-in', () => Promise.reject(new AppError('NOT_FOUND')));
    }
  }

  /** The signed-in caller, if the session cookie names a live session. */
  async resume(request: FastifyRequest): Promise<void> {
    const sid = request.session.get('sid');
    if (!sid) return;
    const caller = await this.sessions.resume(sid);
    if (!caller) {
      // Ended (logout elsewhere, idle, a new password): the cookie forgets it.
      request.session.set('sid', undefined);
      return;
    }
    request.caller = { ...caller, requestId: String(request.id) };
  }

  private add(
    method: 'GET' | 'POST',
    path: string,
    audience: Audience,
    handler: PageHandler,
    options: RouteOptions,
  ): void {
    this.routes.add({ method, path, audience });
    for (const lang of LANGUAGES) {
      const preHandler: preHandlerAsyncHookHandler[] = [
        async (request, reply) => {
          await this.resume(request);
          return this.admit(lang, audience, request, reply);
        },
      ];
      if (method === 'POST') preHandler.push(this.scope.csrfProtection.bind(this.scope) as never);
      this.scope.route({
        method,
        url: `/${lang}${path}`,
        config: { portalPage: true },
        preValidation: options.multipart ? readMultipart : undefined,
        preHandler,
        handler: (request, reply) => this.run(lang, handler, request, reply),
      });
    }
  }

  private async admit(
    lang: Language,
    audience: Audience,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> {
    if (audience === 'anyone') return undefined;
    if (!request.caller) {
      const next = encodeURIComponent(`/${lang}${pathAfterLang(request.url)}`);
      const target = request.method === 'GET' ? `/${lang}/login?next=${next}` : `/${lang}/login`;
      return reply.code(303).header('location', target).send();
    }
    if (audience !== 'signed-in' && request.caller.role !== audience) {
      return this.renderer.refusal(request, reply, 'FORBIDDEN');
    }
    return undefined;
  }

  private async run(
    lang: Language,
    handler: PageHandler,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> {
    const params = (request.params ?? {}) as Record<string, string>;
    // Ids are UUIDs: anything else cannot name a record (MySQL would match upper case).
    for (const [name, value] of Object.entries(params)) {
      if ((name === 'id' || name.endsWith('Id')) && !ID.test(value)) {
        return this.renderer.refusal(request, reply, 'NOT_FOUND');
      }
    }
    const call: PortalCall = {
      lang,
      caller: request.caller!,
      params,
      query: (request.query ?? {}) as PortalCall['query'],
      form: (isObject(request.body) ? request.body : {}) as FormBody,
      request,
      reply,
    };
    let outcome: Outcome;
    try {
      outcome = await handler(call);
    } catch (error) {
      const known = classify(error);
      if (!known) throw error;
      if (known.status === 401) return this.toLogin(lang, reply);
      return this.renderer.refusal(request, reply, known);
    }
    switch (outcome.kind) {
      case 'sent':
        return reply;
      case 'page':
        return this.renderer.render(lang, request, reply, outcome);
      case 'redirect': {
        if (outcome.flash) {
          // Worded in the language of the page it will be shown on (the account page
          // redirects to the language just chosen).
          const shownIn = outcome.absolute ? languageOf(outcome.to) : lang;
          request.flash(
            'info',
            this.translator.t(shownIn, `portal.${outcome.flash.key}`, outcome.flash.params),
          );
        }
        const location = outcome.absolute ? outcome.to : `/${lang}${outcome.to}`;
        return reply.code(303).header('location', location).send();
      }
    }
  }

  private toLogin(lang: Language, reply: FastifyReply): FastifyReply {
    return reply.code(303).header('location', `/${lang}/login`).send();
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a multipart form (fields and one file) into the request's body, so the CSRF
 * check sees its token. A form that breaks the limits still reaches the handler, which
 * shows the problem on the form instead of an error page.
 */
async function readMultipart(request: FastifyRequest): Promise<void> {
  const body: UploadBody = { fields: {} };
  if (!request.isMultipart()) {
    // Not the upload form (a form posted urlencoded): its token still counts, and the
    // handler says that no file came.
    const sent = request.body as { _csrf?: unknown } | undefined;
    if (typeof sent?._csrf === 'string') body._csrf = sent._csrf;
    request.body = body;
    return;
  }
  request.body = body;
  try {
    for await (const part of request.parts({ limits: UPLOAD_LIMITS }) as AsyncIterable<Multipart>) {
      if (part.type === 'file') {
        if (body.file || part.fieldname !== 'file') {
          part.file.resume();
          continue;
        }
        body.file = { filename: part.filename, data: await part.toBuffer() };
      } else if (typeof part.value === 'string') {
        if (part.fieldname === '_csrf') body._csrf = part.value;
        else body.fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    body.problem =
      typeof code === 'string' && /TOO_LARGE|LIMIT/.test(code)
        ? 'PAYLOAD_TOO_LARGE'
        : 'MALFORMED_MULTIPART';
  }
}
