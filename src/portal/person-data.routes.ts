import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Role } from '../common/auth/caller';
import { timesView } from '../localization/local-times';
import { ParticipantRegistry } from '../participants/participant-registry.service';
import { DataExportService } from '../retention/data-export.service';
import { RetentionService } from '../retention/retention.service';
import { FormState, refusalOf } from './forms';
import { page, PortalCall, redirect, SENT } from './portal-page';
import { PortalRouter } from './portal-router';
import { namesView } from './school/people-view';

/** What a person's page shows of their data's lifetime: the links, or when it was erased. */
export function privacyView(
  person: { id: string; erasedAt: Date | null; nationality: 'CN' | 'RU' },
  base: '/school/people' | '/console/participants',
  retention: RetentionService,
) {
  return {
    id: person.id,
    base,
    // The document is for the family: in their language first, the other one beside it.
    familyLang: person.nationality === 'RU' ? 'ru' : 'zh',
    otherLang: person.nationality === 'RU' ? 'zh' : 'ru',
    erased: person.erasedAt ? timesView(person.erasedAt) : null,
    months: retention.policy.personalMonths,
  };
}

/**
 * A person's rights over their data, in the browser: their copy (a document to print or
 * hand over, in the path's language, the family's linked first, or the JSON), and erasure on
 * request behind a page that says what goes and what stays. The school's pages for its
 * own people, the console's for anyone's; the services scope and audit.
 */
export function registerPersonData(router: PortalRouter, app: NestFastifyApplication): void {
  const registry = app.get(ParticipantRegistry, { strict: false });
  const exports = app.get(DataExportService, { strict: false });
  const retention = app.get(RetentionService, { strict: false });
  const { translator } = router;

  const bases: { base: string; role: Role; section: string }[] = [
    { base: '/school/people', role: 'school_coordinator', section: 'people' },
    { base: '/console/participants', role: 'organizer', section: 'retention' },
  ];
  for (const { base, role, section } of bases) {
    router.get(`${base}/:id/data`, role, async (call) => {
      const id = call.params.id;
      // Personal data: never kept by a browser or a proxy.
      void call.reply.header('cache-control', 'no-store');
      if (call.query.format === 'json') {
        const copy = await exports.build(call.caller, id);
        void call.reply
          .header('content-type', 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="personal-data-${id}.json"`)
          .send(JSON.stringify(copy, null, 2));
        return SENT;
      }
      // In the path's language, as every page; the person's page links the family's first.
      const document = await exports.html(call.caller, id, call.lang, `/${call.lang}${base}/${id}`);
      void call.reply.header('content-type', 'text/html; charset=utf-8').send(document);
      return SENT;
    });

    const confirmPage = async (call: PortalCall, form?: FormState) => {
      const person = await registry.get(call.caller, call.params.id);
      const names = namesView(person.names);
      return page(
        'privacy/erase',
        { key: 'privacy.eraseTitle', params: { name: names.native } },
        {
          person: { id: person.id, names, erased: Boolean(person.erasedAt) },
          back: `${base}/${person.id}`,
          action: `${base}/${person.id}/erase`,
          months: retention.policy.personalMonths,
        },
        { form: form ?? FormState.empty(translator, call.lang), section },
      );
    };

    router.get(`${base}/:id/erase`, role, (call) => confirmPage(call));

    router.post(`${base}/:id/erase`, role, async (call) => {
      try {
        await retention.eraseOnRequest(call.caller, call.params.id);
      } catch (error) {
        return confirmPage(call, FormState.empty(translator, call.lang).refuse(refusalOf(error)));
      }
      return redirect(`${base}/${call.params.id}`, { key: 'privacy.erased' });
    });
  }
}
