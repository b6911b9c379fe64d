import fc from "fast-check";
import type { IntakeInput } from "../../src/modules/intake/schemas.js";
import { intakeBody } from "./factories.js";

/** Strings that go wrong in databases, parsers and encodings. */
export const hostileString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udc00y",
    "\u202e",
    "\r\n",
    "😀",
    "'; drop table requests; --",
    "%00",
    "../../etc/passwd",
    "a".repeat(5000),
    "jane@example.com",
    "RD-0000-0000",
    "2026-99-99",
    "0000-01-01",
    "9999-12-31",
    "0000-01-01T00:00:00Z",
    "00000000-0000-4000-8000-000000000000",
    "NaN",
    "-1",
    "1e309",
  ),
);

const anything: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
);

type Schema = Record<string, unknown>;

/**
 * Values shaped like an OpenAPI schema but with hostile leaves: objects have the schema's keys (any of them, with
 * now and then one that is not), strings are nasty, numbers are out of range, enums are mostly right. Shaped enough
 * to get past the outer checks and reach the deep ones.
 */
export function arbitraryFor(
  schema: Schema | undefined,
  components: Record<string, Schema>,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return anything;
  if (typeof schema.$ref === "string") {
    return arbitraryFor(components[schema.$ref.split("/").pop() as string], components, depth + 1);
  }
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((one) => arbitraryFor(one, components, depth + 1)), anything);
  if (Array.isArray(schema.enum)) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...schema.enum) }, anything);
  if ("const" in schema) return fc.oneof({ weight: 4, arbitrary: fc.constant(schema.const) }, anything);
  switch (schema.type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const shaped = fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([key, value]) => [key, arbitraryFor(value, components, depth + 1)]),
        ),
        { requiredKeys: [] },
      );
      return fc.oneof(
        { weight: 6, arbitrary: shaped },
        { weight: 1, arbitrary: shaped.map((value) => ({ ...value, unexpected: "field" })) },
        { weight: 1, arbitrary: anything },
      );
    }
    case "array":
      return fc.oneof(
        {
          weight: 4,
          arbitrary: fc.array(arbitraryFor(schema.items as Schema, components, depth + 1), { maxLength: 4 }),
        },
        anything,
      );
    case "integer":
    case "number":
      return fc.oneof(fc.integer({ min: -2, max: 6 }), fc.integer(), fc.double(), anything);
    case "boolean":
      return fc.oneof(fc.boolean(), anything);
    case "string":
      return stringFor(schema);
    default:
      return anything;
  }
}

/**
 * Values that fit a schema as far as its types, formats, enums and examples tell, with one string somewhere in them
 * replaced by a hostile one: valid enough to pass every check but one, so the hostile text reaches as deep as it can.
 */
export function nearlyValidFor(schema: Schema | undefined, components: Record<string, Schema>): fc.Arbitrary<unknown> {
  return validFor(schema, components, 0).chain((value) => {
    const leaves = stringLeaves(value);
    if (leaves.length === 0) return fc.constant(value);
    return fc
      .record({ at: fc.nat({ max: leaves.length - 1 }), hostile: hostileString })
      .map(({ at, hostile }) => replaceLeaf(value, leaves[at] as (string | number)[], hostile));
  });
}

function validFor(
  schema: Schema | undefined,
  components: Record<string, Schema>,
  depth: number,
): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant("text");
  if (typeof schema.$ref === "string") {
    return validFor(components[schema.$ref.split("/").pop() as string], components, depth + 1);
  }
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((one) => validFor(one, components, depth + 1)));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  if ("const" in schema) return fc.constant(schema.const);
  if (schema.example !== undefined) return fc.constant(schema.example);
  switch (schema.type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([key, value]) => [key, validFor(value, components, depth + 1)]),
        ),
        { requiredKeys: required },
      );
    }
    case "array":
      return fc.array(validFor(schema.items as Schema, components, depth + 1), { minLength: 1, maxLength: 2 });
    case "integer":
    case "number":
      return fc.integer({ min: 1, max: 3 });
    case "boolean":
      return fc.boolean();
    case "string":
      switch (schema.format) {
        case "uuid":
          return fc.uuid();
        case "email":
          return fc.constant("jane.doe@example.com");
        case "date":
          return fc.constant("2026-12-01");
        case "date-time":
          return fc.constant("2026-11-20T15:00:00Z");
        default:
          return fc.constant("Some text that makes sense.");
      }
    default:
      return fc.constant("text");
  }
}

function stringLeaves(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value === "string") return [at];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringLeaves(item, [...at, index]));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, [...at, key]));
  }
  return [];
}

