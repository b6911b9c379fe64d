import { and, desc, eq, inArray } from "drizzle-orm";
import { outbox, requests } from "../../src/db/schema/index.js";
import type { IntakeInput } from "../../src/modules/intake/schemas.js";
import { importSubjects } from "../../src/modules/subjects/import-subjects.js";
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

/**
 * A request filed and verified to the level it needs, ready for review: the subject's records are imported first,
 * so the data points asked for match.
 */
export async function reviewableRequest(h: Harness, body: IntakeInput): Promise<{ id: string; version: number }> {
  const email = body.subject.email;
  await importSubjects(
    h.ctx.db,
    `email,phone,postal_code,date_of_birth\n${email},+1 415 555 0100,94105,1990-07-04`,
    `csv:${email}`,
    h.by(),
    h.ctx.config.TOKEN_SECRET,
  );
  const receipt = (await (await h.post("/v1/requests", body)).json()) as {
    id: string;
    status: string;
    verification: { level: string };
  };
  if (receipt.status === "verifying") {
    const { code } = await latestVerificationSecrets(h, receipt.id);
    const level: string = receipt.verification.level;
    const answer = {
      code,
      ...(level === "basic" ? { dataPoints: { phone: "4155550100", postalCode: "94105" } } : {}),
      ...(level === "high"
        ? {
            dataPoints: { phone: "4155550100", postalCode: "94105", dateOfBirth: "1990-07-04" },
            declaration: { fullName: body.subject.name, affirmed: true },
          }
        : {}),
    };
    const verified = await h.post(`/v1/requests/${receipt.id}/verification`, answer);
    if (verified.status !== 200) throw new Error(`verification answered ${verified.status}: ${await verified.text()}`);
  }
  const [request] = await h.ctx.db.select().from(requests).where(eq(requests.id, receipt.id));
  if (request?.status !== "in_review") throw new Error(`the request is ${request?.status}, not in review`);
  return { id: request.id, version: request.version };
}
