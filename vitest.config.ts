import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each HTTP test file opens its own database (PGlite in memory, or a scratch PostgreSQL database).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
