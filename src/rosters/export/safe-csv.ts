import { stringify } from 'csv-stringify/sync';

/**
 * Characters that make a spreadsheet read a cell as a formula: OWASP's CSV injection list
 * (= + - @, tab and carriage return), and every character whose compatibility form (NFKC)
 * begins with one of = + - @, since spreadsheets and input methods fold them together:
 * full-width ＝＋－＠ (typed by Chinese input methods), small forms ﹦﹢﹣﹫, super- and
 * subscripts ⁺⁼₊₌, ⩵. Found from Unicode's own tables once at load, not listed by hand.
 */
export const FORMULA_LEADS: readonly string[] = [
  '\t',
  '\r',
  ...Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter(
    (char) => !/\p{Cs}/u.test(char) && '=+-@'.includes(char.normalize('NFKC')[0] ?? ''),
  ),
];

const LEAD_CLASS = FORMULA_LEADS.map((char) => `\\u{${char.codePointAt(0)!.toString(16)}}`).join(
  '',
);

/**
 * What may stand before a lead at the start of a cell and still leave it a formula:
 * quotes, spaces of every kind (NBSP, the ideographic space) and invisible format
 * characters (zero-width space, byte-order mark, word joiner), which a reader may drop.
 */
const GAP = '["\\p{Z}\\p{Cf}]*';

/**
 * Where a spreadsheet may start a cell inside one of our values: we write commas, but
 * Russian Excel splits on semicolons, an import dialog may split on tabs, and a quote
 * that does not open a field is taken literally. After any of these (and any gap), a
 * formula lead gets an apostrophe, so the cell is text however the line is split.
 */
const CELL_START_THEN_LEAD = new RegExp(`(?<=^|[,;\\t\\r\\n])(${GAP})(?=[${LEAD_CLASS}])`, 'gu');

/** Quoted: a value with a separator of any kind, a quote, a line break or a formula lead. */
const NEEDS_QUOTES = new RegExp(`[,;"'\\n${LEAD_CLASS}]`, 'u');

/** The value with every place a spreadsheet could start a formula turned into text. */
export function neutralizeFormulas(value: string): string {
  // Zero-width at each cell start, so a lead that is itself a separator (tab, CR) is
  // neutralized and then so is whatever follows it.
  return value.replace(CELL_START_THEN_LEAD, (gap: string) => `${gap}'`);
}

/**
 * Records as CSV (csv-stringify: RFC 4180 quoting and escaping), formulas neutralized
 * first, CRLF line ends as Excel writes them. Synchronous, a batch at a time: the stream
 * form cost a third more per row in its per-record hand-overs.
 */
export function safeCsv(records: readonly (readonly string[])[]): string {
  return stringify(records as string[][], {
    delimiter: ',',
    record_delimiter: 'windows',
    quoted_match: NEEDS_QUOTES,
    cast: { string: (value) => neutralizeFormulas(value) },
  });
}