function replaceLeaf(value: unknown, at: (string | number)[], leaf: unknown): unknown {
  if (at.length === 0) return leaf;
  const [head, ...rest] = at as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = replaceLeaf(copy[head], rest, leaf);
  return copy;
}

function stringFor(schema: Schema): fc.Arbitrary<unknown> {
  const examples = schema.example !== undefined ? [fc.constant(schema.example)] : [];
  switch (schema.format) {
    case "uuid":
      return fc.oneof(fc.uuid(), hostileString);
    case "email":
      return fc.oneof(fc.emailAddress(), hostileString);
    case "date":
      return fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        hostileString,
      );
    case "date-time":
      return fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        hostileString,
      );
    default:
      return fc.oneof(...examples, hostileString, fc.string({ maxLength: 30 }));
  }
}

/** Percent-encodes a string's UTF-8 bytes, whatever it holds, where encodeURIComponent would throw. */
function percentEncode(value: string): string {
  return Array.from(Buffer.from(value, "utf8"), (byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");
}

/** Path segments and query values as they may arrive: encoded, or broken escapes and stray bytes. */
const hostileComponent = fc.oneof(
  hostileString.map((value) => percentEncode(String(value))),
  fc.constantFrom("%", "%ZZ", "%ED%A0%80", "%C0%AF", "%00", "%FF%FE"),
);

export interface Operation {
  method: string;
  path: string;
  secured: boolean;
  /** Whose token it is called with: a staff member's, a data system's or a controller's. */
  bearer: Bearer;
  parameters: { name: string; in: string; schema?: Schema }[];
  body?: Schema;
  bodyType?: string;
}

export type Bearer = "staff" | "data system" | "controller";

const bearerOf = (security: string): Bearer =>
  security.includes("dataSystemBearer")
    ? "data system"
    : security.includes("controllerBearer")
      ? "controller"
      : "staff";

/** Every operation of an OpenAPI document, with its parameters and body schema. */
export function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const content = (operation.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
      const [bodyType, body] = Object.entries(content ?? {})[0] ?? [];
      return {
        method: method.toUpperCase(),
        path,
        secured: Array.isArray(operation.security) && operation.security.length > 0,
        bearer: bearerOf(JSON.stringify(operation.security ?? [])),
        parameters: (operation.parameters ?? []) as Operation["parameters"],
        ...(body ? { body: body.schema, bodyType } : {}),
      };
    }),
  );
}

export interface FuzzedCall {
  path: string;
  init: RequestInit & { headers: Record<string, string> };
}

/** Calls of one operation: path and query filled from the schema (or the ids given), a body shaped like its schema. */
export function callsOf(
  operation: Operation,
  components: Record<string, Schema>,
  ids: string[],
): fc.Arbitrary<FuzzedCall> {
  const pathParams = operation.parameters.filter((parameter) => parameter.in === "path");
  const queryParams = operation.parameters.filter((parameter) => parameter.in === "query");
  const pathValue = fc.oneof(
    { weight: 3, arbitrary: ids.length ? fc.constantFrom(...ids) : fc.uuid() },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: hostileComponent },
  );
  const queryValue = (parameter: Operation["parameters"][number]) =>
    fc.oneof(
      {
        weight: 4,
        arbitrary: arbitraryFor(parameter.schema, components).map((value) =>
          percentEncode(typeof value === "string" ? value : (JSON.stringify(value) ?? "")),
        ),
      },
      { weight: 1, arbitrary: hostileComponent },
    );
  const query = fc.record(Object.fromEntries(queryParams.map((parameter) => [parameter.name, queryValue(parameter)])), {
    requiredKeys: [],
  });
  const body = operation.body
    ? fc.oneof(
        { weight: 3, arbitrary: nearlyValidFor(operation.body, components) },
        { weight: 2, arbitrary: arbitraryFor(operation.body, components) },
      )
    : fc.constant(undefined);
  const bodyText = fc.oneof(
    { weight: 8, arbitrary: body.map((value) => JSON.stringify(value) ?? "") },
    { weight: 1, arbitrary: fc.constantFrom("{", "null", "[]", "\u0000", '{"a":"\\ud800"}') },
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant(operation.bodyType ?? "application/json") },
    {
      weight: 1,
      arbitrary: fc.constantFrom("text/plain", "multipart/form-data; boundary=x", "application/json; charset=latin1"),
    },
  );
  return fc
    .record({
      params: fc.array(pathValue, { minLength: pathParams.length, maxLength: pathParams.length }),
      query,
      bodyText,
      contentType,
    })
    .map(({ params, query: values, bodyText: text, contentType: type }): FuzzedCall => {
      let path = operation.path;
      for (const value of params) path = path.replace(/\{[^}]+\}/, String(value));
      const queryText = Object.entries(values)
        .map(([name, value]) => `${name}=${value}`)
        .join("&");
      const hasBody = operation.method !== "GET" && operation.method !== "DELETE";
      return {
        path: `${path}${queryText ? `?${queryText}` : ""}`,
        init: {
          method: operation.method,
          headers: hasBody ? { "content-type": type } : ({} as Record<string, string>),
          ...(hasBody ? { body: text } : {}),
        },
      };
    });
}

