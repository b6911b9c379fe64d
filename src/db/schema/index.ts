export * from "./idempotency-keys.js";
export * from "./outbox.js";
export * from "./rate-limits.js";
export * from "./request-documents.js";
export * from "./request-events.js";
export * from "./requests.js";
export * from "./subject-records.js";
export * from "./verifications.js";
