import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFlash from '@fastify/flash';
import fastifyFormbody from '@fastify/formbody';
import fastifySecureSession from '@fastify/secure-session';
import fastifyView from '@fastify/view';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hkdfSync } from 'node:crypto';
import { BrowserSessions } from '../auth/browser-sessions.service';
import { AppConfig } from '../config/app-config';
import { Translator } from '../localization/translator';
import { registerAccount } from './account.routes';
import { registerConsoleApplications } from './console/applications.routes';
import { registerConsoleDelegations } from './console/delegations.routes';
import { registerConsoleHome } from './console/home.routes';
import { registerConsoleNotices } from './console/notices.routes';
import { registerConsoleOperations } from './console/operations.routes';
import { registerConsolePeople } from './console/people.routes';
import { registerConsoleRoster } from './console/roster.routes';
import { registerConsoleRetention } from './console/retention.routes';
import { registerConsoleStatistics } from './console/statistics.routes';
import { registerPersonData } from './person-data.routes';
import { registerLogin } from './login.routes';
import { registerNotifications } from './notifications.routes';
import { registerPartnerHome } from './partner/home.routes';
import { registerPartnerRoster } from './partner/roster.routes';
import { registerPartnerWebhooks } from './partner/webhooks.routes';
import { PortalRenderer, portalHandlebars, PORTAL_PARTIALS, VIEWS } from './portal-renderer';
import { PortalRouter } from './portal-router';
import { PortalRoutes } from './portal-routes';
import { registerSchoolApplications } from './school/applications.routes';
import { registerSchoolDelegations } from './school/delegations.routes';
import { registerSchoolHome } from './school/home.routes';
import { registerSchoolImport } from './school/import.routes';
import { registerSchoolPeople } from './school/people.routes';
import { csrfUserInfo } from './csrf';
import { registerStylesheet } from './stylesheet';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A portal page: no-store, the portal's CSP (set by the portal's own hook). */
    portalPage?: boolean;
  }
}

declare module '@fastify/secure-session' {
  interface SessionData {
    /** The browser session (auth_sessions.id) this cookie stands for. */
    sid: string;
    /** A file that passed the import's dry run, waiting to be imported. */
    importDraft: { id: string; count: number; filename: string };
    /** What an organizer's batch of decisions did, for the result page. */
    decided: { delegationId: string; done: number; skipped: number; reason?: string };
    /** A webhook just added: its secret, shown once on the next page. */
    webhookSecret: { id: string; url: string; secret: string; standard: string };
    /** What one submission of applications did, for the result page after the redirect. */
    applied: { delegationId: string; submitted: string[]; refused: [string, string][] };
  }
}

/** A form body is a few fields; the import's file arrives as multipart, not here. */
const FORM_BODY_LIMIT = 64 * 1024;

export const PORTAL_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

/**
 * The portal: pages where schools, partners and organizers work, server-rendered, every
 * task done by forms that post and redirect, no script needed. Registered as one Fastify
 * scope, so its form parser, session cookie, CSRF checks and error pages apply to its
 * routes only: `/api` still refuses form bodies (415) and knows no cookies.
 */
export async function registerPortal(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const config = app.get(AppConfig);
  const translator = app.get(Translator);
  const sessions = app.get(BrowserSessions, { strict: false });
  const secure = config.publicUrl.startsWith('https://');

  await fastify.register(async (scope: FastifyInstance) => {
    await scope.register(fastifyFormbody, { bodyLimit: FORM_BODY_LIMIT });
    await scope.register(fastifySecureSession, {
      // `__Host-`: the browser keeps it only if it came over HTTPS, for this host and path
      // `/`, so no sibling subdomain can set or read it.
      cookieName: secure ? '__Host-yb_session' : 'yb_session',
      key: Buffer.from(
        hkdfSync('sha256', config.jwtSecret, '', 'youth-bridge/portal/session-cookie', 32),
      ),
      expiry: Math.ceil(config.portalSession.lifetimeMs / 1000),
      cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure },
    });
    await scope.register(fastifyFlash);
    await scope.register(fastifyCsrf, {
      sessionPlugin: '@fastify/secure-session',
      getToken: (request: FastifyRequest) => (request.body as { _csrf?: string } | null)?._csrf,
      // A token is good only for the session it was made in: signing in or out retires it.
      getUserInfo: csrfUserInfo,
    });
    await scope.register(fastifyView, {
      engine: { handlebars: portalHandlebars(translator) },
      root: VIEWS,
      layout: 'layout',
      viewExt: 'hbs',
      propertyName: 'portalView',
      production: true,
      options: { partials: PORTAL_PARTIALS },
    });

    const renderer = new PortalRenderer(app, scope);
    // Every POST comes from a page of this site: a browser says so in Origin (or, where it
    // sends none, in Sec-Fetch-Site). The CSRF token is checked too, after the body.
    const origins = new Set([new URL(config.publicUrl).origin]);
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method === 'GET' || request.method === 'HEAD') return;
      const origin = request.headers.origin;
      const own = `${request.protocol}://${request.host}`;
      const sameOrigin =
        typeof origin === 'string'
          ? origins.has(origin) || origin === own
          : request.headers['sec-fetch-site'] === 'same-origin';
      if (!sameOrigin) return renderer.refusal(request, reply, 'CROSS_SITE_REQUEST');
    });
    scope.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
      if (!request.routeOptions.config.portalPage) return;
      void reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'same-origin')
        .header('x-frame-options', 'DENY');
      const type = reply.getHeader('content-type');
      if (typeof type === 'string' && type.startsWith('text/html')) {
        void reply.header('content-security-policy', PORTAL_CSP);
      }
    });
    scope.setErrorHandler((error, request, reply) => renderer.failure(error, request, reply));

    const router = new PortalRouter(
      scope,
      renderer,
      sessions,
      translator,
      app.get(PortalRoutes, { strict: false }),
    );
    registerStylesheet(scope);
    registerLogin(router, app);
    registerAccount(router, app);
    registerNotifications(router, app);
    registerSchoolHome(router, app);
    registerSchoolPeople(router, app);
    registerSchoolImport(router, app);
    registerSchoolDelegations(router, app);
    registerSchoolApplications(router, app);
    registerPartnerHome(router, app);
    registerPartnerRoster(router, app);
    registerPartnerWebhooks(router, app);
    registerConsoleHome(router, app);
    registerConsoleDelegations(router, app);
    registerConsoleApplications(router, app);
    registerConsoleRoster(router, app);
    registerConsoleOperations(router, app);
    registerConsoleNotices(router, app);
    registerConsolePeople(router, app);
    registerConsoleRetention(router, app);
    registerConsoleStatistics(router, app);
    registerPersonData(router, app);
    router.notFoundUnder('/school/', '/partner/', '/console/');
  });
}
