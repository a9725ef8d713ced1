import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { timesView } from '../../localization/local-times';
import { NoticesService } from '../../notices/notices.service';
import { CHANNELS, DELIVERY_STATUSES } from '../../notifications/notification-events';
import { NotificationsService } from '../../notifications/notifications.service';
import { oneOf } from '../forms';
import { pageNumber, paginationView } from '../pagination';
import { page, redirect } from '../portal-page';
import { PortalRouter } from '../portal-router';

const PAGE_SIZE = 50;

/**
 * The console's operations: the translation queue (notices and delegations written in
 * one language), and the deliveries with their status, filters and a retry.
 */
export function registerConsoleOperations(router: PortalRouter, app: NestFastifyApplication): void {
  const notices = app.get(NoticesService, { strict: false });
  const notifications = app.get(NotificationsService, { strict: false });
  const { translator } = router;

  router.get('/console/translations', 'organizer', async (call) => {
    const missing = await notices.missingTranslations();
    const languages = (langs: string[]) =>
      langs.map((l) => translator.t(call.lang, `portal.language.${l}`)).join(', ');
    return page(
      'console/translations',
      { key: 'console.translationsTitle' },
      {
        notices: missing.notices.map((n) => ({
          id: n.id,
          title: (call.lang === 'zh' ? n.titleZh || n.titleRu : n.titleRu || n.titleZh) ?? n.slug,
          status: n.status,
          missing: languages(n.missing),
        })),
        delegations: missing.delegations.map((d) => ({
          id: d.id,
          title: call.lang === 'zh' ? d.titleZh || d.titleRu : d.titleRu || d.titleZh,
          fields: d.missing.join(', '),
        })),
      },
      { section: 'translations' },
    );
  });

  router.get('/console/deliveries', 'organizer', async (call) => {
    const status = oneOf(call.query.status, DELIVERY_STATUSES);
    const channel = oneOf(call.query.channel, CHANNELS);
    const pageNo = pageNumber(call.query.page);
    const list = await notifications.listDeliveries({
      status,
      channel,
      page: pageNo,
      pageSize: PAGE_SIZE,
    });
    return page(
      'console/deliveries',
      { key: 'console.deliveriesTitle' },
      {
        statuses: DELIVERY_STATUSES.map((value) => ({ value, selected: value === status })),
        channels: CHANNELS.map((value) => ({ value, selected: value === channel })),
        deliveries: list.items.map((d) => ({
          id: d.id,
          event: d.event,
          channel: d.channel,
          status: d.status,
          attempts: d.attempts,
          lastError: d.lastError,
          at: timesView(d.sentAt ?? d.nextAttemptAt ?? d.createdAt),
          failed: d.status === 'failed',
        })),
        pagination: paginationView(
          `/${call.lang}/console/deliveries`,
          { status, channel },
          pageNo,
          PAGE_SIZE,
          list.total,
        ),
      },
      { section: 'deliveries' },
    );
  });

  router.post('/console/deliveries/:id/retry', 'organizer', async (call) => {
    await notifications.retry(call.caller, call.params.id);
    return redirect('/console/deliveries?status=failed', { key: 'console.retried' });
  });
}
