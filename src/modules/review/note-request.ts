import { type ActionResult, assertAnswerPending, type StaffCall, staffAction } from "./staff-action.js";

/** An internal note on the request's trail; the requester never sees it. */
export function addNote(call: StaffCall<{ note: string }>) {
  return staffAction(call, async ({ request, change }): Promise<ActionResult> => {
    const version = await change({ action: "note_added", data: { note: call.input.note } });
    return { id: request.id, status: request.status, version };
  });
}

/**
 * Asks the requester for what the team needs to answer, by e-owe through the outbox in the same transaction. The
 * clock keeps running: verification and questions do not stop it (Cal. Civ. Code §1798.130(a)(2); 11 CCR §7021),
 * so ask early.
 */
export function askForInformation(call: StaffCall<{ message: string }>) {
  const { message } = call.input;
  return staffAction(call, async ({ request, change, owe }): Promise<ActionResult> => {
    assertAnswerPending(request);
    const version = await change({ action: "information_requested", data: { message } });
    await owe({ template: "information_requested", key: `information_requested:${version}`, payload: { message } });
    return { id: request.id, status: request.status, version };
  });
}
