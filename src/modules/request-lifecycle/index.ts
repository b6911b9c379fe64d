/**
 * The request door: the only module that writes requests and their audit events. Everything that opens a request
 * or changes one (intake, staff intake, minors, verification, review, appeals, jobs) comes through here.
 */
export { filerOfRequest, type RequestMessage } from "./filer.js";
export { type Change, onRequest, type RequestCall, type RequestWork } from "./on-request.js";
export { type Opening, openRequest } from "./open-request.js";
export type { ChangeableFields, NewRequestRow, RequestRow } from "./request-row.js";
