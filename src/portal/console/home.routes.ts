import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SchoolTodosService } from '../../applications/school-todos.service';
import { DelegationsService } from '../../delegations/delegations.service';
import { NoticesService } from '../../notices/notices.service';
import { NotificationsService } from '../../notifications/notifications.service';
import { RostersService } from '../../rosters/rosters.service';
import { page } from '../portal-page';
import { PortalRouter } from '../portal-router';

/** Closed delegations looked at for readiness on the home page: more is a list's work. */
const CLOSED_CHECKED = 50;

/**
 * The organizer's home: what needs action, each count linking to its list: applications
 * waiting for a decision, closed rosters not ready to lock, rosters waiting for the
 * partner or sent back by it, failed deliveries, texts missing a language.
 */
export function registerConsoleHome(router: PortalRouter, app: NestFastifyApplication): void {
  const counts = app.get(SchoolTodosService, { strict: false });
  const delegations = app.get(DelegationsService, { strict: false });
  const rosters = app.get(RostersService, { strict: false });
  const notifications = app.get(NotificationsService, { strict: false });
  const notices = app.get(NoticesService, { strict: false });

  router.get('/console/', 'organizer', async (call) => {
    const { caller, lang } = call;
    const [statuses, locked, closed, failed, missing] = await Promise.all([
      counts.statusCounts(caller),
      delegations.list({ status: 'roster_locked', page: 1, pageSize: 1 }),
      delegations.list({ status: 'closed', page: 1, pageSize: CLOSED_CHECKED }),
      notifications.listDeliveries({ status: 'failed', page: 1, pageSize: 1 }),
      notices.missingTranslations(),
    ]);
    const states = await rosters.partnerStates(
      caller,
      closed.items.map((d) => d.id),
    );
    // Closed and sent back by the partner, or closed and never locked but not ready.
    let rejected = 0;
    let notReady = 0;
    for (const d of closed.items) {
      if (states.get(d.id)?.decision === 'rejected') rejected += 1;
      else if (!states.has(d.id) && !(await rosters.readiness(caller, d.id, lang)).ready) {
        notReady += 1;
      }
    }
    const items = [
      {
        key: 'awaitingDecision',
        count: statuses.submitted + statuses.offered,
        href: `/${lang}/console/delegations?status=open`,
      },
      { key: 'notReady', count: notReady, href: `/${lang}/console/delegations?status=closed` },
      {
        key: 'awaitingPartner',
        count: locked.total,
        href: `/${lang}/console/delegations?status=roster_locked`,
      },
      {
        key: 'rejectedByPartner',
        count: rejected,
        href: `/${lang}/console/delegations?status=closed`,
      },
      {
        key: 'failedDeliveries',
        count: failed.total,
        href: `/${lang}/console/deliveries?status=failed`,
      },
      {
        key: 'missingTranslations',
        count: missing.notices.length + missing.delegations.length,
        href: `/${lang}/console/translations`,
      },
    ];
    return page(
      'console/home',
      { key: 'console.homeTitle' },
      {
        items: items.map((item) => ({
          ...item,
          label: router.translator.t(lang, `portal.console.count.${item.key}`),
          attention: item.count > 0,
        })),
      },
      { section: 'home' },
    );
  });
}
