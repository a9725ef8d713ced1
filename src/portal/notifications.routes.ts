import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { timesView } from '../localization/local-times';
import { NotificationsService } from '../notifications/notifications.service';
import { pageNumber, paginationView } from './pagination';
import { page, redirect } from './portal-page';
import { PortalRouter } from './portal-router';

const PAGE_SIZE = 20;

/** The signed-in user's in-app messages: newest first, each marked read on request. */
export function registerNotifications(router: PortalRouter, app: NestFastifyApplication): void {
  const notifications = app.get(NotificationsService, { strict: false });

  router.get('/notifications', 'signed-in', async (call) => {
    const pageNo = pageNumber(call.query.page);
    const inbox = await notifications.listInbox(call.caller, {
      page: pageNo,
      pageSize: PAGE_SIZE,
    });
    return page(
      'notifications',
      { key: 'notifications.title' },
      {
        unread: inbox.unread,
        items: inbox.items.map((item) => ({
          id: item.id,
          title: item.title,
          body: item.body,
          // Links name a page of this site; anything else is not shown as a link.
          link: item.link?.startsWith('/') ? item.link.replace('{lang}', call.lang) : undefined,
          read: Boolean(item.readAt),
          at: timesView(item.createdAt),
        })),
        pagination: paginationView(
          `/${call.lang}/notifications`,
          {},
          pageNo,
          PAGE_SIZE,
          inbox.total,
        ),
      },
      { section: 'notifications' },
    );
  });

  router.post('/notifications/read-all', 'signed-in', async (call) => {
    const { updated } = await notifications.markAllRead(call.caller);
    return redirect('/notifications', { key: 'notifications.allRead', params: { count: updated } });
  });

  router.post('/notifications/:id/read', 'signed-in', async (call) => {
    await notifications.markRead(call.caller, call.params.id);
    return redirect('/notifications', { key: 'notifications.markedRead' });
  });
}
