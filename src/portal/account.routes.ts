import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BrowserSessions } from '../auth/browser-sessions.service';
import { ChangePasswordDto } from '../auth/dto/password.dto';
import { AppError } from '../common/errors/app-error';
import { UpdateMeDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { FormState, formToBody, refusalOf, validate } from './forms';
import { page, PortalCall, redirect } from './portal-page';
import { PortalRouter } from './portal-router';

const SETTINGS = {
  preferredLanguage: 'account.preferredLanguage',
  noticeEmails: 'account.noticeEmails',
};
const PASSWORD = {
  currentPassword: 'account.currentPassword',
  newPassword: 'account.newPassword',
};

/** Every signed-in user's own account: language, notice e-mails, password. */
export function registerAccount(router: PortalRouter, app: NestFastifyApplication): void {
  const users = app.get(UsersService, { strict: false });
  const sessions = app.get(BrowserSessions, { strict: false });
  const { translator } = router;

  /**
   * The page with both forms; one state holds them both (their fields differ), with the
   * values of the settings as stored, or as just sent, and the sent form's errors.
   */
  const show = async (
    call: PortalCall,
    sent?: { values?: Record<string, string>; problems: (form: FormState) => FormState },
  ) => {
    const me = await users.me(call.caller);
    const values = sent?.values ?? {
      preferredLanguage: me.preferredLanguage,
      noticeEmails: String(me.noticeEmails),
    };
    const form = new FormState(values, { ...SETTINGS, ...PASSWORD }, translator, call.lang);
    sent?.problems(form);
    return page(
      'account',
      { key: 'account.title' },
      {
        me: { email: me.email, role: me.role },
        languages: ['zh', 'ru'].map((value) => ({
          value,
          text: translator.t(call.lang, `portal.language.${value}`),
        })),
      },
      { form, section: 'account' },
    );
  };

  router.get('/account', 'signed-in', (call) => show(call));

  router.post('/account', 'signed-in', async (call) => {
    const values = {
      preferredLanguage: String(call.form.preferredLanguage ?? ''),
      noticeEmails: call.form.noticeEmails === 'true' ? 'true' : 'false',
    };
    const body = {
      ...formToBody({ preferredLanguage: call.form.preferredLanguage }),
      // An unticked box sends nothing: that is "off".
      noticeEmails: values.noticeEmails === 'true',
    };
    const input = await validate(UpdateMeDto, body);
    if (!input.ok) {
      const errors = input.errors;
      return show(call, { values, problems: (form) => form.addFieldErrors(errors) });
    }
    const me = await users.updateMe(call.caller, input.value);
    return redirect(
      `/${me.preferredLanguage}/account`,
      { key: 'account.saved' },
      { absolute: true },
    );
  });

  router.post('/account/password', 'signed-in', async (call) => {
    const input = await validate(ChangePasswordDto, formToBody(call.form));
    if (!input.ok) {
      const errors = input.errors;
      return show(call, { problems: (form) => form.addFieldErrors(errors) });
    }
    try {
      const renewed = await sessions.changePassword(call.caller, input.value, call.request.ip);
      call.request.session.set('sid', renewed.sessionId);
    } catch (error) {
      const refusal = refusalOf(
        error instanceof AppError && error.code === 'INVALID_CREDENTIALS' ? wrongPassword() : error,
      );
      return show(call, { problems: (form) => form.refuse(refusal) });
    }
    return redirect('/account', { key: 'account.passwordChanged' });
  });
}

/** A wrong current password is a mistake in that field, not a failed sign-in. */
function wrongPassword(): AppError {
  return new AppError('VALIDATION_FAILED', {}, [
    {
      field: 'currentPassword',
      code: 'INVALID_CREDENTIALS',
      messageKey: 'errors.INVALID_CREDENTIALS',
    },
  ]);
}
