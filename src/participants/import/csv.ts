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

/**
 * RFC 4180 records: fields optionally in double quotes (`""` is a quote inside), records
 * ending in CRLF, LF or CR, a leading byte-order mark ignored. A blank line is a record
 * with one empty field, so record numbers stay the line numbers a spreadsheet shows.
 */
export function parseCsv(input: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStart = true;
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
      record.push(field);
      field = '';
      fieldStart = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStart = true;
    } else {
      field += char;
      fieldStart = false;
    }
  }
  if (quoted) throw new CsvError('A quoted field is not closed.');
  if (!fieldStart || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
