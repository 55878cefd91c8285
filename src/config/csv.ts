// RFC 4180 CSV, parsed incrementally so a file of any size streams through in chunks: case files
// (config/case-files.ts) and fine-tuning datasets (finetune/) read it here.

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
 * Fields separated by commas, records by CRLF or LF; a field in double quotes may hold commas,
 * line breaks and doubled quotes (""). A UTF-8 BOM is dropped; a final line break is optional;
 * blank lines are skipped. Strict about quotes: text after a closing quote, or a quote inside an
 * unquoted field, is an error naming the line. `push` text in pieces, then `end`.
 */
export class CsvParser {
  private fields: string[] = [];
  private field = "";
  private line = 1;
  private recordLine = 1;
  private quoted = false;
  private afterQuote = false;
  private fieldStarted = false;
  private sawQuote = false;
  private started = false;
  /** A last character that needs the next one to be read (`"` of `""`, `\r` of `\r\n`). */
  private held = "";
  private out: CsvRecord[] = [];

  push(chunk: string): CsvRecord[] {
    let text = this.held + chunk;
    this.held = "";
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.startsWith("\uFEFF")) text = text.slice(1);
    }
    this.scan(text, false);
    return this.take();
  }

  end(): CsvRecord[] {
    const rest = this.held;
    this.held = "";
    this.scan(rest, true);
    if (this.quoted) throw new CsvError(this.recordLine, "a quoted field is never closed");
    if (this.fieldStarted || this.afterQuote || this.fields.length > 0) this.endRecord();
    return this.take();
  }

  private take(): CsvRecord[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = "";
    this.afterQuote = false;
    this.fieldStarted = false;
  }

  private endRecord(): void {
    this.endField();
    if (!(this.fields.length === 1 && this.fields[0] === "" && !this.sawQuote))
      this.out.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.sawQuote = false;
  }

  /** `final`: no more text follows; else a `"` or `\r` that ends the text waits for the next piece. */
  private scan(source: string, final: boolean): void {
    let i = 0;
    while (i < source.length) {
      const ch = source[i] as string;
      if (!final && i === source.length - 1 && (ch === '"' || ch === "\r")) {
        this.held = ch;
        return;
      }
      if (this.quoted) {
        if (ch === '"') {
          if (source[i + 1] === '"') {
            this.field += '"';
            i += 2;
            continue;
          }
          this.quoted = false;
          this.afterQuote = true;
          i++;
          continue;
        }
        if (ch === "\n") this.line++;
        this.field += ch;
        i++;
        continue;
      }
      if (ch === ",") {
        this.endField();
        i++;
        continue;
      }
      if (ch === "\r" || ch === "\n") {
        this.endRecord();
        i += ch === "\r" && source[i + 1] === "\n" ? 2 : 1;
        this.line++;
        this.recordLine = this.line;
        continue;
      }
      if (this.afterQuote)
        throw new CsvError(this.line, `unexpected ${JSON.stringify(ch)} after a closing quote`);
      if (ch === '"') {
        if (this.fieldStarted)
          throw new CsvError(this.line, "a quote inside an unquoted field (quote the whole field)");
        this.quoted = true;
        this.sawQuote = true;
        this.fieldStarted = true;
        i++;
        continue;
      }
      this.field += ch;
      this.fieldStarted = true;
      i++;
    }
  }
}

/** All records of a CSV text. */
export function parseCsv(text: string): CsvRecord[] {
  const parser = new CsvParser();
  return [...parser.push(text), ...parser.end()];
}

/** A record as an object keyed by the header's names, or why it is not one. */
export type CsvRow = { line: number; row: Record<string, string> } | { line: number; error: string };

/** Turns records into objects keyed by the header's column names (trimmed; lower-cased unless told). */
export class CsvObjects {
  private names: string[] | null = null;
  /** The header's column names and line, once read. */
  header: { line: number; names: readonly string[] } | null = null;

  constructor(private readonly lowerCase = true) {}

  /**
   * A record with the wrong number of fields is an error row, not a thrown error: the records
   * after it are whole (the parser found their ends), so every such row can be named at once.
   */
  rows(records: readonly CsvRecord[]): CsvRow[] {
    const rows: CsvRow[] = [];
    for (const { line, fields } of records) {
      if (!this.names) {
        this.names = fields.map((name) => (this.lowerCase ? name.trim().toLowerCase() : name.trim()));
        // A column named twice would silently lose one of its cells.
        const twice = this.names.find((name, i) => this.names?.indexOf(name) !== i);
        if (twice !== undefined) throw new CsvError(line, `the header names the column "${twice}" twice`);
        this.header = { line, names: this.names };
        continue;
      }
      const names = this.names;
      if (fields.length !== names.length)
        rows.push({
          line,
          error: `expected ${names.length} fields as in the header, found ${fields.length}`,
        });
      else rows.push({ line, row: Object.fromEntries(names.map((name, i) => [name, fields[i] ?? ""])) });
    }
    return rows;
  }
}

/** Rows of a CSV with a header line, as objects keyed by the (trimmed, lower-cased) column names. */
export function parseCsvObjects(text: string): { line: number; row: Record<string, string> }[] {
  return new CsvObjects().rows(parseCsv(text)).map((r) => {
    if ("error" in r) throw new CsvError(r.line, r.error);
    return r;
  });
}
