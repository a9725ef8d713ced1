import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Ctx, Transactions } from '../../database/transactions';
import { HTML_LANG, Language, LANGUAGES } from '../../localization/language';
import { ConsentTextsService } from '../../participants/consent-texts.service';
import { ConsentTextDto } from '../../participants/dto/consent-text.dto';
import { ParticipantRegistry } from '../../participants/participant-registry.service';
import { OrganizationNames } from '../organization-names';
import { page } from '../portal-page';
import { PortalRouter } from '../portal-router';
import { namesView } from './people-view';

/**
 * The texts in force, by kind: what the form prints and a recorded consent names. The
 * records are the only source of the words (organizers publish them); a text's first
 * paragraph is its heading.
 */
type ConsentKind = ConsentTextDto['kind'];
/** In the order the form prints them. */
const CONSENT_KINDS: readonly ConsentKind[] = ['guardian', 'cross_border'];

export async function currentConsentTexts(texts: ConsentTextsService, ctx: Ctx) {
  const all = await texts.list(ctx);
  const of = (kind: ConsentKind) => all.find((text) => text.kind === kind && text.current);
  return { guardian: of('guardian'), cross_border: of('cross_border') };
}

export function paragraphsOf(text: string): { title: string; paragraphs: string[] } {
  const [title = '', ...paragraphs] = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return { title, paragraphs };
}

/**
 * The guardian consent and the cross-border data consent for one person, filled in with
 * their data, ready to print on A4 and sign: in the family's language (Chinese for a
 * Chinese national, Russian for a Russian one), or in both (`?text=both`).
 */
export function registerConsentForm(router: PortalRouter, app: NestFastifyApplication): void {
  const registry = app.get(ParticipantRegistry, { strict: false });
  const names = app.get(OrganizationNames, { strict: false });
  const consentTexts = app.get(ConsentTextsService, { strict: false });
  const transactions = app.get(Transactions, { strict: false });
  const { translator } = router;

  router.get('/school/people/:id/consent-form', 'school_coordinator', async (call) => {
    const person = await registry.get(call.caller, call.params.id);
    const family: Language = person.nationality === 'RU' ? 'ru' : 'zh';
    const both = call.query.text === 'both';
    const languages: Language[] = both ? [...LANGUAGES] : [family];
    const shown = namesView(person.names);
    const current = await currentConsentTexts(consentTexts, transactions.read(call.caller));
    const versions = [
      ...new Set(CONSENT_KINDS.flatMap((kind) => current[kind]?.version ?? [])),
    ].join(' / ');
    const texts = await Promise.all(
      languages.map(async (lang) => {
        const t = (key: string, params?: Record<string, unknown>) =>
          translator.t(lang, `consent.${key}`, params);
        return {
          lang,
          htmlLang: HTML_LANG[lang],
          title: t('title'),
          intro: t('intro'),
          child: {
            title: t('child.title'),
            rows: [
              { label: t('child.name'), value: shown.native, lang: shown.nativeLang },
              { label: t('child.latin'), value: shown.latin ?? '', lang: 'en' },
              ...(shown.cyrillic
                ? [{ label: t('child.cyrillic'), value: shown.cyrillic, lang: 'ru' }]
                : []),
              { label: t('child.birthDate'), value: person.birthDate },
              {
                label: t('child.nationality'),
                value: translator.t(lang, `portal.nationality.${person.nationality}`),
              },
              {
                label: t('child.school'),
                value: await names.nameOf(call.caller.organizationId, lang),
              },
            ],
          },
          sections: CONSENT_KINDS.flatMap((kind) => {
            const text = current[kind];
            return text ? [paragraphsOf(text[lang])] : [];
          }),
          signature: {
            title: t('signature.title'),
            lines: [
              { label: t('signature.name'), value: person.guardian?.name ?? '' },
              { label: t('signature.relation'), value: person.guardian?.relation ?? '' },
              { label: t('signature.phone'), value: person.guardian?.phone ?? '' },
              { label: t('signature.sign'), value: '' },
              { label: t('signature.date'), value: '' },
            ],
          },
          footer: t('footer', { version: versions }),
        };
      }),
    );
    return page(
      'school/consent-form',
      { key: 'consentForm.title', params: { name: shown.native } },
      {
        personId: person.id,
        both,
        texts,
      },
      { section: 'people' },
    );
  });
}
