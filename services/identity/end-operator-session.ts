import * as oidc from "openid-client";
import type { DbOrTx } from "../../db/client";
import { isDomainError } from "../shared/errors";
import { unseal } from "../shared/seal";
import { ID_TOKEN_HINT_PURPOSE } from "./finish-operator-sign-on";
import { idpConfiguration, loadOperatorIdp, type IdpRequestOptions } from "./operator-idp";

export interface EndOperatorSessionInput extends IdpRequestOptions {
  operatorId: string;
  /** The sealed ID token kept since sign-on; without it there is nothing to end at the operator. */
  sealedIdTokenHint: string | null;
  /** Where the operator sends the browser back (registered at the operator's provider). */
  postLogoutRedirectUri: string;
  secretKey: Uint8Array;
}

/**
 * RP-initiated logout: the operator's end-session URL (with id_token_hint and
 * post_logout_redirect_uri) when the user signed on through the operator and its
 * discovery document has an end_session_endpoint; otherwise null. Never throws for an
 * unreachable operator: our own sign-out must not depend on it.
 */
export async function endOperatorSession(db: DbOrTx, input: EndOperatorSessionInput): Promise<string | null> {
  const idToken = unseal<string>(input.secretKey, ID_TOKEN_HINT_PURPOSE, input.sealedIdTokenHint, input.now);
  if (!idToken) return null;
  try {
    const config = await idpConfiguration(await loadOperatorIdp(db, input.operatorId), input);
    if (!config.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: input.postLogoutRedirectUri,
    }).href;
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
}
