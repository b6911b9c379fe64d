import type { Language } from "../domain/vocabulary.js";

/**
 * A requester's page for a request, its tracking number filled in (the status page, or where a code is entered), in
 * the language given: what e-mails link to and what an agent passes on as `user_verification_url`.
 */
export function requesterPageUrl(
  publicBaseUrl: string,
  path: "/status" | "/verify",
  trackingNumber: string,
  language: Language = "en",
): string {
  const url = new URL(path, publicBaseUrl);
  url.searchParams.set("tracking", trackingNumber);
  if (language !== "en") url.searchParams.set("lang", language);
  return url.toString();
}
