import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from "node:crypto";

/** A link token of 256 random bits and a 6-digit code, both from the operating system's CSPRNG. */
export function newVerificationSecrets(): { token: string; code: string } {
  return { token: randomBytes(32).toString("base64url"), code: String(randomInt(0, 1_000_000)).padStart(6, "0") };
}

/**
 * A keyed hash, so that a copy of the database alone cannot test the million possible codes offline.
 * `purpose` separates the uses of one key.
 */
export function keyedHash(key: string, purpose: string, value: string): string {
  return createHmac("sha256", key).update(`${purpose}\u0000${value}`).digest("hex");
}

/** A plain SHA-256 digest, hex: enough for values with 256 random bits (tokens) or none worth guessing (keys). */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

const hexDigest = /^(?:[0-9a-f]{2})+$/;

/**
 * Compares two hex digests in constant time, as whole strings: Buffer.from(…, "hex") stops at the first character
 * that is not hex, so a valid digest followed by junk would otherwise compare equal.
 */
export function sameDigest(a: string, b: string): boolean {
  if (!hexDigest.test(a) || !hexDigest.test(b) || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a, "hex"), Buffer.from(b, "hex"));
}

const sealKeys = new Map<string, Buffer>();

/** The AES key derived from the token secret, once per secret (a process has one). */
function sealKey(key: string): Buffer {
  let derived = sealKeys.get(key);
  if (!derived) {
    derived = createHash("sha256").update(`seal\u0000${key}`).digest();
    sealKeys.set(key, derived);
  }
  return derived;
}

/**
 * Encrypts values an outbox row must carry to its e-mail but the database must not hold in clear (AES-256-GCM).
 * The dispatcher unseals them to render the message and drops them once it is sent.
 */
export function seal(key: string, values: Record<string, string>): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey(key), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(values), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

export function unseal(key: string, sealed: string): Record<string, string> {
  const raw = Buffer.from(sealed, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", sealKey(key), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  return JSON.parse(text) as Record<string, string>;
}
