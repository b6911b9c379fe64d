import { describe, expect, it } from "vitest";
import { withheldKindOfField, withholdIdentifiers, withholdInText } from "../../src/domain/withheld-identifiers.js";

describe("identifiers withheld from access packages", () => {
  it.each([
    ["ssn", "government_id"],
    ["SSN", "government_id"],
    ["social_security_number", "government_id"],
    ["passportNumber", "government_id"],
    ["drivers_license", "government_id"],
    ["bank_account_number", "financial_account"],
    ["creditCardNumber", "financial_account"],
    ["IBAN", "financial_account"],
    ["routing_number", "financial_account"],
    ["health_insurance_id", "medical_id"],
    ["password_hash", "password"],
    ["PIN", "password"],
    ["security_answer", "security_question"],
    ["fingerprint_template", "biometric"],
  ])("finds %s by its field name (%s)", (field, kind) => {
    expect(withheldKindOfField(field)).toBe(kind);
  });

  it.each(["shipping_address", "spinner", "email", "account_id", "opinion", "pantry", "tint", "card_brand"])(
    "leaves %s alone",
    (field) => {
      expect(withheldKindOfField(field)).toBeUndefined();
    },
  );

  it("cuts Social Security and card numbers out of any text, and only numbers that pass the card check", () => {
    expect(withholdInText("SSN on file 123-45-6789, card 4242 4242 4242 4242.")).toEqual({
      text: "SSN on file [withheld], card [withheld].",
      kinds: ["government_id", "financial_account"],
    });
    expect(withholdInText("order 1234567890123 shipped")).toEqual({ text: "order 1234567890123 shipped", kinds: [] });
  });

  it("replaces withheld values, keeps empty ones empty, and says what it withheld", () => {
    expect(
      withholdIdentifiers({ name: "Jane", ssn: "123-45-6789", password: "", pan: 4242424242424242, note: null }),
    ).toEqual({
      record: { name: "Jane", ssn: "[withheld]", password: "", pan: "[withheld]", note: null },
      withheld: [
        { field: "ssn", kind: "government_id" },
        { field: "pan", kind: "financial_account" },
      ],
    });
    expect(withholdIdentifiers({ remarks: 4242424242424242 }).record).toEqual({ remarks: "[withheld]" });
  });
});
