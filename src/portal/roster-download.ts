import { AppError } from '../common/errors/app-error';
import { Language } from '../localization/language';
import { EXPORT_FORMATS, ExportFormat } from '../rosters/dto/roster.dto';
import { RosterExports } from '../rosters/roster-export.service';
import { PortalCall, SENT, SentOutcome } from './portal-page';

const EXPORT_LANGS: Record<string, Language[]> = { zh: ['zh'], ru: ['ru'], both: ['zh', 'ru'] };

/**
 * The group list of a roster's current version as a download (`?format=xlsx|csv`,
 * `?lang=zh|ru|both`): full passport numbers, so the service records it before the
 * first byte. Anything else asked for is the 404 page, no file.
 */
export async function sendRosterDownload(
  call: PortalCall,
  exports: RosterExports,
  audience: 'organizer' | 'partner',
  defaultLang: string,
): Promise<SentOutcome> {
  const format = String(call.query.format ?? 'xlsx');
  const langs = EXPORT_LANGS[String(call.query.lang ?? defaultLang)];
  if (!(EXPORT_FORMATS as readonly string[]).includes(format) || !langs) {
    throw new AppError('NOT_FOUND');
  }
  const file = await exports.export(
    call.caller,
    call.params.id,
    format as ExportFormat,
    langs,
    audience,
  );
  void call.reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .send(file.stream);
  return SENT;
}
