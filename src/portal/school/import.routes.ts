import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppError, FieldError } from '../../common/errors/app-error';
import { fieldErrorMessage } from '../../common/errors/error-body';
import { ImportDrafts } from '../../participants/import-drafts.service';
import { ParticipantImportService } from '../../participants/participant-import.service';
import { FormState, refusalOf } from '../forms';
import { page, PortalCall, redirect, SENT } from '../portal-page';
import { PortalRouter, UploadBody } from '../portal-router';

const LABELS = { file: 'import.file' };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `rows.7.guardianPhone` → row 7, column guardianPhone; other fields are about the file. */
const ROW_FIELD = /^rows\.(\d+)\.(.+)$/;

/**
 * The import of a spreadsheet of people: templates, an upload checked in a dry run that
 * lists every bad row (spreadsheet row, column, message), then "import these N people"
 * from the file kept for this session, all or nothing, without sending it again.
 */
export function registerSchoolImport(router: PortalRouter, app: NestFastifyApplication): void {
  const importer = app.get(ParticipantImportService, { strict: false });
  const drafts = app.get(ImportDrafts, { strict: false });
  const { translator } = router;

  const show = (call: PortalCall, problem?: AppError) => {
    const form = new FormState({}, LABELS, translator, call.lang);
    const rows: { row: number; column: string; message: string }[] = [];
    if (problem) {
      const fileErrors: FieldError[] = [];
      for (const error of problem.fieldErrors ?? []) {
        const match = ROW_FIELD.exec(error.field);
        if (!match) {
          fileErrors.push({ ...error, field: 'file' });
          continue;
        }
        rows.push({
          row: Number(match[1]),
          column: importer.columnLabel(match[2], call.lang),
          message: fieldErrorMessage(translator, call.lang, error),
        });
      }
      if (rows.length) {
        // One line in the summary for the table below, linked to the file to send again.
        fileErrors.unshift({
          field: 'file',
          code: 'IMPORT_ROWS_FAILED',
          messageKey: 'portal.import.rowsFailed',
          params: { errors: rows.length, rows: new Set(rows.map((r) => r.row)).size },
        });
      }
      if (fileErrors.length) form.addFieldErrors(fileErrors);
      else form.refuse(problem);
    }
    const draft = problem ? undefined : call.request.session.get('importDraft');
    return page(
      'school/import',
      { key: 'import.title' },
      { rows, draft, templates: ['zh', 'ru'] },
      { form, section: 'import' },
    );
  };

  router.get('/school/import', 'school_coordinator', (call) => Promise.resolve(show(call)));

  router.get('/school/import/template', 'school_coordinator', async (call) => {
    const file = await importer.template(call.lang);
    void call.reply
      .header('content-type', XLSX)
      .header(
        'content-disposition',
        `attachment; filename="participants-template-${call.lang}.xlsx"`,
      )
      .send(file);
    return SENT;
  });

  router.post(
    '/school/import',
    'school_coordinator',
    async (call) => {
      const body = call.request.body as UploadBody;
      if (body.problem) {
        return show(
          call,
          fileProblem(body.problem === 'PAYLOAD_TOO_LARGE' ? 'tooLarge' : 'malformed'),
        );
      }
      const upload = body.file && body.file.data.length > 0 ? body.file : undefined;
      if (!upload) return show(call, fileProblem('fileRequired'));
      try {
        const checked = await importer.import(call.caller, upload, true);
        await dropDraft(call);
        const id = await drafts.keep(call.caller, upload);
        call.request.session.set('importDraft', {
          id,
          count: checked.imported,
          filename: upload.filename.slice(0, 120),
        });
        return redirect('/school/import', {
          key: 'import.checked',
          params: { count: checked.imported },
        });
      } catch (error) {
        // Neither xlsx nor csv: the API's words name a media type, a teacher's a file kind.
        if (error instanceof AppError && error.code === 'UNSUPPORTED_MEDIA_TYPE') {
          return show(call, fileProblem('unsupported'));
        }
        return show(call, refusalOf(error));
      }
    },
    { multipart: true },
  );

  router.post('/school/import/confirm', 'school_coordinator', async (call) => {
    const draft = call.request.session.get('importDraft');
    const upload =
      draft && draft.id === call.form.draftId
        ? await drafts.find(call.caller, draft.id)
        : undefined;
    if (!draft || !upload) {
      call.request.session.set('importDraft', undefined);
      return show(call, new AppError('IMPORT_DRAFT_EXPIRED'));
    }
    try {
      const result = await importer.import(call.caller, upload, false);
      await dropDraft(call);
      return redirect('/school/people', {
        key: 'import.imported',
        params: { count: result.imported },
      });
    } catch (error) {
      // The people as they are now refuse the file (a passport registered meanwhile).
      await dropDraft(call);
      return show(call, refusalOf(error));
    }
  });

  router.post('/school/import/cancel', 'school_coordinator', async (call) => {
    await dropDraft(call);
    return redirect('/school/import', { key: 'import.cancelled' });
  });

  async function dropDraft(call: PortalCall): Promise<void> {
    const draft = call.request.session.get('importDraft');
    if (draft) await drafts.drop(draft.id);
    call.request.session.set('importDraft', undefined);
  }
}

/** A problem with the file as a whole, in the import page's own words. */
function fileProblem(key: 'tooLarge' | 'malformed' | 'fileRequired' | 'unsupported'): AppError {
  return new AppError('VALIDATION_FAILED', {}, [
    { field: 'file', code: 'INVALID', messageKey: `portal.import.${key}` },
  ]);
}
