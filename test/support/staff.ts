import type { StaffRole } from "../../src/domain/actor.js";
import { createStaffToken } from "../../src/modules/staff/staff-tokens.js";
import { type Harness, json } from "./harness.js";

let counter = 0;

export interface StaffMember {
  id: string;
  email: string;
  token: string;
  get(path: string): Promise<Response>;
  post(path: string, body: unknown): Promise<Response>;
  /** POSTs an action on a request at the version given, and returns the parsed answer with its status. */
  // biome-ignore lint/suspicious/noExplicitAny: assertions check the shape.
  act(requestId: string, action: string, body: Record<string, unknown>): Promise<{ status: number; body: any }>;
}

/** A staff member of the role with a fresh token, and calls made as them. */
export async function staffMember(h: Harness, role: StaffRole): Promise<StaffMember> {
  counter += 1;
  const email = `${role}-${counter}-${Math.random()}@staff.example`;
  const { staffId, token } = await createStaffToken(
    h.ctx.db,
    {
      email,
      role,
      label: "test",
    },
    h.by(),
  );
  const authorization = `Bearer ${token}`;
  const post = async (path: string, body: unknown) =>
    h.app.request(path, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  return {
    id: staffId,
    email,
    token,
    get: async (path) => h.app.request(path, { headers: { authorization } }),
    post,
    act: async (requestId, action, body) => {
      const res = await post(`/v1/review/requests/${requestId}/${action}`, body);
      return { status: res.status, body: await json(res) };
    },
  };
}
