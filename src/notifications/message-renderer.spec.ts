import { Translator } from '../localization/translator';
import { renderMessage, templateKey } from './message-renderer';

describe('message renderer', () => {
  const translator = new Translator();
  const data = {
    variant: 'approved',
    participant: { zh: '李雨轩', ru: 'Ли Юйсюань' },
    delegation: { zh: '夏令营<script>', ru: 'Лагерь <b>' },
    note: '',
    link: '/{lang}/delegations/d1',
  };

  it('picks the variant of an event', () => {
    expect(templateKey('application.decided', 'approved')).toBe(
      'notifications.application.decided.approved',
    );
    expect(templateKey('roster.locked', null)).toBe('notifications.roster.locked');
  });

  it('writes subject, text and HTML in the reader language, user text escaped in HTML', () => {
    const zh = renderMessage(translator, 'zh', 'application.decided', data, 'https://yb.example');
    expect(zh.subject).toBe('报名已获批准：李雨轩');
    expect(zh.text).toContain('李雨轩 参加“夏令营<script>”的报名已获批准。');
    expect(zh.text).toContain('查看详情: https://yb.example/zh/delegations/d1');
    expect(zh.html).toContain('夏令营&lt;script&gt;');
    expect(zh.html).not.toContain('<script>');
    expect(zh.html).toContain('<html lang="zh">');
    expect(zh.link).toBe('/zh/delegations/d1');

    const ru = renderMessage(translator, 'ru', 'application.decided', data, '');
    expect(ru.subject).toBe('Заявка одобрена: Ли Юйсюань');
    expect(ru.body).toBe('Заявка Ли Юйсюань на участие в «Лагерь <b>» одобрена.');
    // Without PUBLIC_URL there is no absolute address for an e-mail to link to.
    expect(ru.html).not.toContain('href');
  });

  it('has a subject and a body for every event and variant, in both languages', () => {
    const events = [
      ['application.submitted', 'single'],
      ['application.submitted', 'digest'],
      ['application.decided', 'approved'],
      ['application.decided', 'waitlisted'],
      ['application.decided', 'rejected'],
      ['application.offered', null],
      ['roster.locked', null],
      ['roster.approved', null],
      ['roster.rejected', null],
      ['delegation.confirmed', null],
      ['notice.published', null],
      ['reminder.application_deadline', null],
      ['reminder.passport_expiry', null],
    ] as const;
    for (const lang of ['zh', 'ru'] as const) {
      for (const [event, variant] of events) {
        const key = templateKey(event, variant);
        expect([key, translator.has(lang, `${key}.subject`)]).toEqual([key, true]);
        expect([key, translator.has(lang, `${key}.body`)]).toEqual([key, true]);
      }
    }
  });
});
