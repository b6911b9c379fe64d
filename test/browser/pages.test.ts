import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { firstRunLink } from "../../src/modules/staff/first-run.js";
import { setStaffPassword } from "../../src/modules/staff/staff-sessions.js";
import { createStaffToken } from "../../src/modules/staff/staff-tokens.js";
import { importSubjects } from "../../src/modules/subjects/import-subjects.js";
import {
  artifacts,
  browserMissing,
  inspect,
  latestMail,
  launchChromium,
  type Site,
  sixDigits,
  startSite,
  tabTo,
} from "../support/browser.js";
import { intakeBody } from "../support/factories.js";
import { json } from "../support/harness.js";
import { reviewableRequest } from "../support/verification.js";

/**
 * The pages in a real browser (Debian's Chromium), as a consumer on a phone and an analyst at a desk use them:
 * every page checked with axe-core and photographed at both widths under test/artifacts/.
 */
let site: Site;
let browser: Browser;
const password = "a reviewer's long passphrase";
const phone = { viewport: { width: 390, height: 844 }, locale: "en-US" };
const desk = { viewport: { width: 1280, height: 900 }, locale: "en-US" };

async function colleague(role: "reviewer" | "admin", name: string) {
  const email = `${role}.${name.split(" ")[0]?.toLowerCase()}@staff.example`;
  await createStaffToken(site.h.ctx.db, { email, role, name, label: "browser" }, site.h.by());
  await setStaffPassword(site.h.ctx.db, email, password, site.h.by());
  return email;
}

/** The company's records of a person, so the data points a verification asks for can match. */
const holdRecordsOf = (email: string) =>
  importSubjects(
    site.h.ctx.db,
    `email,phone,postal_code,date_of_birth\n${email},+1 415 555 0100,94105,1990-07-04`,
    `csv:${email}`,
    site.h.by(),
    site.h.ctx.config.TOKEN_SECRET,
  );

