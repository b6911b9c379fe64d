import type { Context } from "hono";
import { DomainError } from "../domain/errors.js";

const formTypes = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * The text fields of a posted form. A body of another type is a 415, one that does not parse (a multipart body
 * with a broken boundary, say) a 400: never an exception that reaches the error handler as a 500. Files are not
 * text fields and are left out; what the fields may hold is the schemas' business.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!formTypes.has(type)) {
    throw new DomainError(
      "unsupported_media_type",
      "Send the form as application/x-www-form-urlencoded or multipart/form-data.",
    );
  }
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new DomainError("malformed", "The form could not be read.");
  }
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
