import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Caller } from '../common/auth/caller';
import { AppError, fieldError, FieldError } from '../common/errors/app-error';
import { toFieldErrors } from '../common/http/validation';
import { Language } from '../localization/language';
import { CreateParticipantDto, ImportResultDto } from './dto/participant.dto';
import { CsvError } from './import/csv';
import { resolveHeader, rowToInput } from './import/import-format';
import { detectFormat, importTemplate, readSheet, SheetRow } from './import/spreadsheet';
import { ZIP_LIMITS, ZipMalformedError, ZipTooLargeError } from './import/workbook-archive';
import { Upload } from './import/upload';
import { ParticipantLimits } from './participant-limits';
import { ImportRow, ParticipantsService } from './participants.service';

/** Far more than a school has; keeps one request's work bounded. */
export const MAX_IMPORT_ROWS = 10_000;

/** Spreadsheet files in and out: the template, and files of participants to import. */
@Injectable()
export class ParticipantImportService {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly limits: ParticipantLimits,
  ) {}

  template(lang: Language): Promise<Buffer> {
    return importTemplate(lang);
  }

  async import(
    caller: Caller,
    upload: Upload | undefined,
    dryRun: boolean,
  ): Promise<ImportResultDto> {
    await this.limits.import(caller);
    if (!upload || upload.data.length === 0) throw fieldError('file', 'REQUIRED');
    const [header, ...data] = await readRows(upload);
    if (!header) throw failed([{ field: 'file', code: 'NO_ROWS' }]);
    const { columns, errors } = resolveHeader(header.cells, header.number);
    if (errors.length) throw failed(errors);
    if (data.length === 0) throw failed([{ field: 'file', code: 'NO_ROWS' }]);
    if (data.length > MAX_IMPORT_ROWS) {
      throw failed([{ field: 'file', code: 'TOO_MANY_ROWS', params: { max: MAX_IMPORT_ROWS } }]);
    }
    const rows: ImportRow[] = [];
    for (const { number, cells } of data) {
      rows.push({ row: number, ...validateBody(rowToInput(columns, cells)) });
    }
    return this.participants.importRows(caller, rows, dryRun);
  }
}

async function readRows(upload: Upload): Promise<SheetRow[]> {
  const format = detectFormat(upload.data);
  if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  try {
    return await readSheet(format, upload.data);
  } catch (error) {
    if (error instanceof CsvError) throw failed([{ field: 'file', code: 'UNREADABLE_FILE' }]);
    if (error instanceof ZipTooLargeError) {
      throw failed([
        {
          field: 'file',
          code: 'ARCHIVE_TOO_LARGE',
          params: { entries: ZIP_LIMITS.entries, megabytes: ZIP_LIMITS.unpackedBytes / 2 ** 20 },
        },
      ]);
    }
    if (error instanceof ZipMalformedError) {
      throw failed([{ field: 'file', code: 'ARCHIVE_MALFORMED' }]);
    }
    // A zip that is not a workbook (a .docx, a damaged file) is not a spreadsheet we read.
    if (format === 'xlsx') throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    throw error;
  }
}

/**
 * Exactly what the global ValidationPipe does to a JSON body of `POST /api/participants`,
 * synchronously: the DTO has no asynchronous rules, and thousands of rows add up.
 */
function validateBody(body: Record<string, unknown>): {
  input?: CreateParticipantDto;
  errors: FieldError[];
} {
  const input = plainToInstance(CreateParticipantDto, body);
  const errors = toFieldErrors(
    validateSync(input, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: true, value: true },
    }),
  );
  return errors.length ? { errors } : { input, errors: [] };
}

function failed(errors: FieldError[]): AppError {
  return new AppError('IMPORT_FAILED', {}, errors);
}
