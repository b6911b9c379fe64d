import { bigint, customType, index, integer, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns.js";
import { requests } from "./requests.js";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

export const documentKind = pgEnum("document_kind", ["agent_permission", "power_of_attorney", "intake_scan"]);

/** Papers filed with a request, such as an agent's signed permission; kept with the request for its records. */
export const requestDocuments = pgTable(
  "request_documents",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => requests.id),
    kind: documentKind("kind").notNull(),
    mediaType: text("media_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    content: bytea("content").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("request_documents_by_request").on(table.requestId)],
);
