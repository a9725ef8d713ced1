import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { APPLICATION_STATUSES } from '../../applications/application-status';
import { SchoolTodosService } from '../../applications/school-todos.service';
import { Transactions } from '../../database/transactions';
import { DelegationsService } from '../../delegations/delegations.service';
import { timesView } from '../../localization/local-times';
import { NoticesService } from '../../notices/notices.service';
import { NotificationsService } from '../../notifications/notifications.service';
import { page } from '../portal-page';
import { PortalRouter } from '../portal-router';
import { noticeView } from '../notice-view';
import { delegationView } from './delegation-view';
import { namesView } from './people-view';

/**
 * A coordinator's first page: what is open to apply for, the school's applications by
 * status, what needs doing, and what is new (messages, notices for schools).
 */
export function registerSchoolHome(router: PortalRouter, app: NestFastifyApplication): void {
  const delegations = app.get(DelegationsService, { strict: false });
  const todos = app.get(SchoolTodosService, { strict: false });
  const notifications = app.get(NotificationsService, { strict: false });
  const notices = app.get(NoticesService, { strict: false });
  const transactions = app.get(Transactions, { strict: false });
  const { translator } = router;

  router.get('/school/', 'school_coordinator', async (call) => {
    const { caller, lang } = call;
    const [open, counts, work, inbox, news] = await Promise.all([
      delegations.listPublished(caller, { status: 'open', page: 1, pageSize: 10 }),
      todos.statusCounts(caller),
      todos.todos(caller),
      notifications.listInbox(caller, { unread: true, page: 1, pageSize: 5 }),
      notices.listForCaller(caller, { page: 1, pageSize: 5 }, lang),
    ]);
    const trips = await delegations.byIds(transactions.read(caller), [
      ...work.passportExpiring.map((p) => p.delegationId),
      ...work.changedSinceApproval.map((p) => p.delegationId),
    ]);
    const tripTitle = (id: string) => {
      const trip = trips.get(id);
      return trip ? (lang === 'zh' ? trip.titleZh : trip.titleRu) : '';
    };
    const todoCount =
      work.consentMissing.total +
      work.consentToRenew.total +
      work.passportExpiring.length +
      work.changedSinceApproval.length;
    return page(
      'school/home',
      { key: 'home.title' },
      {
        open: open.items.map((d) => delegationView(d, lang, translator)),
        counts: APPLICATION_STATUSES.map((status) => ({
          status,
          label: translator.t(lang, `portal.applicationStatus.${status}`),
          count: counts[status],
        })),
        todoCount,
        consentMissing: {
          total: work.consentMissing.total,
          more: work.consentMissing.total - work.consentMissing.items.length,
          items: work.consentMissing.items.map((p) => ({
            id: p.participantId,
            names: namesView(p.names),
          })),
        },
        consentToRenew: {
          total: work.consentToRenew.total,
          more: work.consentToRenew.total - work.consentToRenew.items.length,
          items: work.consentToRenew.items.map((p) => ({
            id: p.participantId,
            names: namesView(p.names),
          })),
        },
        passportExpiring: work.passportExpiring.map((p) => ({
          id: p.participantId,
          names: namesView(p.names),
          expiry: p.expiry,
          neededUntil: p.neededUntil,
          trip: tripTitle(p.delegationId),
        })),
        changedSinceApproval: work.changedSinceApproval.map((p) => ({
          id: p.participantId,
          names: namesView(p.names),
          trip: tripTitle(p.delegationId),
        })),
        unread: inbox.unread,
        messages: inbox.items.map((m) => ({ title: m.title, at: timesView(m.createdAt) })),
        notices: news.items.map(noticeView),
      },
      { section: 'home' },
    );
  });
}
