import { z } from "@hono/zod-openapi";
import { verificationLevels } from "../../domain/verification.js";
import { line, optionalLine } from "../../http/shared-schemas.js";

const answer = optionalLine(100).optional();

/** The data points a requester can give, in the API's words. */
export const dataPointsBody = z
  .object({
    phone: answer,
    accountId: answer,
    postalCode: answer,
    cardLast4: answer,
    dateOfBirth: answer.openapi({ example: "1990-07-04" }),
  })
  .strict()
  .openapi("DataPoints", {
    description: "Facts about the subject we can check against what we hold. Give as many as the level needs.",
  });

export const verificationBody = z
  .object({
    code: z
      .string()
      .regex(/^\d{6}$/, "must be the 6 digits from the e-mail")
      .openapi({ example: "482913" }),
    dataPoints: dataPointsBody.optional(),
    declaration: z
      .object({ fullName: line(200), affirmed: z.boolean() })
      .strict()
      .optional()
      .openapi({ description: "The declaration under penalty of perjury, for a copy of specific data." }),
    confirmsAgent: z.boolean().optional().openapi({ description: "The subject confirms they authorized the agent." }),
  })
  .strict()
  .openapi("VerificationAttempt");

export const verificationResult = z
  .object({
    outcome: z.literal("verified"),
    level: z.enum(verificationLevels),
    treatedAsCategories: z
      .boolean()
      .openapi({ description: "Specific pieces could not be verified to the high level; handled as categories." }),
  })
  .openapi("VerificationResult");

/** API names to the domain's kinds of data point. */
export function toDataPoints(body: z.infer<typeof dataPointsBody> | undefined) {
  return {
    phone: body?.phone,
    account_id: body?.accountId,
    postal_code: body?.postalCode,
    card_last4: body?.cardLast4,
    date_of_birth: body?.dateOfBirth,
  };
}

const checkbox = z
  .literal("yes")
  .optional()
  .transform((value) => value === "yes");

/** The verification page's form: the same answers as the API's, by the fields' names on the page. */
export const verificationForm = z.object({
  phone: answer,
  account_id: answer,
  postal_code: answer,
  card_last4: answer,
  date_of_birth: answer,
  fullName: optionalLine(200).optional(),
  affirmed: checkbox,
  confirmsAgent: checkbox,
});
