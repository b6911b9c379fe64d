import { createPublicKey, verify } from "node:crypto";

/**
 * The Data Rights Protocol 1.0's signed messages: a body is the base64 of an Ed25519 signature (64 bytes) followed
 * by the UTF-8 JSON it signs (libsodium's combined mode), verified over the exact bytes received before anything is
 * parsed. Claims are then checked in the protocol's order: the agent, the business, and the message's time window.
 */

/** Why a signed message is refused, in the protocol's order of checks. */
export type DrpRefusal =
  | "undecodable"
  | "bad_signature"
  | "not_json"
  | "agent_mismatch"
  | "wrong_business"
  | "bad_times"
  | "issued_in_future"
  | "expired"
  | "window_too_long";

export const drpRefusalMessages: Record<DrpRefusal, string> = {
  undecodable: "The body is not base64 of a signature followed by a message.",
  bad_signature: "The signature does not verify with the agent's key.",
  not_json: "The signed message is not a JSON object.",
  agent_mismatch: "The message's agent-id is not the agent this call is made as.",
  wrong_business: "The message's business-id is not this business.",
  bad_times: "The message lacks an issued-at or an expires-at in ISO 8601 with an offset.",
  issued_in_future: "The message's issued-at is in the future.",
  expired: "The message's expires-at has passed.",
  window_too_long: "The message's expires-at is more than 15 minutes after its issued-at.",
};

/** How long a message may be valid: the protocol's 15 minutes between `issued-at` and `expires-at`. */
const windowMs = 15 * 60_000;
/** Clocks differ: a message issued this little in our future is not refused for it. */
const clockSkewMs = 60_000;

// The DER prefix of an Ed25519 SubjectPublicKeyInfo: node:crypto takes a raw 32-byte key only wrapped in it.
const spkiPrefix = Buffer.from("302a300506032b6570032100", "hex");

/** Whether a base64 string is an Ed25519 public key: 32 bytes. */
export function isVerifyKey(base64: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(base64) && Buffer.from(base64, "base64").length === 32;
}

/** Opens a signed body with the agent's verify key: the signed bytes as a JSON object, or why not. */
export function openSigned(
  body: string,
  verifyKey: string,
): { claims: Record<string, unknown> } | { refusal: "undecodable" | "bad_signature" | "not_json" } {
  const text = body.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return { refusal: "undecodable" };
  const bytes = Buffer.from(text, "base64");
  if (bytes.length <= 64) return { refusal: "undecodable" };
  const signature = bytes.subarray(0, 64);
  const message = bytes.subarray(64);
  const key = createPublicKey({
    key: Buffer.concat([spkiPrefix, Buffer.from(verifyKey, "base64")]),
    format: "der",
    type: "spki",
  });
  if (!verify(null, message, key, signature)) return { refusal: "bad_signature" };
  try {
    const claims: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(message));
    if (typeof claims !== "object" || claims === null || Array.isArray(claims)) return { refusal: "not_json" };
    return { claims: claims as Record<string, unknown> };
  } catch {
    return { refusal: "not_json" };
  }
}

/**
 * Checks a message's claims after its signature: `agent-id` is the agent the call is made as, `business-id` is ours,
 * `issued-at` is not in the future, `expires-at` has not passed, and at most 15 minutes lie between the two.
 * A revocation (`{"reason"}`) carries none of these and is not checked here.
 */
export function checkClaims(
  claims: Record<string, unknown>,
  expected: { agentId: string; businessId: string; now: Date },
): DrpRefusal | undefined {
  if (claims["agent-id"] !== expected.agentId) return "agent_mismatch";
  if (claims["business-id"] !== expected.businessId) return "wrong_business";
  const issued = instantOf(claims["issued-at"]);
  const expires = instantOf(claims["expires-at"]);
  if (issued === undefined || expires === undefined) return "bad_times";
  if (issued > expected.now.getTime() + clockSkewMs) return "issued_in_future";
  if (expires <= expected.now.getTime()) return "expired";
  if (expires - issued > windowMs) return "window_too_long";
  return undefined;
}

function instantOf(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    return undefined;
  }
  const instant = Date.parse(value);
  return Number.isNaN(instant) ? undefined : instant;
}

/** An instant as DRP writes it: ISO 8601 with an explicit `+00:00` offset. */
export function drpInstant(instant: Date): string {
  return instant.toISOString().replace("Z", "+00:00");
}
