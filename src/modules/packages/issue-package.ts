import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { accessPackages } from "../../db/schema/index.js";
import { addHoursToInstant } from "../../domain/calendar.js";
import { contentsOf } from "../../domain/package-contents.js";
import type { RequestKind } from "../../domain/vocabulary.js";
import { keyedHash } from "../../security/secrets.js";
import type { RequestWork } from "../request-lifecycle/index.js";

/**
 * The requests whose answer is a package: a copy of the data or a summary of it, the third parties it went to (the
 * records the systems that disclose data report), the data a profiling decision used.
 */
export const packagedKinds: readonly RequestKind[] = [
  "access",
  "portability",
  "third_party_list",
  "question_profiling",
];

/** A package link is found by the keyed hash of its token: the database alone cannot rebuild a working link. */
export const linkHashOf = (tokenSecret: string, token: string) => keyedHash(tokenSecret, "package-link", token);

/**
 * Gives an access request's package a new link, valid PACKAGE_LINK_DAYS for PACKAGE_DOWNLOAD_LIMIT downloads, and
 * owes the requester the e-mail that carries it (the link sealed in the outbox), within the work on the request:
 * at completion, and again whenever staff reissue it, which ends the old link and any code sent for it.
 */
export async function issuePackage(ctx: AppContext, work: RequestWork): Promise<void> {
  const { token, expiresAt, issues } = await newPackageLink(ctx, work);
  await work.owe({
    template: "access_package_ready",
    key: `access_package:${issues}`,
    payload: {
      downloadUrl: new URL(`/packages/${token}`, ctx.config.PUBLIC_BASE_URL).toString(),
      expiresAt: expiresAt.toISOString(),
      maxDownloads: ctx.config.PACKAGE_DOWNLOAD_LIMIT,
      contents: contentsOf(work.request),
    },
    sealKey: ctx.config.TOKEN_SECRET,
  });
}

/**
 * A request's package with a new link and a fresh count of downloads. A controller's export has one too, never
 * sent: its token is the controller's credential, and the package's expiry is what ends the records' keeping.
 */
export async function newPackageLink(ctx: AppContext, { tx, request, at }: Pick<RequestWork, "tx" | "request" | "at">) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = addHoursToInstant(at, ctx.config.PACKAGE_LINK_DAYS * 24);
  const fields = {
    linkHash: linkHashOf(ctx.config.TOKEN_SECRET, token),
    expiresAt,
    downloadLimit: ctx.config.PACKAGE_DOWNLOAD_LIMIT,
    downloads: 0,
    codeHash: null,
    codeSentAt: null,
    codeExpiresAt: null,
    codeAttempts: 0,
  };
  const [issued] = await tx
    .insert(accessPackages)
    .values({ requestId: request.id, createdAt: at, ...fields })
    .onConflictDoUpdate({
      target: accessPackages.requestId,
      set: { ...fields, issues: sql`${accessPackages.issues} + 1` },
    })
    .returning({ issues: accessPackages.issues });
  return { token, expiresAt, issues: issued?.issues ?? 1 };
}

/** Where a request's package stands, for the team: never its link, which only the requester holds. */
export async function packageOf(ctx: AppContext, requestId: string) {
  const [pkg] = await ctx.db
    .select({
      expiresAt: accessPackages.expiresAt,
      downloads: accessPackages.downloads,
      downloadLimit: accessPackages.downloadLimit,
      issues: accessPackages.issues,
      lastDownloadAt: accessPackages.lastDownloadAt,
      recordsPurgedAt: accessPackages.recordsPurgedAt,
    })
    .from(accessPackages)
    .where(eq(accessPackages.requestId, requestId));
  return pkg ?? null;
}
