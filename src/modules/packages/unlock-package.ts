import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { accessPackages, requests } from "../../db/schema/index.js";
import { keyedHash, sameDigest } from "../../security/secrets.js";
import { onRequest, type RequestRow, type RequestWork } from "../request-lifecycle/index.js";
import { linkHashOf } from "./issue-package.js";

type Package = typeof accessPackages.$inferSelect;

/** How long a download code works, how many wrong tries it takes, and how soon another may be sent. */
const codeMinutes = 30;
const codeAttempts = 5;
const codeIntervalMs = 60_000;

/** Where a package link stands, for the page to say so kindly. */
export type PackageStanding =
  | { state: "not_found" }
  | { state: "expired" | "used_up"; trackingNumber: string }
  | { state: "open"; trackingNumber: string; expiresAt: Date; downloadsLeft: number; codeSent: boolean };

const codeHashOf = (tokenSecret: string, packageId: string, code: string) =>
  keyedHash(tokenSecret, "package-code", `${packageId}:${code}`);

function standingOf(pkg: Package, trackingNumber: string, at: Date): PackageStanding {
  if (pkg.expiresAt <= at) return { state: "expired", trackingNumber };
  if (pkg.downloads >= pkg.downloadLimit) return { state: "used_up", trackingNumber };
  return {
    state: "open",
    trackingNumber,
    expiresAt: pkg.expiresAt,
    downloadsLeft: pkg.downloadLimit - pkg.downloads,
    codeSent: Boolean(pkg.codeHash && pkg.codeExpiresAt && pkg.codeExpiresAt > at),
  };
}

/**
 * Which package: the one behind an e-mailed link, or the one of a request its requester has identified on the status
 * page (its tracking number and their address). Either way the download needs the code sent to the requester.
 */
export type PackageKey = { token: string } | { requestId: string };

async function findPackage(ctx: AppContext, key: PackageKey): Promise<Package | undefined> {
  const [pkg] = await ctx.db
    .select()
    .from(accessPackages)
    .where(
      "token" in key
        ? eq(accessPackages.linkHash, linkHashOf(ctx.config.TOKEN_SECRET, key.token))
        : eq(accessPackages.requestId, key.requestId),
    );
  return pkg;
}

/** Where a request's package stands, if it has one, for the status page. */
export async function packageStandingOf(ctx: AppContext, requestId: string): Promise<PackageStanding | undefined> {
  const pkg = await findPackage(ctx, { requestId });
  return pkg ? standingOf(pkg, "", ctx.now()) : undefined;
}

/** What the link's page shows; reading it changes nothing. */
export async function describePackage(ctx: AppContext, token: string): Promise<PackageStanding> {
  const [found] = await ctx.db
    .select({ pkg: accessPackages, trackingNumber: requests.trackingNumber })
    .from(accessPackages)
    .innerJoin(requests, eq(requests.id, accessPackages.requestId))
    .where(eq(accessPackages.linkHash, linkHashOf(ctx.config.TOKEN_SECRET, token)));
  return found ? standingOf(found.pkg, found.trackingNumber, ctx.now()) : { state: "not_found" };
}

/** Runs `work` on the package and its request, both locked, so two tabs cannot both spend its last download. */
async function withRequest<T>(
  ctx: AppContext,
  pkg: Package,
  work: (locked: Package, request: RequestRow, requestWork: RequestWork) => Promise<T>,
): Promise<T> {
  return onRequest(
    ctx.db,
    { requestId: pkg.requestId, actor: { type: "requester", credential: "package_link" }, at: ctx.now() },
    async (requestWork) => {
      const [locked] = await requestWork.tx
        .select()
        .from(accessPackages)
        .where(eq(accessPackages.id, pkg.id))
        .for("update");
      return work(locked as Package, requestWork.request, requestWork);
    },
  );
}

export type CodeOutcome = PackageStanding | { state: "too_soon"; trackingNumber: string };

/**
 * Sends a fresh download code to the requester's address (the filer's, who received the link), which ends any code
 * sent before. One a minute at most, so the link cannot be used to flood the address.
 */
export async function sendPackageCode(ctx: AppContext, key: PackageKey): Promise<CodeOutcome> {
  const pkg = await findPackage(ctx, key);
  if (!pkg) return { state: "not_found" };
  return withRequest(ctx, pkg, async (locked, request, { tx, at, owe }) => {
    const standing = standingOf(locked, request.trackingNumber, at);
    if (standing.state !== "open") return standing;
    if (locked.codeSentAt && at.getTime() - locked.codeSentAt.getTime() < codeIntervalMs) {
      return { state: "too_soon", trackingNumber: request.trackingNumber };
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    const expiresAt = new Date(at.getTime() + codeMinutes * 60_000);
    await tx
      .update(accessPackages)
      .set({
        codeHash: codeHashOf(ctx.config.TOKEN_SECRET, locked.id, code),
        codeSentAt: at,
        codeExpiresAt: expiresAt,
        codeAttempts: 0,
      })
      .where(eq(accessPackages.id, locked.id));
    await owe({
      template: "package_code",
      key: `package_code:${locked.issues}:${at.getTime()}`,
      payload: { code, expiresAt: expiresAt.toISOString() },
      sealKey: ctx.config.TOKEN_SECRET,
    });
    return { ...standing, codeSent: true };
  });
}

export type OpenOutcome =
  | Exclude<PackageStanding, { state: "open" }>
  | { state: "wrong_code" | "no_code"; trackingNumber: string }
  | { state: "open"; requestId: string; trackingNumber: string };

/**
 * Spends a code on one download: the right code, within its half hour and its five tries, opens the package once
 * (the code is then used up) and counts the download on the request's trail.
 */
export async function openPackage(ctx: AppContext, key: PackageKey, code: string): Promise<OpenOutcome> {
  const pkg = await findPackage(ctx, key);
  if (!pkg) return { state: "not_found" };
  return withRequest(ctx, pkg, async (locked, request, { tx, at, change }) => {
    const standing = standingOf(locked, request.trackingNumber, at);
    if (standing.state !== "open") return standing;
    const { trackingNumber } = request;
    if (
      !locked.codeHash ||
      !locked.codeExpiresAt ||
      locked.codeExpiresAt <= at ||
      locked.codeAttempts >= codeAttempts
    ) {
      return { state: "no_code", trackingNumber };
    }
    if (!sameDigest(codeHashOf(ctx.config.TOKEN_SECRET, locked.id, code), locked.codeHash)) {
      await tx
        .update(accessPackages)
        .set({ codeAttempts: locked.codeAttempts + 1 })
        .where(eq(accessPackages.id, locked.id));
      return { state: "wrong_code", trackingNumber };
    }
    const downloads = locked.downloads + 1;
    await tx
      .update(accessPackages)
      .set({ downloads, lastDownloadAt: at, codeHash: null, codeExpiresAt: null, codeAttempts: 0 })
      .where(eq(accessPackages.id, locked.id));
    await change({ action: "package_downloaded", data: { download: downloads, of: locked.downloadLimit } });
    return { state: "open", requestId: request.id, trackingNumber };
  });
}