/**
 * Form posts for the pages: every field filled with a plausible value but one, which is hostile; fields hostile at
 * random; broken multipart bodies; the wrong types.
 */
export function formPosts(path: fc.Arbitrary<string>, fields: Record<string, string>): fc.Arbitrary<FuzzedCall> {
  const names = Object.keys(fields);
  const oneHostile = fc
    .record({ at: fc.constantFrom(...names), hostile: hostileString.map(String) })
    .map(({ at, hostile }) => ({ ...fields, [at]: hostile }));
  const anyHostile = fc.dictionary(fc.constantFrom(...names, "_csrf", "junk"), hostileString.map(String), {
    maxKeys: names.length + 1,
  });
  const values = fc.oneof({ weight: 3, arbitrary: oneHostile }, { weight: 1, arbitrary: anyHostile });
  return fc.oneof(
    fc.record({ path, values }).map(({ path: to, values: form }) => ({
      path: to,
      init: {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: Object.entries(form)
          .map(([name, value]) => `${name}=${percentEncode(value)}`)
          .join("&"),
      },
    })),
    fc.record({ path, raw: fc.string({ unit: "binary", maxLength: 200 }) }).map(({ path: to, raw }) => ({
      path: to,
      init: { method: "POST", headers: { "content-type": "multipart/form-data; boundary=----x" }, body: raw },
    })),
    fc.record({ path, raw: hostileString }).map(({ path: to, raw }) => ({
      path: to,
      init: { method: "POST", headers: { "content-type": "multipart/form-data" }, body: String(raw) },
    })),
    fc.record({ path, raw: hostileString }).map(({ path: to, raw }) => ({
      path: to,
      init: { method: "POST", headers: { "content-type": "application/json" }, body: String(raw) },
    })),
  );
}

/**
 * Every page's form, with fields that would be accepted: the requester's status look-up and appeal (for a refused
 * request), the verification page (its real link and broken ones), staff sign-in and sign-out.
 */
export function pageForms({
  trackingNumber,
  verifyToken,
  staffEmail,
  formToken = "",
}: {
  trackingNumber: string;
  verifyToken: string;
  staffEmail: string;
  /** A live anti-forgery token of the request form, from its page; without one the form is refused before parsing. */
  formToken?: string;
}): { route: string; path: fc.Arbitrary<string>; fields: Record<string, string> }[] {
  const requester = { trackingNumber, email: "jane.doe@example.com" };
  return [
    {
      route: "POST /privacy/request",
      path: fc.constant("/privacy/request"),
      fields: {
        formToken,
        kind: "correction",
        jurisdiction: "US-CA",
        "subject.name": "Jane Doe",
        "subject.email": "jane.doe@example.com",
        role: "authorized_agent",
        "submittedBy.name": "Ann Agent",
        "submittedBy.email": "ann@agents.example",
        "submittedBy.authority": "signed_permission",
        "optOut.sale": "yes",
        ageBand: "13_15",
        "corrections.0.field": "postal address",
        "corrections.0.requestedValue": "1 Main St",
        details: "Thanks.",
      },
    },
    { route: "POST /status", path: fc.constant("/status"), fields: requester },
    { route: "POST /appeal", path: fc.constant("/appeal"), fields: { ...requester, statement: "I disagree." } },
    {
      route: "POST /complaint",
      path: fc.constant("/complaint"),
      fields: { ...requester, name: "Jane Doe", jurisdiction: "GB", statement: "You ignored me." },
    },
    {
      route: "POST /verify/{token}",
      path: fc.oneof(
        fc.constant(`/verify/${verifyToken}`),
        fc.constant("/verify/not-a-token"),
        fc.string().map((t) => `/verify/${percentEncode(t)}`),
      ),
      fields: {
        phone: "4155550100",
        account_id: "A-1",
        postal_code: "94105",
        card_last4: "4242",
        date_of_birth: "1990-07-04",
        fullName: "Jane Doe",
        affirmed: "yes",
        confirmsAgent: "yes",
      },
    },
    {
      route: "POST /staff/login",
      path: fc.constant("/staff/login"),
      fields: { email: staffEmail, password: "a passphrase of some length", next: "/staff" },
    },
    { route: "POST /staff/logout", path: fc.constant("/staff/logout"), fields: { _csrf: "0".repeat(64) } },
    {
      route: "POST /staff/setup",
      path: fc.constant("/staff/setup"),
      fields: {
        token: "1700000000.forged",
        name: "Ada",
        email: staffEmail,
        password: "a long passphrase",
        confirmation: "x",
      },
    },
    {
      route: "POST /correction-statement",
      path: fc.constant("/correction-statement"),
      fields: { ...requester, statement: "It is wrong." },
    },
    ...["/status/package/code", "/status/package/download", "/status/withdraw", "/status/proof"].map((path) => ({
      route: `POST ${path}`,
      path: fc.constant(path),
      fields: { ...requester, code: "123456", confirm: "yes" },
    })),
    ...["code", "download"].map((step) => ({
      route: `POST /packages/{token}/${step}`,
      path: fc.oneof(
        fc.constant(`/packages/${"A".repeat(43)}/${step}`),
        fc.string().map((t) => `/packages/${percentEncode(t)}/${step}`),
      ),
      fields: { code: "123456" },
    })),
  ];
}

