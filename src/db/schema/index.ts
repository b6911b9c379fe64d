export * from "./idempotency-keys.js";
export * from "./outbox.js";
export * from "./request-events.js";
export * from "./requests.js";
