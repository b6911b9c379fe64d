import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { serve } from "@hono/node-server";
import { simpleParser } from "mailparser";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import type { ResolvedConfig } from "../../src/context.js";
import { mailFolder } from "../../src/mail/transport.js";
import { createHarness, type Harness } from "./harness.js";

/** Debian's Chromium, which `.ci/run` installs when it is missing. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const artifacts = join(import.meta.dirname, "..", "artifacts");

/**
 * Whether the browser tests can run here. CI installs Chromium and must run them; a developer's machine without it
 * skips them, saying so, rather than failing `npm test` for want of a browser.
 */
export const browserMissing = !existsSync(chromiumPath) && process.env.CI !== "true";
if (browserMissing)
  console.warn(`Skipping the browser tests: no Chromium at ${chromiumPath} (apt-get install chromium).`);

export interface Site {
  h: Harness;
  url: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * The app served on a port of its own, as `npm start` serves it, with mail written to a folder of its own (as on a
 * fresh clone) and the outbox sent when a test says so.
 */
export async function startSite(overrides: Partial<ResolvedConfig> = {}): Promise<Site> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const h = await createHarness({
    PUBLIC_BASE_URL: url,
    DATA_DIR: await mkdtemp(join(tmpdir(), "rd-browser-")),
    ...overrides,
  });
  const server = serve({ fetch: h.app.fetch, port, hostname: "127.0.0.1" });
  return {
    h,
    url,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await h.close();
    },
  };
}

export function launchChromium(): Promise<Browser> {
  // As root (CI's containers) Chromium's sandbox cannot start; the pages it opens are our own.
  return chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
}

/** The latest e-mail to an address whose subject matches, from the mail folder, once the outbox has sent it. */
export async function latestMail(site: Site, to: string, subject: RegExp) {
  await site.h.dispatch();
  const folder = mailFolder(site.h.ctx.config);
  const names = (await readdir(folder)).sort().reverse();
  for (const name of names) {
    const mail = await simpleParser(await readFile(join(folder, name)));
    const recipient = Array.isArray(mail.to) ? mail.to[0]?.text : mail.to?.text;
    if (recipient === to && subject.test(mail.subject ?? ""))
      return { subject: mail.subject ?? "", text: mail.text ?? "" };
  }
  throw new Error(`no mail to ${to} matching ${subject}`);
}

export const sixDigits = (text: string) => /\b(\d{6})\b/.exec(text)?.[1] ?? "";

/**
 * Checks a page as a person would meet it: no serious or critical accessibility violation (axe-core), nothing wider
 * than a phone's screen, and a screenshot at a phone's width and at a desk's, under test/artifacts/ for a person to
 * look at.
 */
export async function inspect(page: Page, name: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const grave = violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
    );
  expect(grave, `${name} at ${page.url()}`).toEqual([]);
  await mkdir(artifacts, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    // Nothing wider than the screen: a phone's reader never scrolls sideways.
    expect(await page.evaluate("document.documentElement.scrollWidth"), `${name} at ${width} px`).toBeLessThanOrEqual(
      width,
    );
    await page.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}

/** Presses Tab until the element is focused, as a keyboard user reaches it, and fails if it never is. */
export async function tabTo(page: Page, selector: string, most = 120) {
  for (let i = 0; i < most; i += 1) {
    if ((await page.locator(`${selector}:focus`).count()) > 0) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}
