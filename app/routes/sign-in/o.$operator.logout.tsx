import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { audit, identity } from "../../services.server";
import { getConfig } from "../../config.server";
import { getDb } from "../../db.server";
import { isEmbedded } from "../../embed.server";
import { readForm } from "../../forms.server";
import { requireOperator } from "../../operator.server";
import { clearedSessionCookieHeaders, getSession, readIdTokenHint } from "../../session.server";
import { signedOutUrl } from "./sso.server";

/**
 * Ends our session; after an operator sign-on at top level, also the operator's
 * (RP-initiated logout with id_token_hint, back to /sso/signed-out). Inside the operator's
 * web hall frame only ours ends: the host page keeps its own session.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const operator = await requireOperator(params);
  await readForm(request, context);
  const session = await getSession(request);
  const db = await getDb();
  if (session) {
    await db.transaction(async (tx) => {
      await identity.invalidateSession(tx, session.sessionId);
      await audit.recordAudit(tx, { operatorId: session.user.operatorId, actorUserId: session.user.id, action: "session.signed_out" });
    });
  }
  const headers = clearedSessionCookieHeaders(operator.slug);
  const idTokenHint = readIdTokenHint(request);
  if (session && idTokenHint && !isEmbedded(request)) {
    const operatorSignOut = await identity.endOperatorSession(db, {
      operatorId: operator.id,
      sealedIdTokenHint: idTokenHint,
      postLogoutRedirectUri: signedOutUrl(request, operator.slug),
      secretKey: getConfig().secretKey,
    });
    if (operatorSignOut) return redirect(operatorSignOut, { headers });
  }
  return redirect(`/o/${operator.slug}`, { headers });
}

export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/o/${params.operator}`);
}
