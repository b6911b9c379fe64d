import { z } from "@hono/zod-openapi";
import { clockNames } from "../../domain/deadlines.js";
import { requestStatuses } from "../../domain/lifecycle.js";
import { requestFlags } from "../../domain/representation.js";
import { accessScopes, verificationLevels } from "../../domain/verification.js";
import { ageBands, languages, optOutScopes, requestKinds, submitterRoles } from "../../domain/vocabulary.js";
import { emailAddress, jurisdictionInput, line, paragraph } from "../../http/shared-schemas.js";

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{5,32}$/, "must be a phone number of digits, spaces and + ( ) . -")
  .openapi({ example: "+1 (415) 555-0100" });

const subject = z
  .object({
    name: line(200).openapi({ example: "Jane Doe" }),
    email: emailAddress,
    phone: phone.optional(),
    accountId: line(200).optional().openapi({ description: "The subject's account id with the company, if any." }),
  })
  .strict()
  .openapi("Subject", { description: "The person the request is about." });

const submittedBy = z
  .object({
    role: z.enum(submitterRoles).openapi({ description: "The subject, an authorized agent, or a parent or guardian." }),
    name: line(200).optional(),
    email: emailAddress.optional(),
    organisation: line(200).optional().openapi({ description: "The agent's business, if any." }),
    authority: z.enum(["signed_permission", "power_of_attorney"]).optional().openapi({
      description:
        "For an agent: the consumer's signed permission (the consumer is then asked to confirm it), or a power of attorney.",
    }),
  })
  .strict()
  .openapi("Submitter", { description: "Who sends the request; the subject when absent." });

const correction = z
  .object({
    field: line(100).openapi({ example: "postal address" }),
    currentValue: paragraph(2000).optional(),
    requestedValue: paragraph(2000).pipe(z.string().trim().min(1, "must not be empty")),
  })
  .strict();

const intakeFields = z
  .object({
    kind: z.enum(requestKinds).openapi({
      description:
        "The right exercised. `opt_in` gives back consent to the sale and sharing of the subject's data after an " +
        "opt-out, once they confirm it from their e-mail address (11 CCR §7028(a)). `third_party_list`, " +
        "`question_profiling`, `restriction` and `objection` are rights few laws grant (Oregon and Minnesota; " +
        "Minnesota and Connecticut; the GDPR): under `RIGHTS_HONOURED=where_required` one the request's law does " +
        "not grant is refused with a 422 on `kind` that names where the law grants it.",
    }),
    subject,
    jurisdiction: jurisdictionInput,
    accessScope: z.enum(accessScopes).optional().openapi({
      description: "For access: the categories of data held, or the data itself (the default, verified more strictly).",
    }),
    ageBand: z.enum(ageBands).optional(),
    submittedBy: submittedBy.optional(),
    details: paragraph(10_000).optional().openapi({ description: "Anything the requester wants us to know." }),
    corrections: z
      .array(correction)
      .min(1)
      .max(50)
      .optional()
      .openapi({ description: "What to correct; required for, and only for, a correction." }),
    optOutScopes: z
      .array(z.enum(optOutScopes))
      .min(1)
      .max(optOutScopes.length)
      .refine((scopes) => new Set(scopes).size === scopes.length, "must not repeat a scope")
      .optional()
      .openapi({ description: "What to stop; required for, and only for, an opt-out." }),
    language: z.enum(languages).optional().openapi({
      description: "The language the requester reads: every later e-mail to them is in it. English when absent.",
    }),
  })
  .strict();

/**
 * What a request must hold together. An agent or a parent gives the address we write to them at, except an
 * agent's software filing over DRP, whose directory entry may list none: then we write to the consumer.
 */
const intakeRules =
  ({ filerNeedsEmail }: { filerNeedsEmail: boolean }) =>
  (body: z.infer<typeof intakeFields>, ctx: z.RefinementCtx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (body.kind === "correction" && !body.corrections) issue(["corrections"], "is required for a correction");
    if (body.kind !== "correction" && body.corrections) issue(["corrections"], "is only for a correction");
    if (body.kind === "opt_out" && !body.optOutScopes) issue(["optOutScopes"], "is required for an opt-out");
    if (body.kind !== "opt_out" && body.optOutScopes) issue(["optOutScopes"], "is only for an opt-out");
    if (body.kind !== "access" && body.accessScope) issue(["accessScope"], "is only for an access request");
    // A minor's consent is the one their law asks for (a parent's under 13, none at all where a ban applies), which
    // the company takes on its own sites, with the child's account, not on a request anyone may file.
    if (body.kind === "opt_in" && body.ageBand && body.ageBand !== "adult") {
      issue(["ageBand"], "an opt-in for someone under 18 is taken on the company's own sites, not by request");
    }
    if (body.submittedBy?.role === "authorized_agent" && !body.submittedBy.authority) {
      issue(["submittedBy", "authority"], "is required for an authorized agent");
    }
    if (body.submittedBy && body.submittedBy.role !== "self") {
      if (!body.submittedBy.name) issue(["submittedBy", "name"], "is required for an agent or a parent");
      if (filerNeedsEmail && !body.submittedBy.email)
        issue(["submittedBy", "email"], "is required for an agent or a parent");
    }
  };

export const intakeBody = intakeFields.superRefine(intakeRules({ filerNeedsEmail: true })).openapi("IntakeRequest");
export const drpIntakeBody = intakeFields.superRefine(intakeRules({ filerNeedsEmail: false }));

export type IntakeInput = z.infer<typeof intakeBody>;

export const idempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
    .optional()
    .openapi({
      description: "Send the same key to retry safely: the first answer is returned and nothing new is created.",
      example: "5f0c2f8e-8a43-4c1e-9a55-0b7c6d1f9e21",
    }),
});

export const dueClock = z
  .object({
    name: z.enum(clockNames),
    dueOn: z.iso.date().openapi({ example: "2026-12-22" }),
    basis: z.string().openapi({ example: "US-CA: 10 business days to acknowledge, 11 CCR §7021(a)" }),
  })
  .openapi("Clock");

export const intakeReceipt = z
  .object({
    id: z.uuid(),
    trackingNumber: z.string().openapi({ example: "RD-7K4M-9Q2X", description: "Quote it in any message to us." }),
    status: z.enum(requestStatuses),
    receivedAt: z.iso.datetime(),
    respondBy: z.iso.date().openapi({ description: "The day by which we answer: the strictest clock that binds." }),
    respondByBasis: z.string(),
    clocks: z.array(dueClock),
    verification: z
      .object({ level: z.enum(verificationLevels), basis: z.string() })
      .openapi({ description: "How we will confirm who is asking, and the rule that requires it." }),
    flags: z.array(z.enum(requestFlags)),
  })
  .openapi("IntakeReceipt");

export type IntakeReceipt = z.infer<typeof intakeReceipt>;
