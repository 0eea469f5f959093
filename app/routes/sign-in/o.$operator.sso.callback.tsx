import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { identity, isDomainError } from "../../services.server";
import { getConfig } from "../../config.server";
import { getDb } from "../../db.server";
import { clearingCookies, readCookie } from "../../embed.server";
import { requireOperator } from "../../operator.server";
import { idTokenHintCookie, safeReturnTo, sessionCookieHeaders } from "../../session.server";
import { ssoErrorPath, transactionCookieName } from "./sso.server";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { SIGNED_ON_MESSAGE } from "../../components/sign-on-button";

/**
 * The operator's provider sends the browser back here with `code` and `state` (or an
 * `error`). The sealed transaction named by the state is read from its cookie and spent.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const operator = await requireOperator(params);
  const home = `/o/${operator.slug}`;
  const query = new URL(request.url).searchParams;
  const { secretKey } = getConfig();
  const transactionId = identity.transactionIdFromState(query.get("state"));
  const sealedTransaction = transactionId ? readCookie(request, transactionCookieName(transactionId)) : null;
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (transactionId) {
    for (const cookie of clearingCookies(transactionCookieName(transactionId), `/o/${operator.slug}/sso`)) headers.append("Set-Cookie", cookie);
  }
  try {
    const signedOn = await identity.finishOperatorSignOn(await getDb(), {
      operatorId: operator.id,
      callbackParams: query,
      sealedTransaction,
      secretKey,
    });
    sessionCookieHeaders(request, signedOn.token, headers);
    headers.append("Set-Cookie", idTokenHintCookie(request, operator.slug, signedOn.sealedIdTokenHint));
    if (signedOn.mode === "popup") {
      const handoff = identity.createSessionHandoff(secretKey, { sessionId: signedOn.sessionId, userId: signedOn.userId, operatorId: operator.id });
      return data({ handoff, returnTo: signedOn.returnTo }, { headers });
    }
    return redirect(signedOn.returnTo, { headers });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const returnTo = safeReturnTo(error.details.returnTo, home);
    // prompt=none found no session at the operator: the ordinary sign-in page, no error.
    if (error.code === "sso.login_required") return redirect(`${home}/login?returnTo=${encodeURIComponent(returnTo)}`, { headers });
    if (error.details.reason) console.warn(`operator sign-on refused (${operator.slug}): ${error.code}: ${String(error.details.reason)}`);
    return redirect(ssoErrorPath(operator.slug, error.code, returnTo, error.details.mode === "popup" ? "popup" : "page"), { headers });
  }
}

/** In the popup: hand the session to the framed page that opened us, then close. */
export default function SignOnPopupDone() {
  // `data()` carries headers; its payload is this (the loader's other outcomes are redirects).
  const { handoff, returnTo } = useLoaderData() as { handoff: string; returnTo: string };
  const { t } = useI18n();
  useEffect(() => {
    const opener = window.opener as Window | null;
    if (opener && !opener.closed) {
      // Our own origin only: the opener is our framed page (never `*`).
      opener.postMessage({ type: SIGNED_ON_MESSAGE, handoff, returnTo }, window.location.origin);
      window.close();
    } else {
      // Opened as a tab, or the opener is gone: carry on here, signed in at top level.
      window.location.replace(returnTo);
    }
  }, [handoff, returnTo]);
  return (
    <div className="mx-auto max-w-md space-y-3 text-center" data-testid="sso-popup-done">
      <h1 className="text-xl font-semibold">{t("sso.popup.title")}</h1>
      <p className="text-slate-600">{t("sso.popup.body")}</p>
      <Link to={returnTo} reloadDocument className="btn-primary">
        {t("sso.popup.continue")}
      </Link>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
