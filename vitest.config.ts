import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["services/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"],
    // *.postgres.test.ts race real connections: defined only when DATABASE_URL names a server.
    exclude: ["node_modules", "e2e", "build", ...(process.env.DATABASE_URL ? [] : ["**/*.postgres.test.ts"])],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
