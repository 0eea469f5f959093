import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { identity, isDomainError } from "../../services.server";
import { getConfig } from "../../config.server";
import { getDb } from "../../db.server";
import { readForm } from "../../forms.server";
import { requireOperator } from "../../operator.server";
import { safeReturnTo, landingAfterSignIn, sessionCookieHeaders } from "../../session.server";
import { ssoErrorPath } from "./sso.server";

/**
 * The framed page posts here the handoff its sign-on popup sent it: the session moves
 * into the frame's cookie partition (see services/identity/redeem-session-handoff.ts).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const operator = await requireOperator(params);
  const form = await readForm(request, context);
  const returnTo = safeReturnTo(form.get("returnTo"), `/o/${operator.slug}`);
  try {
    const session = await identity.redeemSessionHandoff(await getDb(), {
      operatorId: operator.id,
      sealedHandoff: form.get("handoff"),
      secretKey: getConfig().secretKey,
    });
    return redirect(await landingAfterSignIn(await getDb(), operator.slug, session.token, returnTo), { headers: sessionCookieHeaders(request, session.token) });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return redirect(ssoErrorPath(operator.slug, error.code, returnTo));
  }
}

export async function loader({ params }: { params: { operator?: string } }) {
  return redirect(`/o/${params.operator}/login`);
}
