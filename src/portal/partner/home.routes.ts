import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DelegationsService } from '../../delegations/delegations.service';
import { NoticesService } from '../../notices/notices.service';
import { RostersService } from '../../rosters/rosters.service';
import { noticeView } from '../notice-view';
import { pageNumber, paginationView } from '../pagination';
import { page } from '../portal-page';
import { PortalRouter } from '../portal-router';
import { delegationView } from '../school/delegation-view';

const PAGE_SIZE = 20;

/**
 * The partner's home: the delegations its organization hosts or sends, each with its
 * state and a badge when a roster waits for the partner's approval or changed since the
 * version it approved; and the notices for partners.
 */
export function registerPartnerHome(router: PortalRouter, app: NestFastifyApplication): void {
  const delegations = app.get(DelegationsService, { strict: false });
  const rosters = app.get(RostersService, { strict: false });
  const notices = app.get(NoticesService, { strict: false });
  const { translator } = router;

  router.get('/partner/', 'partner', async (call) => {
    const pageNo = pageNumber(call.query.page);
    const list = await delegations.listPublished(call.caller, {
      page: pageNo,
      pageSize: PAGE_SIZE,
    });
    const states = await rosters.partnerStates(
      call.caller,
      list.items.map((d) => d.id),
    );
    return page(
      'partner/home',
      { key: 'partner.homeTitle' },
      {
        delegations: list.items.map((d) => {
          const state = states.get(d.id);
          // Waiting: locked and not yet decided. Changed: a version after the approved one.
          const awaiting = d.status === 'roster_locked' && state?.decision == null;
          const changed = awaiting && state?.approved != null && state.version > state.approved;
          return {
            ...delegationView(d, call.lang, translator),
            version: state?.version,
            awaiting,
            changed,
          };
        }),
        pagination: paginationView(`/${call.lang}/partner/`, {}, pageNo, PAGE_SIZE, list.total),
      },
      { section: 'home' },
    );
  });

  router.get('/partner/notices', 'partner', async (call) => {
    const pageNo = pageNumber(call.query.page);
    const list = await notices.listForCaller(
      call.caller,
      { page: pageNo, pageSize: PAGE_SIZE },
      call.lang,
    );
    return page(
      'partner/notices',
      { key: 'partner.noticesTitle' },
      {
        notices: list.items.map(noticeView),
        pagination: paginationView(
          `/${call.lang}/partner/notices`,
          {},
          pageNo,
          PAGE_SIZE,
          list.total,
        ),
      },
      { section: 'notices' },
    );
  });
}
