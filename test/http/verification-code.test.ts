import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requests } from "../../src/db/schema/index.js";
import { createRenderer } from "../../src/mail/render.js";
import { samples } from "../../src/mail/samples.js";
import { importSubjects } from "../../src/modules/subjects/import-subjects.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { latestVerificationSecrets } from "../support/verification.js";

/**
 * The page that takes the code from a verification e-mail, for a person who cannot follow its link: the tracking
 * number and the code, then the data points the request's level asks for, with the code carried along; a locked
 * code offers a new one there, and the new one works.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function filed(email: string) {
  await importSubjects(
    h.ctx.db,
    `email,phone,postal_code\n${email},+1 415 555 0100,94105`,
    `csv:${email}`,
    h.by(),
    h.ctx.config.TOKEN_SECRET,
  );
  const receipt = await json(
    await h.post("/v1/requests", intakeBody({ kind: "deletion", subject: { name: "Lee", email } })),
  );
  expect(receipt.verification.level).toBe("basic");
  return { ...receipt, code: (await latestVerificationSecrets(h, receipt.id)).code as string };
}

const send = async (path: string, fields: Record<string, string>) => {
  const res = await h.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, page: await res.text() };
};
const statusOf = async (id: string) => (await h.ctx.db.select().from(requests).where(eq(requests.id, id)))[0]?.status;

describe("confirming with the code", () => {
  it("is offered in the e-mail, with the tracking number filled in", async () => {
    const mail = createRenderer(h.ctx.config)("verification", samples.verification);
    expect(mail.text).toContain(`/verify?tracking=${samples.verification.trackingNumber}`);
    const page = await (await h.app.request(`/verify?tracking=${samples.verification.trackingNumber}`)).text();
    expect(page).toContain(`value="${samples.verification.trackingNumber}"`);
  });

  it("takes the tracking number and code, then the data points, carrying the code along", async () => {
    const request = await filed("lee@example.com");
    const wrong = await send("/verify", { trackingNumber: request.trackingNumber, code: "000000" });
    expect(wrong.status).toBe(422);
    expect(wrong.page).toContain("That code does not match. Attempts left: 4.");
    const first = await send("/verify", { trackingNumber: request.trackingNumber.toLowerCase(), code: request.code });
    expect(first.status).toBe(422);
    expect(first.page).toContain("we need a little more");
    expect(first.page).toContain(`name="code" value="${request.code}"`);
    expect(first.page).toContain('name="postal_code"');
    expect(await statusOf(request.id)).toBe("verifying");
    const done = await send("/verify", {
      trackingNumber: request.trackingNumber,
      code: request.code,
      step: "answers",
      phone: "415-555-0100",
      postal_code: "94105",
    });
    expect(done.status).toBe(200);
    expect(done.page).toContain("your request is confirmed");
    expect(await statusOf(request.id)).toBe("in_review");
    expect((await send("/verify", { trackingNumber: request.trackingNumber, code: request.code })).status).toBe(409);
  });

  it("offers a new code once locked, and the new one works", async () => {
    const request = await filed("kim@example.com");
    let last = { status: 0, page: "" };
    for (let i = 0; i < 6; i++)
      last = await send("/verify", { trackingNumber: request.trackingNumber, code: "111111" });
    expect(last.status).toBe(409);
    expect(last.page).toContain("Send me a new code");
    const resent = await send("/verify/new-code", { trackingNumber: request.trackingNumber });
    expect(resent.status).toBe(202);
    const { code } = await latestVerificationSecrets(h, request.id);
    expect(code).not.toBe(request.code);
    const done = await send("/verify", {
      trackingNumber: request.trackingNumber,
      code: code as string,
      step: "answers",
      phone: "4155550100",
      postal_code: "94105",
    });
    expect(done.status).toBe(200);
  });

  it("says so kindly for a tracking number it does not know, or a form it cannot read", async () => {
    const unknown = await send("/verify", { trackingNumber: "RD-0000-0000", code: "123456" });
    expect(unknown.status).toBe(404);
    expect(unknown.page).toContain("We found no request waiting for confirmation");
    expect((await send("/verify", { trackingNumber: "nonsense", code: "12" })).status).toBe(422);
    expect((await send("/verify/new-code", { trackingNumber: "RD-0000-0000" })).status).toBe(404);
  });
});

describe("the verification API", () => {
  it("takes the tracking number in place of the id, for verifying and for a new code", async () => {
    const request = await filed("ria@example.com");
    const resent = await h.post(`/v1/requests/${request.trackingNumber}/verification/resend`, {});
    expect(resent.status).toBe(202);
    const { code } = await latestVerificationSecrets(h, request.id);
    const verified = await h.post(`/v1/requests/${request.trackingNumber.toLowerCase()}/verification`, {
      code,
      dataPoints: { phone: "4155550100", postalCode: "94105" },
    });
    expect(verified.status, await verified.clone().text()).toBe(200);
    expect((await h.post("/v1/requests/RD-0000-0000/verification", { code: "123456" })).status).toBe(404);
  });
});
