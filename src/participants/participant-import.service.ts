import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Caller } from '../common/auth/caller';
import { AppError, fieldError, FieldError } from '../common/errors/app-error';
import { toFieldErrors } from '../common/http/validation';
import { Language } from '../localization/language';
import { CreateParticipantDto, ImportResultDto } from './dto/participant.dto';
import { CsvError } from './import/csv';
import { IMPORT_COLUMNS, resolveHeader, rowToInput } from './import/import-format';
import {
  detectFormat,
  HeaderTooWideError,
  importTemplate,
  MAX_HEADER_COLUMNS,
  readSheet,
  SheetRow,
} from './import/spreadsheet';
import { ZIP_LIMITS, ZipMalformedError, ZipTooLargeError } from './import/workbook-archive';
import { Upload } from './import/upload';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Ctx, Transactions } from '../database/transactions';
import { columnOf, spreadsheetWordError } from './import/import-format';
import { ParticipantLimits } from './participant-limits';
import { ParticipantWriter } from './participant-writer';
import { Participant } from './participant.entity';
import { PassportClaim, PassportConflictsService } from './passport-conflicts.service';
import { randomUUID } from 'node:crypto';

/** Far more than a school has; keeps one request's work bounded. */
export const MAX_IMPORT_ROWS = 10_000;

/**
 * Header errors reported at most, then one that counts the rest: a header is at most
 * MAX_HEADER_COLUMNS wide, but a list of every cell of it helps no one.
 */
export const MAX_HEADER_ERRORS = 30;

/** Rows per multi-row insert and hashes per duplicate query in an import. */
const IMPORT_BATCH_SIZE = 500;

/** One data row of an import file: its spreadsheet row number, its body, its errors so far. */
export interface ImportRow {
  row: number;
  /** Absent when the row failed validation as a body. */
  input?: CreateParticipantDto;
  /** Fields as in the API body (`guardian.phone`). */
  errors: FieldError[];
}

