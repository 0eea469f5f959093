import { timingSafeEqual } from "node:crypto";
import * as oidc from "openid-client";
import type { Db } from "../../db/client";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { seal, unseal } from "../shared/seal";
import { createSession, type CreatedSession } from "./create-session";
import { findOrCreateUser } from "./find-or-create-user";
import { errorReason, idpConfiguration, loadOperatorIdp, type IdpRequestOptions } from "./operator-idp";
import { phoneSchema } from "./phone";
import { safeReturnTo } from "./return-to";
import { SIGN_ON_TRANSACTION_PURPOSE, type SignOnMode, type SignOnTransaction } from "./start-operator-sign-on";
import { SESSION_ABSOLUTE_MS } from "./limits";

export const ID_TOKEN_HINT_PURPOSE = "sso-id-token-hint";

export interface FinishOperatorSignOnInput extends IdpRequestOptions {
  operatorId: string;
  /** The query string the operator's provider sent back to the callback. */
  callbackParams: URLSearchParams;
  /** The sealed transaction from the cookie named by the state (null when there is none). */
  sealedTransaction: string | null;
  secretKey: Uint8Array;
}

export interface FinishedSignOn extends CreatedSession {
  userId: string;
  created: boolean;
  returnTo: string;
  mode: SignOnMode;
  /** The ID token, sealed: kept in a cookie as the `id_token_hint` of a later sign-out. */
  sealedIdTokenHint: string;
}

/** What a caller needs to react to a failed sign-on (where to go back to, how it was shown). */
export function readSignOnTransaction(secretKey: Uint8Array, sealed: string | null, now: Date = new Date()): SignOnTransaction | null {
  return unseal<SignOnTransaction>(secretKey, SIGN_ON_TRANSACTION_PURPOSE, sealed, now);
}

const SILENT_FAILURES = new Set(["login_required", "interaction_required", "consent_required", "account_selection_required"]);

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Completes the operator's authorization code flow: the state must match the sealed
 * transaction, the code is exchanged with the PKCE verifier, and the ID token must be
 * signed by the operator's key, issued by its issuer for our client, unexpired, and carry
 * our nonce. Its verified phone number finds or creates the user within the operator, so a
 * user who signed up by SMS with that number is the same user.
 */
export async function finishOperatorSignOn(db: Db, input: FinishOperatorSignOnInput): Promise<FinishedSignOn> {
  const now = input.now ?? new Date();
  const transaction = readSignOnTransaction(input.secretKey, input.sealedTransaction, now);
  if (!transaction || transaction.operatorId !== input.operatorId) throw new DomainError("sso.transaction_missing");
  const context = { returnTo: safeReturnTo(transaction.returnTo, "/"), mode: transaction.mode };

  const state = input.callbackParams.get("state") ?? "";
  if (!sameString(state, transaction.state)) throw new DomainError("sso.state_mismatch", { details: context });

  const providerError = input.callbackParams.get("error");
  if (providerError) {
    const details = { ...context, error: providerError.slice(0, 100) };
    if (transaction.silent && SILENT_FAILURES.has(providerError)) throw new DomainError("sso.login_required", { details });
    if (providerError === "access_denied") throw new DomainError("sso.cancelled", { details });
    throw new DomainError("sso.refused", { details });
  }

  const settings = await loadOperatorIdp(db, input.operatorId);
  const config = await idpConfiguration(settings, input);
  // The provider answered our redirect_uri: rebuild it from the transaction, not the Host header.
  const callbackUrl = new URL(transaction.redirectUri);
  callbackUrl.search = input.callbackParams.toString();

  const tokens = await exchangeCode(config, callbackUrl, transaction, context);
  const idToken = tokens.id_token;
  const claims = tokens.claims();
  if (!idToken || !claims) throw new DomainError("sso.id_token_invalid", { details: { ...context, reason: "no ID token" } });

  const phone = await verifiedPhone(config, tokens.access_token, claims, context);

  const outcome = await db.transaction(async (tx) => {
    const user = await findOrCreateUser(tx, input.operatorId, phone);
    const session = await createSession(tx, user.id, now);
    await recordAudit(
      tx,
      {
        operatorId: input.operatorId,
        actorUserId: user.id,
        action: user.created ? "user.registered_by_operator_sign_on" : "session.signed_in_by_operator_sign_on",
        details: { issuer: settings.issuer, sub: claims.sub },
      },
      now,
    );
    return { session, user };
  });

  return {
    ...outcome.session,
    userId: outcome.user.id,
    created: outcome.user.created,
    returnTo: context.returnTo,
    mode: transaction.mode,
    sealedIdTokenHint: seal(input.secretKey, ID_TOKEN_HINT_PURPOSE, idToken, new Date(now.getTime() + SESSION_ABSOLUTE_MS)),
  };
}

type Transaction = NonNullable<ReturnType<typeof readSignOnTransaction>>;
type Context = { returnTo: string; mode: Transaction["mode"] };
type Configuration = Awaited<ReturnType<typeof idpConfiguration>>;

/** The code for tokens (PKCE, state and nonce checked by openid-client); each failure becomes its sso.* code. */
async function exchangeCode(config: Configuration, callbackUrl: URL, transaction: Transaction, context: Context) {
  try {
    return await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: transaction.codeVerifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    const reason = errorReason(error);
    if (error instanceof oidc.ResponseBodyError && error.error === "invalid_grant") {
      throw new DomainError("sso.code_rejected", { details: { ...context, reason } });
    }
    if (error instanceof oidc.ResponseBodyError) throw new DomainError("sso.refused", { details: { ...context, error: error.error, reason } });
    if (error instanceof TypeError || (error instanceof Error && error.name === "AbortError")) {
      throw new DomainError("sso.unavailable", { details: { ...context, reason } });
    }
    throw new DomainError("sso.id_token_invalid", { details: { ...context, reason } });
  }
}

/** The phone number the operator verified, from the ID token or else from userinfo. */
async function verifiedPhone(config: Configuration, accessToken: string, claims: oidc.IDToken, context: Context): Promise<string> {
  let phoneClaim: unknown = claims.phone_number;
  let verifiedClaim: unknown = claims.phone_number_verified;
  if (phoneClaim === undefined) {
    // Some providers keep the phone claims for the userinfo endpoint.
    try {
      const userinfo = await oidc.fetchUserInfo(config, accessToken, claims.sub);
      phoneClaim = userinfo.phone_number;
      verifiedClaim = userinfo.phone_number_verified;
    } catch (error) {
      throw new DomainError("sso.unavailable", { details: { ...context, reason: errorReason(error) } });
    }
  }
  const phone = phoneSchema.safeParse(typeof phoneClaim === "string" ? phoneClaim : "");
  if (!phone.success) throw new DomainError("sso.phone_missing", { details: context });
  if (verifiedClaim !== true) throw new DomainError("sso.phone_unverified", { details: context });
  return phone.data;
}
