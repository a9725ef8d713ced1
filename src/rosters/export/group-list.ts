import ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import { safeCsv } from './safe-csv';
import { Language } from '../../localization/language';
import { BLAGOVESHCHENSK_ZONE, HEIHE_ZONE, readableTime } from '../../localization/local-times';
import { ListedPerson, SchoolNames, Audience } from '../roster-view';

/** What the header block of a group list says about the delegation and the version. */
export interface GroupListInfo {
  titleZh: string;
  titleRu: string;
  direction: 'CN_TO_RU' | 'RU_TO_CN';
  departureDate: string;
  returnDate: string;
  host: { nameZh: string; nameRu: string };
  organizer: { nameZh: string; nameRu: string };
  contact: string;
  version: number;
  hash: string;
  lockedAt: Date;
}

export type Translate = (lang: Language, key: string) => string;

/** The cells of a group list, without the file format: header block, column headers, rows. */
export interface GroupListLayout {
  preamble: string[][];
  /** One row of column headers per language. */
  headers: string[][];
  row(person: ListedPerson): string[];
}

type Column = { label: string; value: (p: ListedPerson) => string | null };

/**
 * The group list in one or both languages. Columns: number, role, family and given names
 * in native, Latin, Cyrillic and Chinese script (the partner's list starts with Cyrillic
 * and Latin), sex, birth date and place, nationality, passport number in full and expiry,
 * school. Dates stay `YYYY-MM-DD`; words that differ by language are joined with " / ".
 */
export function groupListLayout(
  t: Translate,
  langs: readonly Language[],
  audience: Audience,
  info: GroupListInfo,
  schools: SchoolNames,
): GroupListLayout {
  // A handful of labels repeat on every row: translate each once.
  const labels = new Map<string, string>();
  const both = (key: string) => {
    let label = labels.get(key);
    if (label === undefined) {
      label = langs.map((lang) => t(lang, key)).join(' / ');
      labels.set(key, label);
    }
    return label;
  };
  // Erased by the retention policy: the list says so rather than showing an empty cell.
  const erasedOr = (p: ListedPerson, value: string | null) =>
    p.erased ? both('roster.export.erased') : value;
  const byLang = (zh: string, ru: string) =>
    langs.map((lang) => (lang === 'zh' ? zh : ru)).join(' / ');
  const names: Record<string, Column[]> = {
    native: [
      { label: 'roster.fields.familyName', value: (p) => p.familyName },
      { label: 'roster.fields.givenName', value: (p) => p.givenName },
    ],
    latin: [
      { label: 'roster.fields.latinFamily', value: (p) => p.latinFamily },
      { label: 'roster.fields.latinGiven', value: (p) => p.latinGiven },
    ],
    cyrillic: [
      { label: 'roster.fields.cyrillicFamily', value: (p) => p.cyrillicFamily },
      { label: 'roster.fields.cyrillicGiven', value: (p) => p.cyrillicGiven },
    ],
    chinese: [
      { label: 'roster.fields.chineseFamily', value: (p) => p.chineseFamily },
      { label: 'roster.fields.chineseGiven', value: (p) => p.chineseGiven },
    ],
  };
  const scripts =
    audience === 'partner'
      ? ['cyrillic', 'latin', 'native', 'chinese']
      : ['native', 'latin', 'cyrillic', 'chinese'];
  const columns: Column[] = [
    { label: 'roster.export.number', value: (p) => String(p.position) },
    { label: 'roster.fields.kind', value: (p) => both(`roster.kind.${p.kind}`) },
    ...scripts.flatMap((script) => names[script]),
    { label: 'roster.fields.gender', value: (p) => both(`roster.gender.${p.gender}`) },
    {
      label: 'roster.fields.birthDate',
      value: (p) =>
        p.erased ? `${p.birthDate.slice(0, 4)} (${both('roster.export.erased')})` : p.birthDate,
    },
    { label: 'roster.fields.birthPlace', value: (p) => erasedOr(p, p.birthPlace) },
    {
      label: 'roster.fields.nationality',
      value: (p) => both(`roster.nationality.${p.nationality}`),
    },
    { label: 'roster.fields.passportNumber', value: (p) => erasedOr(p, p.passportNumber) },
    { label: 'roster.fields.passportExpiry', value: (p) => erasedOr(p, p.passportExpiry) },
    {
      label: 'roster.export.school',
      value: (p) => {
        const school = schools.get(p.schoolId);
        return school ? byLang(school.nameZh, school.nameRu) : '';
      },
    },
  ];
  return {
    preamble: [
      [both('roster.export.title')],
      [both('roster.export.delegation'), byLang(info.titleZh, info.titleRu)],
      [both('roster.export.direction'), both(`roster.direction.${info.direction}`)],
      [both('roster.export.dates'), `${info.departureDate} — ${info.returnDate}`],
      [both('roster.export.crossing'), both(`roster.crossing.${info.direction}`)],
      [both('roster.export.host'), byLang(info.host.nameZh, info.host.nameRu)],
      [both('roster.export.organizer'), byLang(info.organizer.nameZh, info.organizer.nameRu)],
      [both('roster.export.contact'), info.contact],
      [both('roster.export.version'), String(info.version)],
      [both('roster.export.hash'), info.hash],
      [
        both('roster.export.lockedAt'),
        `${readableTime(info.lockedAt, HEIHE_ZONE)} / ${readableTime(info.lockedAt, BLAGOVESHCHENSK_ZONE)}`,
      ],
      [],
    ],
    headers: langs.map((lang) => columns.map((column) => t(lang, column.label))),
    row: (person) => columns.map((column) => column.value(person) ?? ''),
  };
}

/**
 * An .xlsx written as the rows come: exceljs's streaming writer commits each row into the
 * zip stream, so a long list never sits in memory as a whole workbook.
 */
export function xlsxStream(
  layout: GroupListLayout,
  batches: AsyncIterable<ListedPerson[]>,
  sheetName: string,
): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  const write = async () => {
    const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
    for (const line of layout.preamble) sheet.addRow(line).commit();
    for (const header of layout.headers) {
      const row = sheet.addRow(header);
      row.font = { bold: true };
      row.commit();
    }
    for await (const batch of batches) {
      // A client gone away stops the reading; a slow one is waited for between batches.
      if (output.destroyed) return;
      for (const person of batch) sheet.addRow(layout.row(person)).commit();
      await drained(output);
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => output.destroy(error as Error));
  return output;
}

function drained(stream: PassThrough): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/**
 * CSV in UTF-8 with a byte-order mark, so that Excel opens Chinese and Cyrillic as such,
 * and CRLF line ends. Names and places are typed by schools, so no cell may run as a
 * formula however a spreadsheet splits the line (see safe-csv.ts).
 */
export function csvStream(
  layout: GroupListLayout,
  batches: AsyncIterable<ListedPerson[]>,
): Readable {
  async function* chunks() {
    yield `\uFEFF${safeCsv([...layout.preamble, ...layout.headers])}`;
    for await (const batch of batches) yield safeCsv(batch.map((person) => layout.row(person)));
  }
  // A read that fails mid-export destroys the stream, and so the response, with it.
  return Readable.from(chunks());
}
