import type { StaffRole } from "../../src/domain/actor.js";
import { csrfTokenFor, setStaffPassword } from "../../src/modules/staff/staff-sessions.js";
import { createStaffToken } from "../../src/modules/staff/staff-tokens.js";
import type { Harness } from "./harness.js";

const origin = "http://localhost:3000";
const password = "a desk passphrase, long enough";
let counter = 0;

export interface DeskUser {
  id: string;
  name: string;
  email: string;
  /** The session cookie and its anti-forgery token, for calls made by hand. */
  cookie: string;
  csrf: string;
  /** A page as this colleague's browser gets it, with its status and text. */
  get(path: string): Promise<{ status: number; page: string; location: string | null }>;
  /** A form posted from one of our pages, with the session's anti-forgery token. */
  post(path: string, fields: Record<string, string>): Promise<{ status: number; page: string }>;
}

/** A colleague of the role, with a name and a password, signed in to the desk through the sign-in page. */
export async function signedIn(h: Harness, role: StaffRole, name = `${role} ${++counter}`): Promise<DeskUser> {
  const email = `${role}.${counter}.${Math.random().toString(36).slice(2)}@staff.example`;
  const { staffId } = await createStaffToken(h.ctx.db, { email, role, name, label: "test" }, h.by());
  await setStaffPassword(h.ctx.db, email, password, h.by());
  const login = await h.app.request("/staff/login", {
    method: "POST",
    headers: { origin },
    body: new URLSearchParams({ email, password }),
  });
  if (login.status !== 303) throw new Error(`sign-in answered ${login.status}`);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const session = cookie.split("=")[1] ?? "";
  const csrf = csrfTokenFor(session, h.ctx.config.TOKEN_SECRET);
  return {
    id: staffId,
    name,
    email,
    cookie,
    csrf,
    async get(path) {
      const res = await h.app.request(path, { headers: { cookie } });
      return { status: res.status, page: await res.text(), location: res.headers.get("location") };
    },
    async post(path, fields) {
      const res = await h.app.request(path, {
        method: "POST",
        headers: { cookie, origin },
        body: new URLSearchParams({ _csrf: csrf, ...fields }),
      });
      return { status: res.status, page: await res.text() };
    },
  };
}

/** The hidden fields an action's form on a request page carries: the version loaded and the last entry seen. */
export function loadedAt(page: string, action: string): { version: string; seen: string } {
  const form = new RegExp(
    `act/${action}"[\\s\\S]*?name="version" value="(\\d+)"[\\s\\S]*?name="seen" value="(\\d+)"`,
  ).exec(page);
  if (!form?.[1] || !form[2]) throw new Error(`the page has no ${action} form`);
  return { version: form[1], seen: form[2] };
}
