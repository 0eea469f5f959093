import type { ErrorCode } from "../../../services/shared/errors";

/** The sealed sign-on transaction rides in its own cookie, named by the id inside `state`. */
export function transactionCookieName(transactionId: string): string {
  return `sso_tx_${transactionId}`;
}

/** Our callback at the operator's provider (registered there as a redirect URI). */
export function callbackUrl(request: Request, operatorSlug: string): string {
  return `${new URL(request.url).origin}/o/${operatorSlug}/sso/callback`;
}

export function signedOutUrl(request: Request, operatorSlug: string): string {
  return `${new URL(request.url).origin}/o/${operatorSlug}/sso/signed-out`;
}

/** The branded page that explains a failed sign-on. */
export function ssoErrorPath(operatorSlug: string, code: ErrorCode, returnTo: string, mode: "page" | "popup" = "page"): string {
  const query = new URLSearchParams({ code, returnTo });
  if (mode === "popup") query.set("popup", "1");
  return `/o/${operatorSlug}/sso/error?${query.toString()}`;
}
