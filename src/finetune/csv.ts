/** A CSV problem with the 1-based line it starts on. */
export class CsvError extends Error {
  override readonly name = "CsvError";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CsvRecord {
  /** 1-based line the record starts on (a quoted field may span lines). */
  line: number;
  fields: string[];
}

/**
 * RFC 4180: fields separated by commas, records by CRLF or LF; a field in double quotes may hold
 * commas, line breaks and doubled quotes (""). A UTF-8 BOM is dropped; a final line break is
 * optional; blank lines are skipped. Strict about quotes: text after a closing quote, or a quote
 * inside an unquoted field, is an error naming the line.
 */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let afterQuote = false;
  let fieldStarted = false;
  let sawQuote = false;

  const endField = () => {
    fields.push(field);
    field = "";
    afterQuote = false;
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === "" && !sawQuote)) records.push({ line: recordLine, fields });
    fields = [];
    sawQuote = false;
  };

  while (i < source.length) {
    const ch = source[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        afterQuote = true;
        i++;
        continue;
      }
      if (ch === "\n") line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === ",") {
      endField();
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && source[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (afterQuote) throw new CsvError(line, `unexpected ${JSON.stringify(ch)} after a closing quote`);
    if (ch === '"') {
      if (fieldStarted) throw new CsvError(line, "a quote inside an unquoted field (quote the whole field)");
      quoted = true;
      sawQuote = true;
      fieldStarted = true;
      i++;
      continue;
    }
    field += ch;
    fieldStarted = true;
    i++;
  }
  if (quoted) throw new CsvError(recordLine, "a quoted field is never closed");
  if (fieldStarted || afterQuote || fields.length > 0) endRecord();
  return records;
}

/** Rows of a CSV with a header line, as objects keyed by the (trimmed, lower-cased) column names. */
export function parseCsvObjects(text: string): { line: number; row: Record<string, string> }[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const names = header.fields.map((name) => name.trim().toLowerCase());
  return rows.map(({ line, fields }) => {
    if (fields.length !== names.length) {
      throw new CsvError(line, `expected ${names.length} fields as in the header, found ${fields.length}`);
    }
    return { line, row: Object.fromEntries(names.map((name, i) => [name, fields[i] ?? ""])) };
  });
}
