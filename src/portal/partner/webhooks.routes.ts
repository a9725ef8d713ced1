import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { timesView } from '../../localization/local-times';
import { CreateWebhookDto } from '../../notifications/dto/webhook.dto';
import { NOTIFICATION_EVENTS } from '../../notifications/notification-events';
import { WebhooksService } from '../../notifications/webhooks.service';
import { FormState, formToBody, refusalOf, validate } from '../forms';
import { page, PortalCall, redirect } from '../portal-page';
import { PortalRouter } from '../portal-router';

const FIELDS = {
  url: 'webhooks.url',
  events: { label: 'webhooks.events', target: 'events' },
};

/**
 * The partner organization's webhooks: the list, a new one (its secret shown once, on
 * the page after the redirect, from the encrypted session), re-enabling one a receiver
 * turned off with 410, and removing one.
 */
export function registerPartnerWebhooks(router: PortalRouter, app: NestFastifyApplication): void {
  const webhooks = app.get(WebhooksService, { strict: false });
  const { translator } = router;

  const show = async (call: PortalCall, form?: FormState) => {
    const created = call.request.session.get('webhookSecret');
    if (created) call.request.session.set('webhookSecret', undefined);
    const list = await webhooks.list(call.caller);
    return page(
      'partner/webhooks',
      { key: 'webhooks.title' },
      {
        created,
        webhooks: list.map((w) => ({
          id: w.id,
          url: w.url,
          events: w.events.join(', '),
          disabled: w.disabledAt ? timesView(w.disabledAt) : undefined,
          disabledReason: w.disabledReason,
          createdAt: timesView(w.createdAt),
        })),
        events: NOTIFICATION_EVENTS.map((value) => ({ value, text: value })),
      },
      {
        form: form ?? new FormState({}, FIELDS, translator, call.lang),
        section: 'webhooks',
      },
    );
  };

  router.get('/partner/webhooks', 'partner', (call) => show(call));

  router.post('/partner/webhooks', 'partner', async (call) => {
    const body = formToBody(call.form, { lists: ['events'] });
    const values = {
      url: typeof call.form.url === 'string' ? call.form.url : '',
      events: ([] as string[]).concat(call.form.events ?? []),
    };
    const form = new FormState(values, FIELDS, translator, call.lang);
    const input = await validate(CreateWebhookDto, { events: [], ...body });
    if (!input.ok) return show(call, form.addFieldErrors(input.errors));
    let created;
    try {
      created = await webhooks.create(call.caller, input.value);
    } catch (error) {
      return show(call, form.refuse(refusalOf(error)));
    }
    call.request.session.set('webhookSecret', {
      id: created.id,
      url: created.url,
      secret: created.secret,
      standard: created.standardWebhooksSecret,
    });
    return redirect('/partner/webhooks', { key: 'webhooks.created' });
  });

  router.post('/partner/webhooks/:id/enable', 'partner', async (call) => {
    await webhooks.enable(call.caller, call.params.id);
    return redirect('/partner/webhooks', { key: 'webhooks.enabled' });
  });

  router.post('/partner/webhooks/:id/delete', 'partner', async (call) => {
    await webhooks.remove(call.caller, call.params.id);
    return redirect('/partner/webhooks', { key: 'webhooks.deleted' });
  });
}
