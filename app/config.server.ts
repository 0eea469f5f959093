import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sha256 } from "@oslojs/crypto/sha2";
import { randomToken } from "../services/shared/random";
import { databaseSettingsFromEnv, type OpenOptions } from "../db/client";

/** Every setting the portal reads from its environment (see README: Configuration). */
export interface Config {
  production: boolean;
  databaseUrl: string | undefined;
  /** DATABASE_POOL_MODE and DATABASE_DIRECT_URL: the portal behind a connection pooler. */
  database: Pick<OpenOptions, "databaseUrl" | "poolMode" | "directUrl">;
  /** DATABASE_REPLICA_URL: a streaming replica read-only pages read from (db/replica.ts). */
  replicaUrl: string | undefined;
  pgliteDir: string;
  /** 32-byte key derived from APP_SECRET: SMS code HMACs and future signatures. */
  secretKey: Uint8Array;
  /** Origins that may POST to us in addition to the request's own (comma-separated PUBLIC_ORIGINS). */
  extraOrigins: string[];
  /** Marks cookies Secure even on plain http (behind a TLS-terminating proxy). */
  secureCookies: boolean;
  seedDemoData: boolean;
}

let cached: Config | null = null;

export function getConfig(): Config {
  if (cached) return cached;
  // Not NODE_ENV: the Remix build inlines NODE_ENV=production into the server bundle.
  const production = process.env.APP_ENV === "production";
  const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
  let secret = process.env.APP_SECRET;
  if (!secret) {
    if (production) throw new Error("APP_SECRET must be set in production");
    // Outside production a random secret is kept beside the embedded database, so codes
    // already sent stay valid across restarts.
    mkdirSync(dataDir, { recursive: true });
    const secretFile = path.join(dataDir, "app-secret");
    if (!existsSync(secretFile)) writeFileSync(secretFile, randomToken(52), { mode: 0o600 });
    secret = readFileSync(secretFile, "utf8").trim();
  }
  cached = {
    production,
    databaseUrl: process.env.DATABASE_URL || undefined,
    database: databaseSettingsFromEnv(),
    replicaUrl: process.env.DATABASE_REPLICA_URL || undefined,
    pgliteDir: path.join(dataDir, "pglite"),
    secretKey: sha256(new TextEncoder().encode(secret)),
    extraOrigins: (process.env.PUBLIC_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    secureCookies: process.env.SECURE_COOKIES === "1" || production,
    seedDemoData: process.env.SEED_DEMO_DATA ? process.env.SEED_DEMO_DATA === "1" : !production,
  };
  return cached;
}