/** Spreadsheet files in and out: the template, and files of participants to import. */
@Injectable()
export class ParticipantImportService {
  constructor(
    @InjectRepository(Participant) private readonly participants: Repository<Participant>,
    private readonly limits: ParticipantLimits,
    private readonly writer: ParticipantWriter,
    private readonly passports: PassportConflictsService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  template(lang: Language): Promise<Buffer> {
    return importTemplate(lang);
  }

  /** A column an import error names (`guardianPhone`, or a letter) as the template heads it. */
  columnLabel(column: string, lang: Language): string {
    return IMPORT_COLUMNS.find((c) => c.field === column)?.[lang] ?? column;
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
    if (errors.length) throw failed(firstErrors(errors, MAX_HEADER_ERRORS));
    if (data.length === 0) throw failed([{ field: 'file', code: 'NO_ROWS' }]);
    if (data.length > MAX_IMPORT_ROWS) {
      throw failed([{ field: 'file', code: 'TOO_MANY_ROWS', params: { max: MAX_IMPORT_ROWS } }]);
    }
    const rows: ImportRow[] = [];
    for (const { number, cells } of data) {
      rows.push({ row: number, ...validateBody(rowToInput(columns, cells)) });
    }
    return this.importRows(caller, rows, dryRun);
  }

  /**
   * The importer's rows, all saved in one transaction or none. Each row carries the errors
   * its validation found; this adds the rules of `create`, and duplicate passports within
   * the rows and against every school's stored ones, checked a batch of hashes per query.
   */
  private async importRows(
    caller: Caller,
    rows: ImportRow[],
    dryRun: boolean,
  ): Promise<ImportResultDto> {
    const prepared: {
      row: ImportRow;
      entity: Participant;
      claim?: PassportClaim;
      holderId?: string;
    }[] = [];
    for (const row of rows) {
      if (!row.input) continue;
      const entity = this.participants.create({
        id: randomUUID(),
        schoolId: caller.organizationId,
        version: 1,
      });
      const { errors, claim } = this.writer.assign(entity, row.input, undefined);
      row.errors.push(...errors);
      prepared.push({ row, entity, claim });
    }
    const rowsByHash = new Map<string, ImportRow[]>();
    for (const { row, entity } of prepared) {
      if (!entity.passportHash) continue;
      rowsByHash.set(entity.passportHash, [...(rowsByHash.get(entity.passportHash) ?? []), row]);
    }
    for (const same of rowsByHash.values()) {
      if (same.length < 2) continue;
      for (const row of same) {
        const others = same.filter((other) => other !== row).map((other) => other.row);
        row.errors.push({
          field: 'passportNumber',
          code: 'DUPLICATE_IN_FILE',
          params: { rows: others.join(', ') },
        });
      }
    }

    // As for one participant (see apply): a collision with another school is not reported.
    const judge = async (ctx: Ctx) => {
      const claimed = prepared.filter((p) => p.claim);
      const verdicts = await this.passports.judge(
        ctx,
        claimed.map((p) => p.claim!),
      );
      claimed.forEach((p, i) => {
        const verdict = verdicts[i];
        p.holderId = undefined;
        p.entity.passportHash = p.claim!.hash;
        if (verdict.kind === 'duplicate') {
          p.row.errors.push({ field: 'passportNumber', code: 'DUPLICATE_PASSPORT' });
        } else if (verdict.kind === 'collision') {
          p.holderId = verdict.holderId;
          p.entity.passportHash = null;
        }
      });
    };
    const collisions = () =>
      prepared.flatMap((p) =>
        p.holderId ? [{ participantId: p.entity.id, holderId: p.holderId }] : [],
      );

    if (dryRun || rows.some((row) => row.errors.length)) {
      // Nothing is saved; what the numbers touched is still on record, as a probe's would be.
      await judge(this.transactions.read(caller));
      const probed = collisions().map((c) => c.holderId);
      if (probed.length) {
        await this.transactions.run(caller, (tx) => this.passports.recordProbe(tx, probed));
      }
      if (rows.some((row) => row.errors.length)) throw importFailed(rows);
      return { imported: prepared.length, dryRun: true };
    }
    return this.writer.retryingPassportRace(() =>
      this.transactions.run(caller, async (tx) => {
        const m = tx.manager;
        await judge(tx);
        if (rows.some((row) => row.errors.length)) throw importFailed(rows);
        for (const batch of chunks(prepared, IMPORT_BATCH_SIZE)) {
          await m
            .createQueryBuilder()
            .insert()
            .into(Participant)
            .values(batch.map((p) => ({ ...p.entity })))
            .updateEntity(false)
            .execute();
        }
        await this.audit.record(tx, {
          action: 'import',
          entityType: 'participant',
          entityId: caller.organizationId,
          changedFields: [`rows:${prepared.length}`],
        });
        await this.passports.open(tx, collisions());
        return { imported: prepared.length, dryRun: false };
      }),
    );
  }
}

async function readRows(upload: Upload): Promise<SheetRow[]> {
  const format = detectFormat(upload.data);
  if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  try {
    return await readSheet(format, upload.data, {
      rows: MAX_IMPORT_ROWS,
      columns: MAX_HEADER_COLUMNS,
    });
  } catch (error) {
    if (error instanceof HeaderTooWideError) {
      throw failed([
        {
          field: `rows.${error.row}`,
          code: 'HEADER_TOO_WIDE',
          params: { max: MAX_HEADER_COLUMNS },
        },
      ]);
    }
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

/** The first `max` errors, and one that says how many more there are. */
function firstErrors(errors: FieldError[], max: number): FieldError[] {
  if (errors.length <= max) return errors;
  return [
    ...errors.slice(0, max),
    { field: 'file', code: 'MORE_ERRORS', params: { count: errors.length - max } },
  ];
}

function failed(errors: FieldError[]): AppError {
  return new AppError('IMPORT_FAILED', {}, errors);
}

/** Every row's errors as `rows.<row>.<column>`, the columns named as in the file. */
function importFailed(rows: ImportRow[]): AppError {
  const errors = rows.flatMap((row) =>
    row.errors.map((error) => ({
      ...spreadsheetWordError(error),
      field: `rows.${row.row}.${columnOf(error.field)}`,
    })),
  );
  return new AppError('IMPORT_FAILED', {}, errors);
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
