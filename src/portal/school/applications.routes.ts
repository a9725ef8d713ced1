import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { APPLICATION_STATUSES, ApplicationStatus } from '../../applications/application-status';
import { ApplicationsService } from '../../applications/applications.service';
import { ApplicationDto } from '../../applications/dto/application.dto';
import { SchoolApplications } from '../../applications/school-applications.service';
import { Transactions } from '../../database/transactions';
import { DelegationsService } from '../../delegations/delegations.service';
import { Language } from '../../localization/language';
import { FormState, refusalOf } from '../forms';
import { pageNumber, paginationView } from '../pagination';
import { page, PortalCall, redirect } from '../portal-page';
import { PortalRouter } from '../portal-router';
import { namesView } from './people-view';

const PAGE_SIZE = 50;
/** A school may withdraw these (DOMAIN.md), until departure. */
const WITHDRAWABLE: ApplicationStatus[] = ['submitted', 'approved', 'waitlisted', 'offered'];

/** The school's applications: status, the organizer's note, the waitlist; withdrawing one. */
export function registerSchoolApplications(
  router: PortalRouter,
  app: NestFastifyApplication,
): void {
  const applications = app.get(ApplicationsService, { strict: false });
  const school = app.get(SchoolApplications, { strict: false });
  const delegations = app.get(DelegationsService, { strict: false });
  const transactions = app.get(Transactions, { strict: false });
  const { translator } = router;

  const rows = async (call: PortalCall, items: ApplicationDto[]) => {
    const trips = await delegations.byIds(
      transactions.read(call.caller),
      items.map((a) => a.delegationId),
    );
    return items.map((a) => {
      const trip = trips.get(a.delegationId);
      return {
        id: a.id,
        delegationId: a.delegationId,
        title: trip ? title(trip, call.lang) : '',
        departureDate: trip?.departureDate,
        names: a.names && namesView(a.names),
        participantId: a.participantId,
        status: a.status,
        note: a.decisionNote,
        waitlistPosition: a.waitlistPosition,
        changedSinceApproval: a.changedSinceApproval,
        withdrawable: WITHDRAWABLE.includes(a.status),
      };
    });
  };

  router.get('/school/applications', 'school_coordinator', async (call) => {
    const status = APPLICATION_STATUSES.find((s) => s === call.query.status);
    const pageNo = pageNumber(call.query.page);
    const list = await applications.list(call.caller, {
      status,
      page: pageNo,
      pageSize: PAGE_SIZE,
    });
    return page(
      'school/applications',
      { key: 'applications.title' },
      {
        status,
        statuses: APPLICATION_STATUSES.map((value) => ({
          value,
          text: translator.t(call.lang, `portal.applicationStatus.${value}`),
          current: value === status,
        })),
        applications: await rows(call, list.items),
        total: list.total,
        pagination: paginationView(
          `/${call.lang}/school/applications`,
          { status },
          pageNo,
          PAGE_SIZE,
          list.total,
        ),
      },
      { section: 'applications' },
    );
  });

  const confirmPage = async (call: PortalCall, form?: FormState) => {
    const application = await applications.get(call.caller, call.params.id);
    const [row] = await rows(call, [application]);
    return page(
      'school/withdraw',
      { key: 'applications.withdrawTitle' },
      { application: row },
      { form: form ?? FormState.empty(translator, call.lang), section: 'applications' },
    );
  };

  router.get('/school/applications/:id/withdraw', 'school_coordinator', (call) =>
    confirmPage(call),
  );

  router.post('/school/applications/:id/withdraw', 'school_coordinator', async (call) => {
    try {
      await school.withdraw(call.caller, call.params.id);
    } catch (error) {
      const refusal = refusalOf(error);
      return confirmPage(call, FormState.empty(translator, call.lang).refuse(refusal));
    }
    return redirect('/school/applications', { key: 'applications.withdrawn' });
  });
}

function title(trip: { titleZh: string; titleRu: string }, lang: Language): string {
  return lang === 'zh' ? trip.titleZh : trip.titleRu;
}
