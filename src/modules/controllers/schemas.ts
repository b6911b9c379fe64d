import { z } from "@hono/zod-openapi";
import { emailAddress, line } from "../../http/shared-schemas.js";
import { webhookUrl } from "../data-systems/schemas.js";

const uniqueItems = <T>(items: T[]) => new Set(items).size === items.length;
const keyList = <T extends z.ZodType>(item: T, description: string) =>
  z.array(item).max(10_000).refine(uniqueItems, "must not repeat a value").openapi({ description });

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    "must be a domain such as acme.example",
  );

const keys = z
  .object({
    accountIds: keyList(line(200), "Accounts in our product that hold its data (kept only as keyed hashes)."),
    tenantIds: keyList(line(200), "Its tenants (workspaces) in our product."),
    emailDomains: keyList(domain, "Domains of its workforce's e-mail addresses."),
    subjects: keyList(emailAddress, "People whose data we hold for it, by e-mail (kept only as keyed hashes)."),
  })
  .partial()
  .openapi("ControllerKeys");
export type ControllerKeysInput = z.infer<typeof keys>;

const described = {
  legalName: line(200).openapi({ example: "Acme Corporation" }),
  contacts: z
    .array(z.object({ name: line(200), email: emailAddress }))
    .min(1)
    .max(10)
    .openapi({ description: "Its privacy contacts: routed requests are e-mailed to each." }),
  mayBeNamed: z.boolean().openapi({ description: "Whether the contract lets us name it to a requester." }),
  describedAs: line(300).openapi({
    description: "How a requester reads of it when it may not be named.",
    example: "a business customer of ours that uses our product for its own customers",
  }),
  forwardingBusinessDays: z
    .number()
    .int()
    .min(1)
    .max(30)
    .openapi({ description: "The contract's deadline for forwarding a request to it, in business days." }),
};

export const controllerRegistration = z
  .object({
    ...described,
    describedAs: described.describedAs.default("a business customer of ours"),
    forwardingBusinessDays: described.forwardingBusinessDays.default(5),
    webhookUrl: webhookUrl.optional().openapi({ description: "Where routed requests are posted, signed." }),
    keys: keys.default({}),
  })
  .strict()
  .openapi("ControllerRegistration");
export type ControllerRegistration = z.infer<typeof controllerRegistration>;

export const controllerChange = z
  .object({
    version: z.number().int().positive().openapi({ description: "The version you loaded; a stale one is refused." }),
    legalName: described.legalName.optional(),
    contacts: described.contacts.optional(),
    mayBeNamed: described.mayBeNamed.optional(),
    describedAs: described.describedAs.optional(),
    forwardingBusinessDays: described.forwardingBusinessDays.optional(),
    webhookUrl: webhookUrl.optional(),
    keys: keys.optional().openapi({ description: "Each list given replaces the one held; lists left out stay." }),
    enabled: z.boolean().optional().openapi({ description: "A disabled controller has no new requests routed to it." }),
  })
  .strict()
  .openapi("ControllerChange");
export type ControllerChange = z.infer<typeof controllerChange>;

export const controllerView = z
  .object({
    id: z.uuid(),
    legalName: z.string(),
    contacts: z.array(z.object({ name: z.string(), email: z.string() })),
    mayBeNamed: z.boolean(),
    describedAs: z.string(),
    webhookUrl: z.string().nullable(),
    forwardingBusinessDays: z.number().int(),
    keys: z.object({
      accountIds: z.number().int().openapi({ description: "How many: they are kept only as hashes." }),
      tenantIds: z.array(z.string()),
      emailDomains: z.array(z.string()),
      subjects: z.number().int().openapi({ description: "How many: they are kept only as hashes." }),
    }),
    enabled: z.boolean(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("Controller");
export type ControllerView = z.infer<typeof controllerView>;