let reviewer: string;
let admin: string;
beforeAll(async () => {
  if (browserMissing) return;
  site = await startSite();
  browser = await launchChromium();
  reviewer = await colleague("reviewer", "Rita Reviewer");
  admin = await colleague("admin", "Ada Admin");
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function opened(options: Parameters<Browser["newContext"]>[0]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  // A step that cannot happen fails in seconds, naming the step, rather than at the test's timeout.
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  onTestFailed(async () => {
    if (page.isClosed()) return;
    console.error(
      `The page at ${page.url()} when the test failed:\n${await page
        .locator("main")
        .innerText()
        .catch(() => "")}`,
    );
    await page.screenshot({ path: join(artifacts, "failure.png"), fullPage: true }).catch(() => {});
  });
  return { context, page };
}

async function signIn(page: Page, email: string) {
  await page.goto(`${site.url}/staff`);
  await expect.poll(() => page.url()).toContain("/staff/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Review queue" }).waitFor();
}

/** Opens an action's form on a request's page (a disclosure) and sends it. */
async function act(
  page: Page,
  summary: string,
  fill: (form: ReturnType<Page["locator"]>) => Promise<unknown> = async () => {},
) {
  const action = page.locator("details.action", { has: page.locator("summary", { hasText: summary }) });
  await action.locator("summary").click();
  await fill(action);
  await action.getByRole("button", { name: summary }).click();
  await page.getByText(/^Done: /).waitFor();
}

describe.skipIf(browserMissing)("a consumer and the privacy team, in the browser", { timeout: 90_000 }, () => {
  it("files an access request, verifies with the e-mailed code, is answered, and downloads the copy", async () => {
    const email = "jane.browser@example.com";
    await holdRecordsOf(email);
    const consumer = await opened(phone);
    const page = consumer.page;
    await page.goto(`${site.url}/`);
    await inspect(page, "landing");
    await page.getByRole("link", { name: /Make a privacy request/ }).click();
    await inspect(page, "request-form");
    await page.getByLabel("Send me a copy of the personal data you hold about me").check();
    await page.getByLabel("Where you live").selectOption("US-CA");
    await page.getByLabel("Full name", { exact: true }).fill("Jane Browser");
    await page.getByLabel("E-mail address", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Send my request" }).click();
    await page.getByRole("heading", { name: "Request received" }).waitFor();
    await inspect(page, "request-received");
    const tracking = (await page.locator("strong", { hasText: /^RD-/ }).first().textContent()) ?? "";
    expect(tracking).toMatch(/^RD-/);

    const confirm = await latestMail(site, email, /Confirm your privacy request/);
    const codeUrl = /http:\/\/127\.0\.0\.1:\d+\/verify\?tracking=[A-Z0-9-]+/.exec(confirm.text)?.[0] ?? "";
    await page.goto(codeUrl);
    await inspect(page, "verify-code");
    await page.getByLabel("Code").fill(sixDigits(confirm.text.slice(confirm.text.indexOf("code at"))));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByLabel("Phone number").fill("(415) 555-0100");
    await page.getByLabel("Postal or ZIP code").fill("94105");
    await page.getByLabel("Date of birth").fill("1990-07-04");
    await page.getByLabel("I affirm this declaration.").check();
    await page.getByLabel("Your full name, as your signature").fill("Jane Browser");
    await inspect(page, "verify-answers");
    await page.getByRole("button", { name: "Confirm my request" }).click();
    await page.getByText("your request is confirmed").waitFor();

    const analyst = await opened(desk);
    await signIn(analyst.page, reviewer);
    await inspect(analyst.page, "queue");
    const first = analyst.page.locator("table.queue tbody tr").first();
    await expect.poll(() => first.locator("a").first().textContent()).toBe(tracking);
    await first.locator("a").first().click();
    await inspect(analyst.page, "request-page");
    await act(analyst.page, "Claim it");
    await act(analyst.page, "Carry it out", (form) => form.getByLabel("How much").selectOption("full"));
    // No data system holds anything for access here, so the reviewer completes it and the answer goes out.
    await act(analyst.page, "Complete it and send the decision");
    await expect.poll(() => analyst.page.locator("dl.facts").textContent()).toContain("Completed");

    await page.goto(`${site.url}/status`);
    await page.getByLabel("Tracking number").fill(tracking);
    await page.getByLabel("The e-mail address you used").fill(email);
    await page.getByRole("button", { name: "Show my request" }).click();
    await page.getByRole("heading", { name: "Download your data" }).waitFor();
    await inspect(page, "status-completed");
    await page.getByRole("button", { name: "E-mail me a code" }).click();
    await page.getByText("We sent a code to your e-mail address.").waitFor();
    const code = await latestMail(site, email, /download code/);
    await page.getByLabel("The code from our e-mail").fill(sixDigits(code.text));
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download my data" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`personal-data-${tracking}.zip`);
    const zip = await readFile((await download.path()) as string);
    expect(zip.subarray(0, 2).toString()).toBe("PK");
    await consumer.context.close();
    await analyst.context.close();
  });

  it("honours a browser's Global Privacy Control signal, and says so", async () => {
    const visit = await opened({ ...phone, extraHTTPHeaders: { "Sec-GPC": "1" } });
    await visit.page.goto(`${site.url}/privacy/request`);
    await visit.page.getByText("Your browser sends a Global Privacy Control signal.").waitFor();
    await visit.page.getByLabel("Delete my personal data").check();
    await visit.page.getByLabel("Where you live").selectOption("US-CA");
    await visit.page.getByLabel("Full name", { exact: true }).fill("Gil Private");
    await visit.page.getByLabel("E-mail address", { exact: true }).fill("gil@example.com");
    await visit.page.getByRole("button", { name: "Send my request" }).click();
    await visit.page.getByText("Global Privacy Control signal was honoured").waitFor();
    await inspect(visit.page, "gpc-received");
    await visit.context.close();
  });

  it("refuses a request, takes the consumer's appeal from the status page, and an admin decides it", async () => {
    const body = intakeBody({
      kind: "deletion",
      jurisdiction: "US-VA",
      subject: { name: "Val Appeal", email: "val@example.com" },
    });
    const request = await reviewableRequest(site.h, body);
    const tracking = (await json(await site.h.app.request(`/v1/review/requests/${request.id}`, { headers: {} })))
      .request?.trackingNumber;
    const analyst = await opened(desk);
    await signIn(analyst.page, reviewer);
    await analyst.page.goto(`${site.url}/staff/requests/${request.id}`);
    await act(analyst.page, "Refuse it", async (form) => {
      await form.getByLabel("Ground").selectOption("legal_matters");
      await form.getByLabel("What the requester reads").fill("The data is under a litigation hold until March.");
    });
    const trackingNumber = tracking ?? ((await analyst.page.locator("h1").textContent()) ?? "").replace("Request ", "");

    const consumer = await opened(phone);
    await consumer.page.goto(`${site.url}/status?tracking=${trackingNumber}`);
    await consumer.page.getByLabel("The e-mail address you used").fill("val@example.com");
    await consumer.page.getByRole("button", { name: "Show my request" }).click();
    await consumer.page.getByRole("heading", { name: "Appeal our decision" }).waitFor();
    await inspect(consumer.page, "status-refused");
    await consumer.page.getByLabel("Why you disagree").fill("The litigation ended last month.");
    await consumer.page.getByRole("button", { name: "Send my appeal" }).click();
    await consumer.page.getByText(`We received your appeal about request ${trackingNumber}`).waitFor();
    await inspect(consumer.page, "appeal-received");
    await consumer.page.goto(`${site.url}/complaint?tracking=${trackingNumber}`);
    await consumer.page.getByLabel("Your name").fill("Val Consumer");
    await consumer.page.getByLabel("Your e-mail address").fill("val@example.com");
    await consumer.page.getByLabel("What went wrong").fill("Nobody told me about the hold before.");
    await inspect(consumer.page, "complaint-form");
    await consumer.page.getByRole("button", { name: "Send my complaint" }).click();
    await consumer.page.getByText(/We received your complaint\. Its number is RC-/).waitFor();

    const deciding = await opened(desk);
    await signIn(deciding.page, admin);
    await deciding.page.getByRole("link", { name: "Appeals" }).click();
    await inspect(deciding.page, "appeals");
    await deciding.page.getByRole("link", { name: trackingNumber }).click();
    await act(deciding.page, "Decide the appeal", async (form) => {
      await form.getByLabel("Outcome").selectOption("reversed");
      await form.getByLabel("What the requester reads").fill("The hold has ended, so we will delete the data.");
    });
    await expect
      .poll(() => deciding.page.locator("dl.facts").first().textContent())
      .toMatch(/Being carried out|Completed/);
    for (const { context } of [analyst, consumer, deciding]) await context.close();
  });

  it("serves the same flow in Spanish, chosen by the browser's language, and writes in it", async () => {
    await holdRecordsOf("ana.browser@example.com");
    const visit = await opened({ ...phone, locale: "es-ES" });
    await visit.page.goto(`${site.url}/`);
    await visit.page.getByRole("heading", { name: "Sus opciones de privacidad" }).waitFor();
    await inspect(visit.page, "es-landing");
    await visit.page.getByRole("link", { name: /Presentar una solicitud de privacidad/ }).click();
    await visit.page.getByLabel("Eliminar mis datos personales").check();
    await visit.page.getByLabel("Dónde vive").selectOption("US-CA");
    await visit.page.getByLabel("Nombre completo", { exact: true }).fill("Ana Navegador");
    await visit.page.getByLabel("Dirección de correo electrónico", { exact: true }).fill("ana.browser@example.com");
    await inspect(visit.page, "es-request-form");
    await visit.page.getByRole("button", { name: "Enviar mi solicitud" }).click();
    await visit.page.getByRole("heading", { name: "Solicitud recibida" }).waitFor();
    await inspect(visit.page, "es-request-received");
    const confirm = await latestMail(site, "ana.browser@example.com", /^Confirme su solicitud de privacidad/);
    const link = /http:\/\/127\.0\.0\.1:\d+\/verify\/\S+/.exec(confirm.text)?.[0] ?? "";
    await visit.page.goto(link);
    await visit.page.getByRole("heading", { name: "Confirme su solicitud de privacidad" }).waitFor();
    await visit.page.getByLabel("Número de teléfono").fill("415 555 0100");
    await visit.page.getByLabel("Código postal").fill("94105");
    await inspect(visit.page, "es-verify");
    await visit.page.getByRole("button", { name: "Confirmar mi solicitud" }).click();
    await visit.page.getByText("Gracias, su solicitud está confirmada.").waitFor();
    await visit.page.getByRole("link", { name: "This page in English" }).click();
    await visit.page.getByRole("heading", { name: "Confirm your privacy request" }).waitFor();
    await visit.context.close();
  });

  it("files a request and signs in with the keyboard alone", async () => {
    const visit = await opened(desk);
    const page = visit.page;
    await page.goto(`${site.url}/privacy/request`);
    await tabTo(page, "#kind-0");
    await page.keyboard.press("Space");
    await tabTo(page, "#jurisdiction");
    await page.keyboard.type("California");
    await tabTo(page, '[id="subject.name"]');
    await page.keyboard.type("Kim Keyboard");
    await tabTo(page, '[id="subject.email"]');
    await page.keyboard.type("kim@example.com");
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Request received" }).waitFor();

    await page.goto(`${site.url}/staff/login`);
    await tabTo(page, "#email");
    await page.keyboard.type(reviewer);
    await tabTo(page, "#password");
    await page.keyboard.type(password);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Review queue" }).waitFor();
    await visit.context.close();
  });
});

describe.skipIf(browserMissing)("the API reference", () => {
  it("draws the reference offline: every request it makes is to us", async () => {
    const { context, page } = await opened(desk);
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(site.url)) elsewhere.push(request.url());
    });
    await page.goto(`${site.url}/docs`);
    await page.getByText("Intake", { exact: true }).first().waitFor();
    expect(elsewhere).toEqual([]);
    await context.close();
  });
});

