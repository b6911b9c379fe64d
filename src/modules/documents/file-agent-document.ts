import { count, eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { requestDocuments, requests } from "../../db/schema/index.js";
import { recordEvent } from "../audit/record-event.js";

export const documentMediaTypes = ["application/pdf", "image/png", "image/jpeg"] as const;
export const maxDocumentBytes = 5 * 1024 * 1024;
export type DocumentMediaType = (typeof documentMediaTypes)[number];
export const maxDocumentsPerRequest = 5;

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
}): Promise<{ outcome: "filed"; documentId: number } | { outcome: "not_found" | "too_many" }> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [request] = await tx.select().from(requests).where(eq(requests.id, input.requestId)).for("update");
    const open = request?.status === "verifying" || request?.status === "in_review";
    if (!request || !open || request.submitterRole !== "authorized_agent") return { outcome: "not_found" };
    const [{ filed } = { filed: 0 }] = await tx
      .select({ filed: count() })
      .from(requestDocuments)
      .where(eq(requestDocuments.requestId, request.id));
    if (filed >= maxDocumentsPerRequest) return { outcome: "too_many" };
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
    await recordEvent(tx, {
      requestId: request.id,
      at: now,
      actor: { type: "requester" },
      action: "document_filed",
      data: { kind, mediaType: input.mediaType, sizeBytes: input.content.byteLength },
    });
    if (!document) throw new Error("The document insert returned no row.");
    return { outcome: "filed", documentId: document.id };
  });
}
