import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { requireTokenSecret, resolveTokenSecret } from "../../src/security/token-secret.js";

describe("the token secret", () => {
  it("is made once on the embedded database and kept beside its data, readable by its owner only", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "rightsdesk-secret-"));
    const first = await resolveTokenSecret(loadConfig({ DATA_DIR: dataDir }));
    const again = await resolveTokenSecret(loadConfig({ DATA_DIR: dataDir }));
    expect(first.TOKEN_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(again.TOKEN_SECRET).toBe(first.TOKEN_SECRET);
    expect(await readFile(join(dataDir, "token-secret"), "utf8")).toBe(first.TOKEN_SECRET);
    expect((await stat(join(dataDir, "token-secret"))).mode & 0o077).toBe(0);
  });

  it("must be configured with a shared PostgreSQL and on Workers", async () => {
    await expect(resolveTokenSecret(loadConfig({ DATABASE_URL: "postgres://db/x" }))).rejects.toThrow(/TOKEN_SECRET/);
    expect(() => requireTokenSecret(loadConfig({}))).toThrowError(ConfigError);
    const configured = "k".repeat(32);
    expect(
      (await resolveTokenSecret(loadConfig({ DATABASE_URL: "postgres://db/x", TOKEN_SECRET: configured })))
        .TOKEN_SECRET,
    ).toBe(configured);
  });
});
