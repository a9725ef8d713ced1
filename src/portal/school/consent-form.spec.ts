import { Translator } from '../../localization/translator';
import { consentTextVersion } from './consent-form.routes';

describe('the consent texts', () => {
  const translator = new Translator();

  it('carry one version in both languages: the one a recorded consent names', () => {
    const zh = translator.t('zh', 'consent.version');
    expect(zh).toMatch(/^\d{4}-\d{2}$/);
    expect(translator.t('ru', 'consent.version')).toBe(zh);
    expect(consentTextVersion(translator)).toBe(zh);
  });

  it.each(['zh', 'ru'] as const)('in %s print the footer with that version', (lang) => {
    expect(translator.t(lang, 'consent.footer', { version: '2026-01' })).toContain('2026-01');
  });
});
