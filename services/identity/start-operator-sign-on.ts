import { randomBytes } from "node:crypto";
import * as oidc from "openid-client";
import type { DbOrTx } from "../../db/client";
import { seal } from "../shared/seal";
import { idpConfiguration, loadOperatorIdp, type IdpRequestOptions } from "./operator-idp";
import { safeReturnTo } from "./return-to";

/** How long a sign-on may take at the operator before the transaction is void. */
export const SIGN_ON_TRANSACTION_TTL_MS = 10 * 60_000;
export const SIGN_ON_TRANSACTION_PURPOSE = "sso-transaction";

/** Where the portal shows the result: in the page that started it, or in a popup that hands it back. */
export type SignOnMode = "page" | "popup";

/** Everything the callback must check, kept sealed in a short-lived cookie, never in the database. */
export interface SignOnTransaction {
  operatorId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  returnTo: string;
  silent: boolean;
  mode: SignOnMode;
}

export interface StartOperatorSignOnInput extends IdpRequestOptions {
  operatorId: string;
  /** This portal's callback URL for the operator (registered at the operator's provider). */
  redirectUri: string;
  /** Where to go after signing on: a path of this portal, else `fallbackReturnTo`. */
  returnTo: unknown;
  fallbackReturnTo: string;
  /** prompt=none: sign on only if the operator already knows the user, never show a page. */
  silent?: boolean;
  mode?: SignOnMode;
  secretKey: Uint8Array;
}

export interface StartedSignOn {
  authorizationUrl: string;
  /** Names the cookie that carries the transaction (several sign-ons may be under way). */
  transactionId: string;
  sealedTransaction: string;
  expiresAt: Date;
}

/**
 * Begins the authorization code flow with PKCE (S256) at the operator's provider:
 * fresh state and nonce, the verifier sealed with them for the callback.
 */
export async function startOperatorSignOn(db: DbOrTx, input: StartOperatorSignOnInput): Promise<StartedSignOn> {
  const now = input.now ?? new Date();
  const settings = await loadOperatorIdp(db, input.operatorId);
  const config = await idpConfiguration(settings, input);
  const transactionId = randomBytes(8).toString("hex");
  const transaction: SignOnTransaction = {
    operatorId: input.operatorId,
    state: `${transactionId}.${oidc.randomState()}`,
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
    redirectUri: input.redirectUri,
    returnTo: safeReturnTo(input.returnTo, input.fallbackReturnTo),
    silent: input.silent ?? false,
    mode: input.mode ?? "page",
  };
  const parameters: Record<string, string> = {
    redirect_uri: transaction.redirectUri,
    scope: "openid phone",
    response_type: "code",
    state: transaction.state,
    nonce: transaction.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(transaction.codeVerifier),
    code_challenge_method: "S256",
  };
  if (transaction.silent) parameters.prompt = "none";
  if (transaction.mode === "popup") parameters.display = "popup";
  const expiresAt = new Date(now.getTime() + SIGN_ON_TRANSACTION_TTL_MS);
  return {
    authorizationUrl: oidc.buildAuthorizationUrl(config, parameters).href,
    transactionId,
    sealedTransaction: seal(input.secretKey, SIGN_ON_TRANSACTION_PURPOSE, transaction, expiresAt),
    expiresAt,
  };
}

/** The transaction id inside a `state` value (it names the cookie to read), or null. */
export function transactionIdFromState(state: string | null): string | null {
  const id = state?.split(".")[0];
  return id && /^[0-9a-f]{16}$/.test(id) ? id : null;
}
