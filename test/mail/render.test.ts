import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { messageNames } from "../../src/mail/messages.js";
import { createRenderer } from "../../src/mail/render.js";
import { samples } from "../../src/mail/samples.js";

const render = createRenderer({
  ...loadConfig({}),
  COMPANY_NAME: "Acme & Sons",
  COMPANY_ADDRESS: "9 Main St, Springfield",
  PRIVACY_CONTACT_EMAIL: "privacy@acme.example",
  PUBLIC_BASE_URL: "https://privacy.acme.example",
});

describe("templates", () => {
  it.each(messageNames)("%s renders a subject, a text part and an HTML part from its sample", (name) => {
    const mail = render(name, samples[name]);
    expect(mail.subject.length).toBeGreaterThan(10);
    expect(mail.subject).not.toMatch(/\n|{{|undefined/);
    expect(mail.text).toContain("Acme & Sons · 9 Main St, Springfield");
    expect(mail.text).not.toMatch(/{{|undefined|\[object/);
    expect(mail.html).toContain("Acme &amp; Sons · 9 Main St, Springfield");
    expect(mail.html).toContain('href="mailto:privacy@acme.example"');
    expect(mail.html).not.toMatch(/{{|undefined|\[object/);
  });

  it("escapes every value in the HTML part and leaves the text part literal", () => {
    const hostile = '<img src=x onerror="alert(1)"> & "quotes"';
    const mail = render("acknowledgement", { ...samples.acknowledgement, recipientName: hostile });
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("&lt;img src&#x3D;x onerror&#x3D;&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;");
    expect(mail.text).toContain(`Hello ${hostile},`);
  });

  it("writes dates in words and links to the request's status page", () => {
    const mail = render("acknowledgement", samples.acknowledgement);
    expect(mail.text).toContain("We will answer by Sunday, December 20, 2026 at the latest.");
    expect(mail.text).toContain("November 20, 2026 at 10:00 AM EST");
    expect(mail.text).toContain("https://privacy.acme.example/status?tracking=RD-7K4M-9Q2X");
  });

  it("says what a denial must: the reason, the explanation, how to appeal and whom to complain to", () => {
    const mail = render("decision", samples.decision);
    expect(mail.text).toContain("We cannot carry out your request for the deletion of your personal data");
    expect(mail.text).toContain("Reason: We must keep this data to meet a legal obligation.");
    expect(mail.text).toContain("Tax law requires us");
    expect(mail.text).toContain(
      "you can appeal until Thursday, February 18, 2027: http://localhost:3000/appeal/example",
    );
    expect(mail.text).toContain("You can also complain to the California Attorney General");
  });

  it("refuses data that does not fit the message, rather than sending a broken e-mail", () => {
    expect(() => render("acknowledgement", { trackingNumber: "RD-1" })).toThrow();
    expect(() => render("verification", { ...samples.verification, code: "12ab56" })).toThrow();
  });
});
