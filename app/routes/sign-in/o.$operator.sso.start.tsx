import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { identity, isDomainError } from "../../services.server";
import { getConfig } from "../../config.server";
import { getDb } from "../../db.server";
import { cookieAttributes, isEmbedded } from "../../embed.server";
import { requireOperator } from "../../operator.server";
import { getOperatorSession, safeReturnTo } from "../../session.server";
import { callbackUrl, ssoErrorPath, transactionCookieName } from "./sso.server";

/**
 * `/o/:operator/sso/start?returnTo=/o/...` — off to the operator's OpenID provider.
 * `prompt=none` signs on silently (the operator's app, `?from=app`); `popup=1` marks a
 * sign-on opened in a popup by a framed page, which hands the session back to the frame.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const operator = await requireOperator(params);
  const url = new URL(request.url);
  const home = `/o/${operator.slug}`;
  const returnTo = safeReturnTo(url.searchParams.get("returnTo"), home);
  const silent = url.searchParams.get("prompt") === "none";
  if (await getOperatorSession(request, operator)) throw redirect(returnTo);
  if (!operator.signOnAvailable) {
    throw redirect(silent ? `${home}/login?returnTo=${encodeURIComponent(returnTo)}` : ssoErrorPath(operator.slug, "sso.not_configured", returnTo));
  }
  const { secretKey, secureCookies } = getConfig();
  try {
    const started = await identity.startOperatorSignOn(await getDb(), {
      operatorId: operator.id,
      redirectUri: callbackUrl(request, operator.slug),
      returnTo,
      fallbackReturnTo: home,
      silent,
      mode: url.searchParams.get("popup") === "1" ? "popup" : "page",
      secretKey,
    });
    const maxAge = Math.floor(identity.SIGN_ON_TRANSACTION_TTL_MS / 1000);
    return redirect(started.authorizationUrl, {
      headers: {
        "Set-Cookie": `${transactionCookieName(started.transactionId)}=${started.sealedTransaction}; Path=/o/${operator.slug}/sso; HttpOnly; ${cookieAttributes(isEmbedded(request), secureCookies)}; Max-Age=${maxAge}`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    // A silent attempt never shows an error: the ordinary sign-in page instead.
    if (silent) throw redirect(`${home}/login?returnTo=${encodeURIComponent(returnTo)}`);
    throw redirect(ssoErrorPath(operator.slug, error.code, returnTo));
  }
}
