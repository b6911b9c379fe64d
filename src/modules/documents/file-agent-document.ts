import { count, eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { requestDocuments } from "../../db/schema/index.js";
import { anonymousRequester } from "../../domain/actor.js";
import { onRequest } from "../request-lifecycle/index.js";

export const documentMediaTypes = ["application/pdf", "image/png", "image/jpeg"] as const;
export const maxDocumentBytes = 5 * 1024 * 1024;
export type DocumentMediaType = (typeof documentMediaTypes)[number];
export const maxDocumentsPerRequest = 5;

type DocumentFiling = { outcome: "filed"; documentId: number } | { outcome: "not_found" | "too_many" };

/**
 * Files an authorized agent's proof of authority (signed permission or power of attorney) with the request the
 * agent filed, while it is still being verified or reviewed. The request id, known only to the filer, is the key.
 */
export async function fileAgentDocument({
  ctx,
  input,
}: {
  ctx: AppContext;
  input: { requestId: string; mediaType: DocumentMediaType; content: Uint8Array };
}): Promise<DocumentFiling> {
  return onRequest<DocumentFiling>(
    ctx.db,
    {
      requestId: input.requestId,
      actor: anonymousRequester,
      at: ctx.now(),
      ifMissing: () => ({ outcome: "not_found" as const }),
    },
    async ({ tx, request, change }) => {
      const open = request.status === "verifying" || request.status === "in_review";
      if (!open || request.submitterRole !== "authorized_agent") return { outcome: "not_found" as const };
      const [{ filed } = { filed: 0 }] = await tx
        .select({ filed: count() })
        .from(requestDocuments)
        .where(eq(requestDocuments.requestId, request.id));
      if (filed >= maxDocumentsPerRequest) return { outcome: "too_many" as const };
      const kind = request.agentAuthority === "power_of_attorney" ? "power_of_attorney" : "agent_permission";
      const [document] = await tx
        .insert(requestDocuments)
        .values({
          requestId: request.id,
          kind,
          mediaType: input.mediaType,
          sizeBytes: input.content.byteLength,
          content: input.content,
        })
        .returning({ id: requestDocuments.id });
      if (!document) throw new Error("The document insert returned no row.");
      await change({
        action: "document_filed",
        data: { kind, mediaType: input.mediaType, sizeBytes: input.content.byteLength },
      });
      return { outcome: "filed" as const, documentId: document.id };
    },
  );
}
