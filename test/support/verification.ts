import { and, desc, eq, inArray } from "drizzle-orm";
import { outbox } from "../../src/db/schema/index.js";
import { unseal } from "../../src/security/secrets.js";
import type { Harness } from "./harness.js";

/** The code and link of the latest verification e-mail (or reminder) owed for a request, as the requester reads them. */
export async function latestVerificationSecrets(h: Harness, requestId: string) {
  const [mail] = await h.ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.requestId, requestId), inArray(outbox.template, ["verification", "verification_reminder"])))
    .orderBy(desc(outbox.id))
    .limit(1);
  if (!mail) throw new Error("no verification e-mail was owed");
  const secrets = unseal(h.ctx.config.TOKEN_SECRET, String(mail.payload.sealed));
  const token = new URL(secrets.verifyUrl as string).pathname.split("/").pop() as string;
  return { code: secrets.code as string, token, recipient: mail.recipient, payload: mail.payload };
}
