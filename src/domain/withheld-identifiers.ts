/**
 * Identifiers an access reply must never disclose: it says only that they were collected (11 CCR §7024(d) (u);
 * Conn. SB 1295 ✔, see docs/jurisdictions.md): government identification numbers, financial account numbers,
 * health insurance or medical identification numbers, account passwords, security questions and answers, and unique
 * biometric data. They are found by the field that holds them, and by their shape in any text.
 */
export const withheldKinds = {
  government_id: "a government identification number (Social Security, passport, driver's licence, tax id)",
  financial_account: "a financial account, card or routing number",
  medical_id: "a health insurance or medical identification number",
  password: "an account password",
  security_question: "a security question or its answer",
  biometric: "unique biometric data",
} as const;
export type WithheldKind = keyof typeof withheldKinds;

/** Field names, as words, that hold a withheld identifier. */
const fieldWords: [WithheldKind, string[][]][] = [
  [
    "government_id",
    [
      ["ssn"],
      ["social", "security"],
      ["sin"],
      ["passport"],
      ["driver", "license"],
      ["drivers", "license"],
      ["driving", "licence"],
      ["license", "number"],
      ["licence", "number"],
      ["national", "id"],
      ["government", "id"],
      ["tax", "id"],
      ["tin"],
      ["itin"],
      ["ein"],
      ["nino"],
    ],
  ],
  [
    "financial_account",
    [
      ["account", "number"],
      ["bank", "account"],
      ["iban"],
      ["routing"],
      ["sort", "code"],
      ["card", "number"],
      ["credit", "card"],
      ["debit", "card"],
      ["pan"],
      ["cvv"],
      ["cvc"],
    ],
  ],
  [
    "medical_id",
    [
      ["health", "insurance"],
      ["insurance", "id"],
      ["insurance", "number"],
      ["medical", "id"],
      ["medical", "record"],
      ["mrn"],
      ["medicare"],
      ["medicaid"],
    ],
  ],
  ["password", [["password"], ["passwd"], ["passcode"], ["pin"], ["password", "hash"]]],
  [
    "security_question",
    [
      ["security", "question"],
      ["security", "answer"],
      ["secret", "question"],
      ["secret", "answer"],
    ],
  ],
  [
    "biometric",
    [
      ["biometric"],
      ["biometrics"],
      ["fingerprint"],
      ["faceprint"],
      ["face", "geometry"],
      ["voiceprint"],
      ["retina"],
      ["iris"],
    ],
  ],
];

/** A field name as lower-case words: `SSN`, `ssn_last`, `creditCardNumber`, `Card No.` alike. */
function wordsOf(field: string): string[] {
  return field
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const containsRun = (words: string[], run: string[]) =>
  words.some((_, i) => run.every((word, j) => words[i + j] === word));

/** The kind of identifier a field holds by its name, if it is one that is withheld. */
export function withheldKindOfField(field: string): WithheldKind | undefined {
  const words = wordsOf(field);
  return fieldWords.find(([, runs]) => runs.some((run) => containsRun(words, run)))?.[0];
}

const socialSecurityNumber = /\b\d{3}-\d{2}-\d{4}\b/g;
const cardLike = /\b\d(?:[ -]?\d){12,18}\b/g;

/** The Luhn check that every payment card number passes, so long numbers that are not cards are left alone. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export const withheldMark = "[withheld]";

/** A text with every Social Security or card number in it replaced by the mark, and the kinds it held. */
export function withholdInText(text: string): { text: string; kinds: WithheldKind[] } {
  const kinds = new Set<WithheldKind>();
  const cleared = text
    .replace(socialSecurityNumber, () => {
      kinds.add("government_id");
      return withheldMark;
    })
    .replace(cardLike, (match) => {
      if (!passesLuhn(match.replace(/\D/g, ""))) return match;
      kinds.add("financial_account");
      return withheldMark;
    });
  return { text: cleared, kinds: [...kinds] };
}

export type RecordValue = string | number | boolean | null;

/**
 * A record as it may be disclosed: each withheld field's value replaced by the mark (a field that is empty stays
 * empty: there is nothing to state), and withheld numbers cut out of any other text. Answers what was withheld, by
 * field and kind, so the package can say it was collected.
 */
export function withholdIdentifiers(record: Record<string, unknown>): {
  record: Record<string, RecordValue>;
  withheld: { field: string; kind: WithheldKind }[];
} {
  const withheld: { field: string; kind: WithheldKind }[] = [];
  const kept: Record<string, RecordValue> = {};
  for (const [field, value] of Object.entries(record)) {
    const kind = withheldKindOfField(field);
    if (kind) {
      const empty = value === null || value === "";
      kept[field] = empty ? (value as RecordValue) : withheldMark;
      if (!empty) withheld.push({ field, kind });
      continue;
    }
    // A number or a flag stored as such can still be a card or account number.
    const text = typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
    if (text === undefined) {
      kept[field] = value === undefined ? null : (value as RecordValue);
      continue;
    }
    const cleared = withholdInText(text);
    kept[field] = cleared.kinds.length > 0 ? cleared.text : (value as RecordValue);
    for (const found of cleared.kinds) withheld.push({ field, kind: found });
  }
  return { record: kept, withheld };
}
