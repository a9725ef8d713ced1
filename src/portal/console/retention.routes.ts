import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Transactions } from '../../database/transactions';
import { timesView } from '../../localization/local-times';
import { Language } from '../../localization/language';
import { ConsentTextsService } from '../../participants/consent-texts.service';
import { CreateConsentTextDto } from '../../participants/dto/consent-text.dto';
import { CreateLegalHoldDto, RetentionCountsDto } from '../../retention/dto/retention.dto';
import { LegalHoldsService } from '../../retention/legal-holds.service';
import { RetentionService } from '../../retention/retention.service';
import { FormState, formToBody, refusalOf, textFields, validate } from '../forms';
import { page, PortalCall, redirect } from '../portal-page';
import { PortalRouter } from '../portal-router';

const HOLD_FIELDS = {
  subjectType: 'privacy.subjectType',
  subjectId: 'privacy.subjectId',
  reason: 'privacy.reason',
};
const TEXT_FIELDS = {
  kind: 'consentTexts.kind',
  version: 'consentTexts.version',
  validFrom: 'consentTexts.validFrom',
  zh: 'consentTexts.zh',
  ru: 'consentTexts.ru',
  requiresRenewal: 'consentTexts.requiresRenewal',
};
const SUBJECTS = ['participant', 'delegation'] as const;
const KINDS = ['guardian', 'cross_border'] as const;
const COUNTS: (keyof RetentionCountsDto)[] = [
  'participants',
  'rosterCopies',
  'auditEntries',
  'messages',
  'deliveries',
  'outbox',
  'sessions',
];

/**
 * The data lifecycle in the console: what the retention policy would erase now (counts
 * per school and delegation, nobody named), its runs, legal holds, and the consent texts
 * guardians sign, with a new version published from a form.
 */
export function registerConsoleRetention(router: PortalRouter, app: NestFastifyApplication): void {
  const retention = app.get(RetentionService, { strict: false });
  const holds = app.get(LegalHoldsService, { strict: false });
  const texts = app.get(ConsentTextsService, { strict: false });
  const transactions = app.get(Transactions, { strict: false });
  const { translator } = router;
  const t = (lang: Language, key: string) => translator.t(lang, `portal.${key}`);
  const countRows = (lang: Language, counts: RetentionCountsDto | null) =>
    COUNTS.map((key) => ({ label: t(lang, `privacy.counts.${key}`), count: counts?.[key] ?? 0 }));

  const retentionPage = async (call: PortalCall, form?: FormState) => {
    const [preview, runs, active] = await Promise.all([
      retention.preview(call.lang),
      retention.runs(10),
      holds.list('active'),
    ]);
    const prefill = textFields(call.query, ['subjectType', 'subjectId']);
    return page(
      'console/retention',
      { key: 'privacy.consoleTitle' },
      {
        policy: preview.policy,
        returnedBefore: preview.returnedBefore,
        held: preview.held,
        counts: countRows(call.lang, preview.counts),
        bySchool: preview.bySchool,
        byDelegation: preview.byDelegation,
        runs: runs.map((run) => ({
          startedAt: timesView(run.startedAt),
          status: t(call.lang, `privacy.runStatus.${run.status}`),
          source: t(call.lang, `privacy.runSource.${run.source}`),
          erased: run.counts?.participants ?? 0,
          deleted: run.counts
            ? run.counts.auditEntries +
              run.counts.messages +
              run.counts.deliveries +
              run.counts.outbox +
              run.counts.sessions
            : 0,
        })),
        holds: active.map((hold) => ({
          id: hold.id,
          subject: t(call.lang, `privacy.subject.${hold.subjectType}`),
          href:
            hold.subjectType === 'participant'
              ? `/${call.lang}/console/participants/${hold.subjectId}`
              : `/${call.lang}/console/delegations/${hold.subjectId}`,
          subjectId: hold.subjectId,
          reason: hold.reason,
          since: timesView(hold.createdAt),
        })),
        subjects: SUBJECTS.map((value) => ({
          value,
          text: t(call.lang, `privacy.subject.${value}`),
        })),
      },
      {
        form:
          form ??
          new FormState(
            { subjectType: 'participant', ...prefill },
            HOLD_FIELDS,
            translator,
            call.lang,
          ),
        section: 'retention',
        status: form?.hasErrors ? 422 : 200,
      },
    );
  };

  router.get('/console/retention', 'organizer', (call) => retentionPage(call));

  router.post('/console/retention/run', 'organizer', async (call) => {
    const run = await retention.run('request', call.caller);
    return redirect('/console/retention', {
      key: 'privacy.ran',
      params: { people: run.counts?.participants ?? 0 },
    });
  });

  router.post('/console/retention/holds', 'organizer', async (call) => {
    const values = textFields(call.form, Object.keys(HOLD_FIELDS));
    const form = new FormState(values, HOLD_FIELDS, translator, call.lang);
    const input = await validate(CreateLegalHoldDto, formToBody(values));
    if (!input.ok) return retentionPage(call, form.addFieldErrors(input.errors));
    try {
      await holds.create(call.caller, input.value);
    } catch (error) {
      return retentionPage(call, form.refuse(refusalOf(error)));
    }
    return redirect('/console/retention', { key: 'privacy.held' });
  });

  router.post('/console/retention/holds/:id/release', 'organizer', async (call) => {
    try {
      await holds.release(call.caller, call.params.id);
    } catch (error) {
      return retentionPage(call, FormState.empty(translator, call.lang).refuse(refusalOf(error)));
    }
    return redirect('/console/retention', { key: 'privacy.released' });
  });

  const textsPage = async (call: PortalCall, form?: FormState) => {
    const all = await texts.list(transactions.read(call.caller));
    return page(
      'console/consent-texts',
      { key: 'consentTexts.title' },
      {
        texts: [...all].reverse().map((text) => ({
          kind: t(call.lang, `consentKind.${text.kind}`),
          version: text.version,
          validFrom: text.validFrom,
          current: text.current,
          requiresRenewal: text.requiresRenewal,
          paragraphs: text[call.lang].split(/\n\s*\n/),
        })),
        kinds: KINDS.map((value) => ({ value, text: t(call.lang, `consentKind.${value}`) })),
      },
      {
        form: form ?? new FormState({ kind: 'guardian' }, TEXT_FIELDS, translator, call.lang),
        section: 'retention',
        status: form?.hasErrors ? 422 : 200,
      },
    );
  };

  router.get('/console/consent-texts', 'organizer', (call) => textsPage(call));

  router.post('/console/consent-texts', 'organizer', async (call) => {
    const values = textFields(call.form, Object.keys(TEXT_FIELDS));
    const form = new FormState(values, TEXT_FIELDS, translator, call.lang);
    const body: Record<string, unknown> = formToBody(values);
    body.requiresRenewal = values.requiresRenewal === 'true';
    const input = await validate(CreateConsentTextDto, body);
    if (!input.ok) return textsPage(call, form.addFieldErrors(input.errors));
    try {
      await texts.create(call.caller, input.value);
    } catch (error) {
      return textsPage(call, form.refuse(refusalOf(error)));
    }
    return redirect('/console/consent-texts', {
      key: 'consentTexts.published',
      params: { version: input.value.version },
    });
  });
}
