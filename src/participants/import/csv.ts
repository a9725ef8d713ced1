/** A CSV file that cannot be split into records (an unterminated quoted field). */
export class CsvError extends Error {}

/**
 * The separator of a file: a semicolon when the header line has more of them than commas
 * (Excel writes `;` where the decimal mark is a comma, as in Russian), otherwise a comma.
 */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === ',') commas++;
    else if (char === ';') semicolons++;
    else if (char === '\n' || char === '\r') break;
  }
  return semicolons > commas ? ';' : ',';
}

/** One record of a CSV file, as wide as the reader asked for. */
export interface CsvRecord {
  /** The first fields, at most as many as asked for. */
  fields: string[];
  /** Whether a field past those holds more than spaces. */
  wider: boolean;
}

/**
 * RFC 4180 records: fields optionally in double quotes (`""` is a quote inside), records
 * ending in CRLF, LF or CR, a leading byte-order mark ignored. A blank line is a record
 * with one empty field, so record numbers stay the line numbers a spreadsheet shows.
 */
export function parseCsv(input: string): string[][] {
  return Array.from(csvRecords(input), (record) => record.fields);
}

/**
 * The records of `parseCsv` one at a time, each kept to its first `maxFields` fields: a
 * reader that stops early, or a line of millions of separators, holds no more than that.
 */
export function* csvRecords(input: string, maxFields = Infinity): Generator<CsvRecord> {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  let fields: string[] = [];
  let wider = false;
  let field = '';
  let quoted = false;
  let fieldStart = true;
  const endField = () => {
    if (fields.length < maxFields) fields.push(field);
    else if (field.trim() !== '') wider = true;
    field = '';
    fieldStart = true;
  };
  const endRecord = (): CsvRecord => {
    endField();
    const record = { fields, wider };
    fields = [];
    wider = false;
    return record;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
      continue;
    }
    if (char === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (char === delimiter) {
      endField();
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      yield endRecord();
    } else {
      field += char;
      fieldStart = false;
    }
  }
  if (quoted) throw new CsvError('A quoted field is not closed.');
  if (!fieldStart || fields.length > 0 || wider) yield endRecord();
}
