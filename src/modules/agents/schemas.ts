import { z } from "@hono/zod-openapi";
import { isVerifyKey } from "../../domain/drp.js";
import { line } from "../../http/shared-schemas.js";

/**
 * An agent as the consortium's directory lists it (`agent.schema.json`), with the fields we keep: its id, name and
 * Ed25519 verify key (base64 of 32 bytes), its sites and contacts. Fields we do not keep are ignored on import.
 */
/** An agent's id as the directory spells it. */
export const agentIdPattern = /^[A-Za-z0-9_.-]{1,100}$/;

export const agentEntry = z
  .object({
    id: z.string().regex(agentIdPattern, "must be the agent's directory id").openapi({ example: "CR_AA_DRP_ID_001" }),
    name: line(200).pipe(z.string().min(1, "must not be empty")),
    verify_key: z.string().refine(isVerifyKey, "must be a base64 Ed25519 public key (32 bytes)"),
    web_url: z.url().max(500).optional(),
    identity_assurance_url: z.url().max(500).optional(),
    technical_contact: line(300).optional(),
    business_contact: line(300).optional(),
  })
  .openapi("DrpAgentEntry");
export type AgentEntry = z.infer<typeof agentEntry>;

export const agentChange = z
  .object({
    version: z.number().int().positive().openapi({ description: "The version you loaded; a stale one is refused." }),
    name: agentEntry.shape.name.optional(),
    verify_key: agentEntry.shape.verify_key.optional(),
    technical_contact: agentEntry.shape.technical_contact,
    business_contact: agentEntry.shape.business_contact,
    enabled: z.boolean().optional().openapi({ description: "A disabled agent's calls are refused." }),
  })
  .strict()
  .openapi("DrpAgentChange");
export type AgentChange = z.infer<typeof agentChange>;

export const agentView = z
  .object({
    id: z.string(),
    name: z.string(),
    verify_key: z.string(),
    web_url: z.string().nullable(),
    identity_assurance_url: z.string().nullable(),
    technical_contact: z.string().nullable(),
    business_contact: z.string().nullable(),
    enabled: z.boolean(),
    paired: z.boolean().openapi({ description: "Whether the agent has set up its pair-wise token with us." }),
    version: z.number().int(),
  })
  .openapi("DrpAgent");
export type AgentView = z.infer<typeof agentView>;
