import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { timesView } from '../../localization/local-times';
import { Language } from '../../localization/language';
import { CreateNoticeDto, NoticeDto, UpdateNoticeDto } from '../../notices/dto/notice.dto';
import { AUDIENCES, NOTICE_STATUSES } from '../../notices/notice-rules';
import { NoticesService } from '../../notices/notices.service';
import { FormState, formToBody, oneOf, refusalOf, textFields, validate } from '../forms';
import { pageNumber, paginationView } from '../pagination';
import { page, PortalCall, redirect } from '../portal-page';
import { PortalRouter } from '../portal-router';

const PAGE_SIZE = 20;
const TEXTS = ['titleZh', 'titleRu', 'bodyZh', 'bodyRu'];
const FIELDS: Record<string, string> = {
  titleZh: 'noticeForm.titleZh',
  titleRu: 'noticeForm.titleRu',
  bodyZh: 'noticeForm.bodyZh',
  bodyRu: 'noticeForm.bodyRu',
  audience: 'noticeForm.audience',
  slug: 'noticeForm.slug',
  singleLanguage: 'noticeForm.singleLanguage',
};

/**
 * Notices in the console: the editor with the Chinese and Russian Markdown side by side
 * and a preview of each as readers will see it (sanitized by the notices' own renderer),
 * publishing (a missing translation links to the empty field), archiving.
 */
export function registerConsoleNotices(router: PortalRouter, app: NestFastifyApplication): void {
  const notices = app.get(NoticesService, { strict: false });
  const { translator } = router;
  const t = (lang: Language, key: string) => translator.t(lang, `portal.${key}`);

  router.get('/console/notices', 'organizer', async (call) => {
    const status = oneOf(call.query.status, NOTICE_STATUSES);
    const pageNo = pageNumber(call.query.page);
    const list = await notices.list({ status, page: pageNo, pageSize: PAGE_SIZE });
    return page(
      'console/notices',
      { key: 'noticeForm.listTitle' },
      {
        statuses: NOTICE_STATUSES.map((value) => ({
          value,
          text: t(call.lang, `noticeStatus.${value}`),
          selected: value === status,
        })),
        notices: list.items.map((n) => ({
          id: n.id,
          title: (call.lang === 'zh' ? n.titleZh || n.titleRu : n.titleRu || n.titleZh) ?? n.slug,
          status: t(call.lang, `noticeStatus.${n.status}`),
          audience: t(call.lang, `audience.${n.audience}`),
          missing: n.missingLanguages.map((l) => t(call.lang, `language.${l}`)).join(', '),
          published: n.publishedAt ? timesView(n.publishedAt) : undefined,
        })),
        pagination: paginationView(
          `/${call.lang}/console/notices`,
          { status },
          pageNo,
          PAGE_SIZE,
          list.total,
        ),
      },
      { section: 'notices' },
    );
  });

  const editor = (
    call: PortalCall,
    form: FormState,
    values: Record<string, string>,
    existing?: NoticeDto,
  ) =>
    page(
      'console/notice-form',
      existing ? { key: 'noticeForm.editTitle' } : { key: 'noticeForm.newTitle' },
      {
        existing: existing && {
          id: existing.id,
          status: t(call.lang, `noticeStatus.${existing.status}`),
          draft: existing.status === 'draft',
          published: existing.status === 'published',
        },
        action: existing
          ? `/${call.lang}/console/notices/${existing.id}`
          : `/${call.lang}/console/notices/new`,
        audiences: AUDIENCES.filter((a) => a !== 'delegation').map((value) => ({
          value,
          text: t(call.lang, `audience.${value}`),
        })),
        singleLanguages: (['zh', 'ru'] as const).map((value) => ({
          value,
          text: t(call.lang, `language.${value}`),
        })),
        preview: {
          zh: values.bodyZh?.trim() ? notices.preview(values.bodyZh) : undefined,
          ru: values.bodyRu?.trim() ? notices.preview(values.bodyRu) : undefined,
          titleZh: values.titleZh,
          titleRu: values.titleRu,
        },
      },
      { form, section: 'notices' },
    );

  router.get('/console/notices/new', 'organizer', (call) =>
    Promise.resolve(
      editor(call, new FormState({ audience: 'public' }, FIELDS, translator, call.lang), {}),
    ),
  );

  router.post('/console/notices/new', 'organizer', async (call) => {
    const values = textFields(call.form, Object.keys(FIELDS));
    const form = new FormState(values, FIELDS, translator, call.lang);
    if (call.form._action === 'preview') return editor(call, form, values);
    const input = await validate(CreateNoticeDto, formToBody(values));
    if (!input.ok) return editor(call, form.addFieldErrors(input.errors), values);
    let created;
    try {
      created = await notices.create(call.caller, input.value);
    } catch (error) {
      return editor(call, form.refuse(refusalOf(error)), values);
    }
    return redirect(`/console/notices/${created.id}`, { key: 'noticeForm.saved' });
  });

  router.get('/console/notices/:id', 'organizer', async (call) => {
    const existing = await notices.get(call.params.id);
    const values = storedValues(existing);
    return editor(call, new FormState(values, FIELDS, translator, call.lang), values, existing);
  });

  router.post('/console/notices/:id', 'organizer', async (call) => {
    const existing = await notices.get(call.params.id);
    const values = textFields(call.form, Object.keys(FIELDS));
    const form = new FormState(values, FIELDS, translator, call.lang);
    if (call.form._action === 'preview') return editor(call, form, values, existing);
    const body = formToBody(values);
    // Emptied texts are cleared, as the API takes null.
    for (const name of TEXTS)
      if (values[name] !== undefined && !values[name].trim()) body[name] = null;
    if (existing.status !== 'draft') delete body.slug;
    const input = await validate(UpdateNoticeDto, body);
    if (!input.ok) return editor(call, form.addFieldErrors(input.errors), values, existing);
    try {
      await notices.update(call.caller, existing.id, input.value);
    } catch (error) {
      return editor(call, form.refuse(refusalOf(error)), values, existing);
    }
    return redirect(`/console/notices/${existing.id}`, { key: 'noticeForm.saved' });
  });

  for (const action of ['publish', 'archive'] as const) {
    router.post(`/console/notices/:id/${action}`, 'organizer', async (call) => {
      const existing = await notices.get(call.params.id);
      try {
        await notices[action](call.caller, existing.id);
      } catch (error) {
        // TRANSLATION_MISSING names the empty fields: the summary links to each.
        const values = storedValues(existing);
        const form = new FormState(values, FIELDS, translator, call.lang).refuse(refusalOf(error));
        return editor(call, form, values, existing);
      }
      return redirect(`/console/notices/${existing.id}`, {
        key: action === 'publish' ? 'noticeForm.published' : 'noticeForm.archived',
      });
    });
  }
}

function storedValues(n: NoticeDto): Record<string, string> {
  return {
    titleZh: n.titleZh ?? '',
    titleRu: n.titleRu ?? '',
    bodyZh: n.bodyZh ?? '',
    bodyRu: n.bodyRu ?? '',
    audience: n.audience,
    slug: n.slug,
    singleLanguage: n.singleLanguage ?? '',
  };
}
