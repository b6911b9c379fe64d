/**
 * Why a system may keep some of a person's data after a deletion request, each in the words the notice uses and with
 * its citation. California's list is Cal. Civ. Code §1798.105(d) ✔ (its paragraph numbers are (u): see
 * docs/jurisdictions.md); the GDPR's, Art. 17(3). A system names the one it relies on for each thing it keeps.
 */
export const deletionExceptions = {
  complete_transaction: {
    words: "to complete a transaction or provide a service you asked for, or to perform our contract with you",
    cite: "Cal. Civ. Code §1798.105(d)(1) (u)",
  },
  security: {
    words: "to detect and protect against security incidents, fraud or illegal activity",
    cite: "Cal. Civ. Code §1798.105(d)(2) (u)",
  },
  debugging: { words: "to find and repair errors in our systems", cite: "Cal. Civ. Code §1798.105(d)(3) (u)" },
  free_speech: {
    words: "to exercise free speech or another right provided for by law",
    cite: "Cal. Civ. Code §1798.105(d)(4) (u)",
  },
  research: {
    words: "for research in the public interest, where deletion would make it impossible or seriously impair it",
    cite: "Cal. Civ. Code §1798.105(d)(6) (u); GDPR Art. 17(3)(d)",
  },
  internal_expected_use: {
    words: "for internal uses reasonably aligned with what you expect from your relationship with us",
    cite: "Cal. Civ. Code §1798.105(d)(7) (u)",
  },
  legal_obligation: {
    words: "to comply with a legal obligation, such as keeping tax and accounting records",
    cite: "Cal. Civ. Code §1798.105(d)(8) (u); GDPR Art. 17(3)(b)",
  },
  legal_claims: {
    words: "to establish, exercise or defend legal claims",
    cite: "GDPR Art. 17(3)(e); Cal. Civ. Code §1798.145(a) (u)",
  },
} as const;

export type DeletionException = keyof typeof deletionExceptions;
export const deletionExceptionCodes = Object.keys(deletionExceptions) as [DeletionException, ...DeletionException[]];

/** What every deletion answer says of the request itself (11 CCR §7022(e) ✔: the record of it is kept). */
export const requestRecordKept = {
  words:
    "We keep a record of your request and of what we did, as the law requires us to, so that we can show we " +
    "honoured it.",
  cite: "11 CCR §7022(e)",
} as const;