/**
 * The requests a fuzz run aims its calls at, all of the one subject `pageForms` names: the first to be refused (so
 * appeals have something to reach), the second awaiting verification (so its link is live), and an EU access and an
 * agent's deletion for the rules that differ.
 */
export function targetRequests(): IntakeInput[] {
  const subject = { name: "Jane", email: "jane.doe@example.com" };
  return [
    {},
    { kind: "deletion" as const },
    { kind: "access" as const, jurisdiction: "EU" as const },
    {
      kind: "deletion" as const,
      submittedBy: {
        role: "authorized_agent" as const,
        name: "A",
        email: "agent@example.com",
        authority: "signed_permission" as const,
      },
    },
  ].map((overrides) => intakeBody({ subject, ...overrides }));
}

/**
 * The review desk's forms, posted by a signed-in colleague with the session's anti-forgery token: every action on a
 * request, the team, systems, controllers and dead letters.
 */
export function deskForms(
  requestId: string,
  csrf: string,
): { route: string; path: fc.Arbitrary<string>; fields: Record<string, string> }[] {
  const actions = [
    "claim",
    "assign",
    "fulfil",
    "deny",
    "extend",
    "information-requests",
    "complete",
    "close-task",
    "reissue-package",
    "duplicate",
    "withdraw",
    "appeal-decision",
    "notes",
    "no-such-action",
  ];
  return [
    {
      route: "POST /staff/requests/{id}/act/{action}",
      path: fc.oneof(
        fc.constantFrom(...actions).map((action) => `/staff/requests/${requestId}/act/${action}`),
        fc.string().map((t) => `/staff/requests/${percentEncode(t)}/act/notes`),
      ),
      fields: {
        _csrf: csrf,
        version: "1",
        seen: "0",
        assigneeId: "",
        scope: "partial",
        ground: "legal_matters",
        explanation: "An explanation of the decision.",
        reason: "A reason that is long enough.",
        until: "2027-01-01",
        message: "Which account?",
        note: "A note.",
        taskId: "00000000-0000-4000-8000-000000000000",
        outcome: "done",
        originalId: requestId,
        "corrections.0.field": "address",
        "corrections.0.accept": "no",
      },
    },
    {
      route: "POST /staff/team",
      path: fc.constant("/staff/team"),
      fields: { _csrf: csrf, name: "N", email: "n@example.com", role: "reviewer", password: "a long first password" },
    },
    {
      route: "POST /staff/team/role",
      path: fc.constant("/staff/team/role"),
      fields: { _csrf: csrf, email: "n@example.com", role: "auditor" },
    },
    ...["/staff/data-systems", "/staff/controllers", "/staff/agents"].map((path) => ({
      route: `POST ${path}`,
      path: fc.constant(path),
      fields: { _csrf: csrf, id: requestId, version: "1", enabled: "no" },
    })),
    { route: "POST /staff/dead-letters", path: fc.constant("/staff/dead-letters"), fields: { _csrf: csrf, id: "1" } },
    {
      route: "POST /staff/complaints/{id}/answer",
      path: fc.oneof(
        fc.constant(`/staff/complaints/${requestId}/answer`),
        fc.string().map((t) => `/staff/complaints/${percentEncode(t)}/answer`),
      ),
      fields: { _csrf: csrf, outcome: "not_upheld", explanation: "We found we answered in time." },
    },
  ];
}
