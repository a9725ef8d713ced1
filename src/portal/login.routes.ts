import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrowserSessions } from '../auth/browser-sessions.service';
import { LoginDto } from '../auth/dto/auth.dto';
import { AppError } from '../common/errors/app-error';
import { cookie } from '../common/http/cookies';
import { LANGUAGE_COOKIE, negotiateLanguage } from '../localization/language';
import { FormState, formToBody, validate } from './forms';
import { page, PortalCall, redirect, ROLE_HOME } from './portal-page';
import { PortalRouter } from './portal-router';

const LABELS = { email: 'login.email', password: 'login.password' };

/** Where to go after signing in: a page of this site only (`/zh/…`), never another host. */
export function safeNext(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  return /^\/(zh|ru)\/(?![/\\])[^\s\\]*$/.test(value) ? value : undefined;
}

/**
 * Signing in and out, and `/`: a signed-in user goes to their home in their own
 * language, anyone else to the public site in theirs (a choice made before, else the
 * browser's).
 */
export function registerLogin(router: PortalRouter, app: NestFastifyApplication): void {
  const sessions = app.get(BrowserSessions, { strict: false });
  const { translator } = router;
  const form = (call: PortalCall, values: Record<string, string>, error?: AppError) => {
    const state = new FormState(values, LABELS, translator, call.lang);
    if (error) state.refuse(error);
    return page(
      'login',
      { key: 'login.title' },
      { next: safeNext(call.query.next ?? call.form.next) },
      { form: state, status: error ? (error.status === 429 ? 429 : 422) : 200 },
    );
  };

  router.get('/login', 'anyone', (call) => {
    const caller = call.request.caller;
    if (caller) {
      return Promise.resolve(
        redirect(`/${caller.preferredLanguage}${ROLE_HOME[caller.role]}`, undefined, {
          absolute: true,
        }),
      );
    }
    return Promise.resolve(form(call, {}));
  });

  router.post('/login', 'anyone', async (call) => {
    const values = { email: String(call.form.email ?? '') };
    const body = formToBody(call.form);
    delete body.next;
    const input = await validate(LoginDto, body);
    if (!input.ok) return form(call, values, new AppError('VALIDATION_FAILED', {}, input.errors));
    let caller;
    try {
      caller = await sessions.open(input.value, call.request.ip);
    } catch (error) {
      if (error instanceof AppError) return form(call, values, error);
      throw error;
    }
    // A fresh cookie: nothing from before signing in (its CSRF secret) carries over.
    call.request.session.regenerate();
    call.request.session.set('sid', caller.sessionId);
    const next = safeNext(call.form.next);
    return redirect(next ?? `/${caller.preferredLanguage}${ROLE_HOME[caller.role]}`, undefined, {
      absolute: true,
    });
  });

  router.post('/logout', 'signed-in', async (call) => {
    await sessions.end(call.caller.sessionId);
    call.request.session.regenerate();
    return redirect('/login', { key: 'login.signedOut' });
  });

  router.scopeGet('/', async (request: FastifyRequest, reply: FastifyReply) => {
    await router.resume(request);
    const caller = request.caller;
    const header = request.headers['accept-language'];
    const target = caller
      ? `/${caller.preferredLanguage}${ROLE_HOME[caller.role]}`
      : `/${negotiateLanguage({
          query: cookie(request, LANGUAGE_COOKIE),
          acceptLanguage: typeof header === 'string' ? header : undefined,
        })}/`;
    return reply
      .code(302)
      .header('location', target)
      .header('vary', 'Accept-Language, Cookie')
      .header('cache-control', 'no-cache')
      .send();
  });
}
