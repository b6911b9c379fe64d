import { randomInt } from "node:crypto";

// Crockford's base 32: no I, L, O or U, so a number read over the phone is not misheard or mistyped.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * "RD-7K4M-9Q2X": 40 random bits, short enough for people to quote, unique by a database constraint. A complaint's
 * number begins "RC-", so neither is mistaken for the other.
 */
export function newTrackingNumber(prefix: "RD" | "RC" = "RD"): string {
  const chars = Array.from({ length: 8 }, () => alphabet[randomInt(alphabet.length)]);
  return `${prefix}-${chars.slice(0, 4).join("")}-${chars.slice(4).join("")}`;
}
