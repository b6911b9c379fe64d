import { randomBytes, timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { seal, unseal } from "./secrets.js";

/** A Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** How a signing secret is stored: sealed with TOKEN_SECRET, never in clear. */
export const sealWebhookSecret = (tokenSecret: string, webhookSecret: string) => seal(tokenSecret, { webhookSecret });
export const unsealWebhookSecret = (tokenSecret: string, sealed: string) =>
  unseal(tokenSecret, sealed).webhookSecret as string;

/** How far a signed message's timestamp may be from our clock, either way (the Standard Webhooks default). */
export const signatureToleranceSeconds = 5 * 60;

/** The Standard Webhooks headers that sign `body` as message `id`, sent at `at`. */
export function signedHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body),
  };
}

export type SignatureCheck = { ok: true; id: string } | { ok: false; reason: string };

/**
 * Checks a message signed by a data system with its secret: the three headers, a timestamp within the tolerance of
 * `now` (our clock, not the library's, so jobs and tests share one), and a `v1` signature over the exact bytes
 * received, compared in constant time. The library computes the HMAC; several signatures (a secret being rolled
 * over) may be given, space-separated.
 */
export function checkSignature(
  secret: string,
  headers: { id?: string | undefined; timestamp?: string | undefined; signature?: string | undefined },
  body: string,
  now: Date,
): SignatureCheck {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) {
    return { ok: false, reason: "webhook-id, webhook-timestamp and webhook-signature are required" };
  }
  // Kept to spot replays, so it must fit an index entry; the scheme's ids are short (`msg_` and a few dozen characters).
  if (id.length > 256) return { ok: false, reason: "webhook-id must be at most 256 characters" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "webhook-timestamp must be whole seconds" };
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > signatureToleranceSeconds) {
    return { ok: false, reason: "webhook-timestamp is more than five minutes away from now" };
  }
  const expected = Buffer.from(new Webhook(secret).sign(id, new Date(seconds * 1000), body).slice(3));
  const matches = signature.split(" ").some((versioned) => {
    const [version, given] = versioned.split(",", 2);
    if (version !== "v1" || !given) return false;
    const candidate = Buffer.from(given);
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
  return matches ? { ok: true, id } : { ok: false, reason: "the signature does not match" };
}
