import { eq } from "drizzle-orm";
import * as oidc from "openid-client";
import type { DbOrTx } from "../../db/client";
import { operators } from "../../db/schema";
import { DomainError } from "../shared/errors";

/** An operator's OpenID provider settings, secret included: never leaves the services. */
export interface OperatorIdpSettings {
  operatorId: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** Test seams: a fetch that can stand in for the network, and a clock. */
export interface IdpRequestOptions {
  fetch?: oidc.CustomFetch;
  now?: Date;
}

export async function loadOperatorIdp(db: DbOrTx, operatorId: string): Promise<OperatorIdpSettings> {
  const [row] = await db
    .select({ issuer: operators.oidcIssuer, clientId: operators.oidcClientId, clientSecret: operators.oidcClientSecret })
    .from(operators)
    .where(eq(operators.id, operatorId));
  if (!row) throw new DomainError("operator.not_found");
  if (!row.issuer || !row.clientId || !row.clientSecret) throw new DomainError("sso.not_configured");
  return { operatorId, issuer: row.issuer, clientId: row.clientId, clientSecret: row.clientSecret };
}

const DISCOVERY_TTL_MS = 10 * 60_000;
const discovered = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]" || hostname.endsWith(".localhost");
}

/**
 * The relying-party configuration for an operator: discovered from its issuer (cached for
 * ten minutes), client_secret_basic authentication, ID token signatures always checked
 * against the issuer's JWKS. Plain http is accepted only for loopback issuers.
 */
export async function idpConfiguration(settings: OperatorIdpSettings, options: IdpRequestOptions = {}): Promise<oidc.Configuration> {
  const issuerUrl = new URL(settings.issuer);
  const insecure = issuerUrl.protocol === "http:";
  if (insecure && !isLoopback(issuerUrl.hostname)) throw new DomainError("sso.unavailable", { details: { reason: "issuer must use https" } });

  const key = `${settings.issuer}\n${settings.clientId}\n${settings.clientSecret}`;
  let cached = options.fetch ? undefined : discovered.get(key);
  if (!cached || Date.now() - cached.at > DISCOVERY_TTL_MS) {
    const config = oidc
      .discovery(issuerUrl, settings.clientId, settings.clientSecret, oidc.ClientSecretBasic(settings.clientSecret), {
        execute: insecure ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
        ...(options.fetch ? { [oidc.customFetch]: options.fetch } : {}),
      })
      .then((config) => {
        oidc.enableNonRepudiationChecks(config);
        return config;
      });
    cached = { at: Date.now(), config };
    if (!options.fetch) discovered.set(key, cached);
    config.catch(() => {
      if (discovered.get(key) === cached) discovered.delete(key);
    });
  }
  let config: oidc.Configuration;
  try {
    config = await cached.config;
  } catch (error) {
    throw new DomainError("sso.unavailable", { details: { reason: errorReason(error) } });
  }
  if (!options.now) return config;
  // A clock other than the real one (tests): the same server metadata, skewed time.
  const skewed = new oidc.Configuration(
    config.serverMetadata(),
    settings.clientId,
    { client_secret: settings.clientSecret, [oidc.clockSkew]: Math.round((options.now.getTime() - Date.now()) / 1000) },
    oidc.ClientSecretBasic(settings.clientSecret),
  );
  if (insecure) oidc.allowInsecureRequests(skewed);
  if (options.fetch) skewed[oidc.customFetch] = options.fetch;
  oidc.enableNonRepudiationChecks(skewed);
  return skewed;
}

/** A short, log-safe account of a relying-party failure (which check, which claim); no token contents. */
export function errorReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 300);
  const parts: string[] = [];
  if ("code" in error && typeof error.code === "string") parts.push(error.code);
  if ("error" in error && typeof error.error === "string") parts.push(error.error);
  parts.push(error.message);
  // openid-client wraps the precise check (e.g. 'unexpected JWT "iss" (issuer) claim value').
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 2 && cause; depth++) {
    if (cause instanceof Error) parts.push(cause.message);
    if (cause && typeof cause === "object" && "claim" in cause && typeof cause.claim === "string") parts.push(`claim "${cause.claim}"`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return parts.join(": ").slice(0, 400);
}
