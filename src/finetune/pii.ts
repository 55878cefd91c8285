/** Kinds of personal data the scan looks for before data leaves the machine. */
export type PiiKind = "email" | "phone" | "card" | "iban" | "ssn";

export const PII_LABELS: Record<PiiKind, string> = {
  email: "email address",
  phone: "phone number",
  card: "payment card number",
  iban: "IBAN",
  ssn: "US social security number",
};

export interface PiiFinding {
  kind: PiiKind;
  count: number;
  /** First line numbers (1-based), up to 5. */
  lines: number[];
  /** Distinct lines it was found on. */
  lineCount: number;
  /** The first match, partly masked, so the person can see what was found. */
  sample: string;
}

export interface PiiReport {
  total: number;
  findings: PiiFinding[];
}

/** True when the digits pass the Luhn checksum (every payment card number does). */
export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 = 1. */
export function ibanValid(iban: string): boolean {
  const compact = iban.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g;
// International (+..), grouped with separators, or a bare 10-11 digit national number (0..., or a
// Chinese mobile 1[3-9]...). Dates and plain counts do not match: they have too few digits.
const PHONE =
  /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}|\(\d{2,4}\)[ .-]?\d{2,4}(?:[ .-]\d{2,4}){1,3}|\d{2,4}(?:[ .-]\d{2,4}){2,4}|0\d{9,10}|1[3-9]\d{9})(?!\w)/g;

function mask(text: string): string {
  if (text.length <= 4) return "*".repeat(text.length);
  return `${text.slice(0, 2)}${"*".repeat(Math.max(1, text.length - 4))}${text.slice(-2)}`;
}

const digitsOf = (s: string) => s.replace(/\D/g, "");

/** Finds likely personal data, line by line. A heuristic: it informs the confirmation, it never blocks. */
export function scanPii(text: string): PiiReport {
  const found = new Map<PiiKind, PiiFinding>();
  const lastLine = new Map<PiiKind, number>();
  const add = (kind: PiiKind, line: number, match: string) => {
    let f = found.get(kind);
    if (!f) {
      f = { kind, count: 0, lines: [], lineCount: 0, sample: mask(match) };
      found.set(kind, f);
    }
    f.count++;
    if (lastLine.get(kind) !== line) {
      lastLine.set(kind, line);
      f.lineCount++;
      if (f.lines.length < 5) f.lines.push(line);
    }
  };
  text.split(/\r?\n/).forEach((row, i) => {
    const line = i + 1;
    // What one kind claims, another does not count again.
    let rest = row;
    const claim = (re: RegExp, kind: PiiKind, ok: (m: string) => boolean) => {
      rest = rest.replace(re, (m) => {
        if (!ok(m)) return m;
        add(kind, line, m);
        return " ".repeat(m.length);
      });
    };
    claim(EMAIL, "email", () => true);
    claim(IBAN, "iban", ibanValid);
    claim(CARD, "card", (m) => {
      const d = digitsOf(m);
      return d.length >= 13 && d.length <= 19 && luhn(d);
    });
    claim(SSN, "ssn", () => true);
    claim(PHONE, "phone", (m) => {
      const d = digitsOf(m);
      if (/^\d{4}[-.]\d{2}[-.]\d{2}$/.test(m.trim())) return false; // an ISO date
      return d.length >= 9 && d.length <= 15;
    });
  });
  const findings = [...found.values()];
  return { total: findings.reduce((a, f) => a + f.count, 0), findings };
}

/** One line per kind, e.g. `2 email addresses (lines 3, 9)`; "none found" when clean. */
export function describePii(report: PiiReport): string[] {
  if (report.total === 0) return ["none found"];
  return report.findings.map((f) => {
    const label = PII_LABELS[f.kind];
    const plural =
      f.count === 1
        ? label
        : label.replace(/(address|number|IBAN)$/, (w) => `${w}${w.endsWith("s") ? "es" : "s"}`);
    const lines = `${f.lines.length === 1 ? "line" : "lines"} ${f.lines.join(", ")}${f.lineCount > f.lines.length ? ", ..." : ""}`;
    return `${f.count} ${plural} (${lines}; e.g. ${f.sample})`;
  });
}
