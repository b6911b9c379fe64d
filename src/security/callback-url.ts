import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP } from "node:net";

/**
 * Where we may POST a URL someone else gave us (a DRP agent's status callback) without it becoming a way into our
 * own network: https only, and never to a private, loopback, link-local or otherwise internal address, checked on
 * the address the name resolves to when we connect (so a name that resolves elsewhere later gains nothing).
 * `allowInsecure` (local testing only) permits http and loopback.
 */
const internal = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  internal.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  internal.addSubnet(network, prefix, "ipv6");
}
const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/** Whether an address is one we never call: internal, unless it is loopback and insecure calls are allowed. */
export function isForbiddenAddress(address: string, allowInsecure: boolean): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const plain = mapped ?? address;
  const family = isIP(plain) === 6 ? "ipv6" : "ipv4";
  if (allowInsecure && loopback.check(plain, family)) return false;
  return internal.check(plain, family);
}

/** Why a callback URL is refused before any call, or undefined when it may be tried. */
export function callbackUrlProblem(url: string, allowInsecure: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL";
  }
  if (parsed.protocol !== "https:" && !(allowInsecure && parsed.protocol === "http:")) return "must be an https URL";
  if (parsed.username || parsed.password) return "must not carry credentials";
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && isForbiddenAddress(host, allowInsecure)) return "must not point at an internal address";
  if (!isIP(host) && /^(localhost|.*\.localhost|.*\.internal|.*\.local)$/i.test(host) && !allowInsecure) {
    return "must not point at an internal host";
  }
  return undefined;
}

export class ForbiddenCallback extends Error {
  constructor(reason: string) {
    super(`The callback URL ${reason}.`);
    this.name = "ForbiddenCallback";
  }
}

/**
 * POSTs JSON to a callback URL, connecting only to an address that passed the check (the check runs in the socket's
 * own lookup), and answers the status. A refused URL or address throws `ForbiddenCallback`.
 */
export function postJsonToCallback(
  url: string,
  body: unknown,
  {
    allowInsecure,
    timeoutMs = 10_000,
    resolve: resolveName = dnsLookup,
  }: {
    allowInsecure: boolean;
    timeoutMs?: number;
    /** How names are resolved: the system's resolver, or a test's. */
    resolve?: typeof dnsLookup;
  },
): Promise<number> {
  const problem = callbackUrlProblem(url, allowInsecure);
  if (problem) return Promise.reject(new ForbiddenCallback(problem));
  const payload = Buffer.from(JSON.stringify(body));
  const target = new URL(url);
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      target,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": payload.length },
        timeout: timeoutMs,
        lookup: (hostname, options, callback) => {
          resolveName(hostname, { ...options, all: true }, (error, addresses) => {
            if (error) return callback(error, "", 4);
            const list = addresses as LookupAddress[];
            const refused = list.find((entry) => isForbiddenAddress(entry.address, allowInsecure));
            if (refused || list.length === 0) {
              return callback(new ForbiddenCallback("resolves to an internal address"), "", 4);
            }
            const first = list[0] as LookupAddress;
            // Node asks for every address when it races them (autoSelectFamily); otherwise for one.
            if ((options as { all?: boolean }).all)
              return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
            return callback(null, first.address, first.family);
          });
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error("The callback did not answer in time.")));
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
}