describe.skipIf(browserMissing)("the accessibility check", () => {
  it("itself finds what it is there to find: a field without a label", async () => {
    const { context, page } = await opened(desk);
    await page.setContent('<!doctype html><html lang="en"><title>t</title><main><input></main></html>');
    await expect(inspect(page, "axe-self-check")).rejects.toThrow(/axe-self-check at about:blank/);
    await context.close();
  });
});

describe.skipIf(browserMissing)("the first run, in the browser", { timeout: 90_000 }, () => {
  it("creates the first admin from the printed link, who then signs in", async () => {
    const fresh = await startSite();
    const context = await browser.newContext(desk);
    try {
      const link = (await firstRunLink(fresh.h.ctx.db, fresh.h.ctx.config, fresh.h.ctx.now())) as string;
      const page = await context.newPage();
      await page.goto(link);
      await inspect(page, "first-run");
      await page.getByLabel("Your name").fill("First Admin");
      await page.getByLabel("Your e-mail").fill("first@example.com");
      await page.getByLabel("A password (at least 12 characters)").fill(password);
      await page.getByLabel("The password again").fill(password);
      await page.getByRole("button", { name: "Create the first admin" }).click();
      await page.getByRole("link", { name: "Sign in" }).click();
      await page.getByLabel("E-mail").fill("first@example.com");
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Review queue" }).waitFor();
      await inspect(page, "desk-empty-queue");
      await page.getByRole("link", { name: "Team" }).click();
      await page.getByRole("cell", { name: "First Admin", exact: true }).waitFor();
      await inspect(page, "team");
    } finally {
      await context.close();
      await fresh.close();
    }
  });
});
