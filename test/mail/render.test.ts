import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { messageNames, messages, requesterMessages } from "../../src/mail/messages.js";
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
    expect(mail.text).not.toMatch(/{{|undefined|\[object/);
    expect(mail.html).not.toMatch(/{{|undefined|\[object/);
    // No blank line runs: a condition that renders nothing leaves no gap, after the greeting or anywhere else.
    expect(mail.text).not.toMatch(/\n\s*\n\s*\n/);
    if ("requestUrl" in messages[name].shape || "complaintUrl" in messages[name].shape) {
      // Messages to the privacy team link to the request (or complaint) and carry no footer meant for consumers.
      expect(mail.text).toMatch(/Open it: http:\/\/localhost:3000\/staff\/(requests|complaints)\//);
      expect(mail.text).toContain("Rightsdesk, for the privacy team of Acme & Sons");
      expect(mail.text).not.toContain("Questions about your privacy");
      expect(mail.html).not.toContain("Questions about your privacy");
    } else {
      expect(mail.text).toContain("Acme & Sons · 9 Main St, Springfield");
      expect(mail.html).toContain("Acme &amp; Sons · 9 Main St, Springfield");
      expect(mail.html).toContain('href="mailto:privacy@acme.example"');
    }
  });

  it("tells a consumer who filed a request in their name, and what ignoring the e-mail means", () => {
    const mail = render("verification", samples.verification);
    expect(mail.text).toContain("Permission Slip asked us, on your behalf, to act on a privacy request");
    expect(mail.text).toContain("we will close it unanswered on Friday, December 4, 2026");
    expect(mail.text).toContain("If you did not ask Permission Slip to make this request, do not confirm it");
    expect(mail.text).not.toContain("ignore this e-mail");
    const own = render("verification", { ...samples.verification, filedBy: undefined });
    expect(own.text).toContain("please confirm that this request (RD-7K4M-9Q2X) comes from you");
    expect(own.text).toContain("If you did not make this request, ignore this e-mail and it will be closed.");
  });

  it("speaks to an agent or a parent of the consumer's data, not theirs, and names the opt-outs asked for", () => {
    const agent = render("acknowledgement", { ...samples.acknowledgement, filedAs: "authorized_agent" });
    expect(agent.text).toContain(
      "an opt-out of the sale and sharing for cross-context advertising of the consumer's personal data",
    );
    const parent = render("acknowledgement", { ...samples.acknowledgement, kind: "deletion", filedAs: "parent" });
    expect(parent.text).toContain("the deletion of your child's personal data");
    const consumer = render("acknowledgement", { ...samples.acknowledgement, filedBy: "Permission Slip" });
    expect(consumer.text).toContain("Permission Slip has made a request on your behalf for an opt-out of the sale");
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
    expect(mail.text).toMatch(
      /^Hello Jane Doe,\n\nWe cannot carry out your request for the deletion of your personal data/,
    );
    expect(mail.text).toContain("Reason: We must keep this data to meet a legal obligation.");
    expect(mail.text).toContain("Tax law requires us");
    expect(mail.text).toContain(
      "you can appeal until Thursday, February 18, 2027: http://localhost:3000/appeal/example",
    );
    expect(mail.text).toContain("You can also complain to the California Attorney General");
  });

  it("names the courts and the company's dispute-resolution provider where a notice carries them, in both languages", () => {
    const recourse = {
      regulator: { name: "the Information Commissioner's Office", url: "https://ico.org.uk/make-a-complaint/" },
      judicialRemedy: { cite: "UK GDPR Art. 12(4), 79" },
      disputeResolution: { name: "Fair Privacy ADR", url: "https://adr.example/privacy" },
    };
    const refusal = render("decision", { ...samples.decision, ...recourse });
    expect(refusal.text).toContain("You can also complain to the Information Commissioner's Office");
    expect(refusal.text).toContain(
      "the right to a judicial remedy: you may bring a claim against us in court (UK GDPR",
    );
    expect(refusal.text).toContain("you can take it to Fair Privacy ADR, an independent dispute-resolution service");
    expect(refusal.html).toContain('<a href="https://adr.example/privacy">Fair Privacy ADR</a>');
    expect(refusal.text).not.toMatch(/\n\s*\n\s*\n/);
    const appeal = render("appeal_decision", { ...samples.appeal_decision, ...recourse });
    expect(appeal.text).toContain("If you have concerns about the result, you can contact the Information");
    expect(appeal.text).toContain("a claim against us in court");
    const spanish = render("decision", { ...samples.decision, ...recourse }, "es");
    expect(spanish.text).toContain("derecho a la tutela judicial");
    expect(spanish.text).toContain("puede acudir a Fair Privacy ADR");
    const plain = render("decision", { ...samples.decision, regulator: undefined });
    expect(plain.text).not.toMatch(/judicial|dispute-resolution|complain/);
  });

  it("says what a package holds: a copy, the summary, the list of third parties, a profiling's data", () => {
    const said = (contents: string, language?: "es") =>
      render("access_package_ready", { ...samples.access_package_ready, contents }, language).text;
    expect(said("copy")).toContain("The copy of your personal data");
    expect(said("summary")).toContain("The summary of the personal data");
    expect(said("third_parties")).toContain("The list of the third parties we disclosed your personal data to");
    expect(said("profiling")).toContain("the decision you questioned was based on");
    expect(said("third_parties", "es")).toContain("La lista de los terceros");
    expect(said("third_parties")).not.toContain("The copy of");
  });

  it("refuses data that does not fit the message, rather than sending a broken e-mail", () => {
    expect(() => render("acknowledgement", { trackingNumber: "RD-1" })).toThrow();
    expect(() => render("verification", { ...samples.verification, code: "12ab56" })).toThrow();
  });
});

describe("the requester's messages in Spanish", () => {
  // What the team writes (an explanation, a reason, a question) is theirs: the desk asks for it in the request's language.
  const written = {
    explanation: "Lo explicamos aquí.",
    reason: "Lo explicamos aquí.",
    message: "¿Puede enviarnos su dirección?",
  };
  it.each(requesterMessages)("%s has a Spanish version, every part in Spanish", (name) => {
    const sample = Object.fromEntries(
      Object.entries(samples[name]).map(([key, value]) => [
        key,
        key in written ? written[key as keyof typeof written] : value,
      ]),
    );
    const mail = render(name, sample, "es");
    expect(mail.subject).not.toMatch(/\n|{{|undefined/);
    expect(mail.text).not.toMatch(/{{|undefined|\[object/);
    expect(mail.text).not.toMatch(/\n\s*\n\s*\n/);
    expect(mail.text).toMatch(/^Hola, /);
    expect(mail.html).toContain('<html lang="es">');
    expect(mail.text).toContain("Preguntas sobre su privacidad: privacy@acme.example");
    for (const english of ["Hello", " your ", "We ", "request "]) expect(mail.text).not.toContain(english);
    expect(mail.html).not.toMatch(/\b(your|Hello)\b/);
  });

  it("words the request, its dates, its links and a refusal's ground in Spanish", () => {
    const mail = render("acknowledgement", samples.acknowledgement, "es");
    expect(mail.text).toMatch(/de [a-z]+ de 2026/);
    expect(mail.text).toContain("lang=es");
    const refused = render(
      "decision",
      { ...samples.decision, outcome: "denied", ground: "legal_matters", reason: "English reason" },
      "es",
    );
    expect(refused.text).toContain("Motivo: Los datos son necesarios para una reclamación");
    expect(refused.text).not.toContain("English reason");
  });

  it("sends the team's own messages in English whatever the request's language", () => {
    const staffOnly = messageNames.filter((name) => !(requesterMessages as readonly string[]).includes(name));
    expect(staffOnly.length).toBeGreaterThan(0);
    for (const name of staffOnly) expect(render(name, samples[name], "es")).toEqual(render(name, samples[name]));
  });
});
