import { describe, expect, it } from "vitest";
import { describePii, ibanValid, luhn, scanPii } from "../../src/finetune/index.js";

const kinds = (text: string) => Object.fromEntries(scanPii(text).findings.map((f) => [f.kind, f.count]));

describe("personal data scan", () => {
  it("Luhn and IBAN checksums", () => {
    expect(luhn("4111111111111111")).toBe(true);
    expect(luhn("4111111111111112")).toBe(false);
    expect(ibanValid("DE89 3704 0044 0532 0130 00")).toBe(true);
    expect(ibanValid("DE89 3704 0044 0532 0130 01")).toBe(false);
    expect(ibanValid("GB82WEST12345698765432")).toBe(true);
  });

  it("finds emails, phone numbers, card numbers, IBANs and SSNs", () => {
    expect(kinds("mail me at jane.doe+shop@example.co.uk please")).toEqual({ email: 1 });
    expect(kinds("call +31 20 555 0142 or (212) 555-0199")).toEqual({ phone: 2 });
    expect(kinds("我的手机是13812345678")).toEqual({ phone: 1 });
    expect(kinds("card 4111 1111 1111 1111, exp 12/29")).toEqual({ card: 1 });
    expect(kinds("IBAN DE89 3704 0044 0532 0130 00")).toEqual({ iban: 1 });
    expect(kinds("SSN 123-45-6789")).toEqual({ ssn: 1 });
  });

  it("leaves ordinary numbers alone", () => {
    expect(kinds("order 12345 shipped on 2024-05-13, total 1299.00, 3 items")).toEqual({});
    // 16 digits failing Luhn are not a card number
    expect(kinds("tracking 4111 1111 1111 1112")).toEqual({});
    expect(kinds("refunds within 7 business days; call 911")).toEqual({});
    expect(kinds('{"category":"billing","priority":"high"}')).toEqual({});
  });

  it("reports counts, first line numbers and a masked sample", () => {
    const text = ["a@b.io", "nothing", "c@d.io and e@f.io", "4111111111111111"].join("\n");
    const report = scanPii(text);
    expect(report.total).toBe(4);
    expect(report.findings.find((f) => f.kind === "email")).toMatchObject({ count: 3, lines: [1, 3] });
    expect(report.findings.find((f) => f.kind === "card")?.sample).toBe("41************11");
    expect(describePii(report)).toEqual([
      "3 email addresses (lines 1, 3; e.g. a@**io)",
      "1 payment card number (line 4; e.g. 41************11)",
    ]);
    expect(describePii(scanPii("clean"))).toEqual(["none found"]);
  });
});
