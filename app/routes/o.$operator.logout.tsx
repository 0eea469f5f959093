import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { audit, identity } from "../services.server";
import { getDb } from "../db.server";
import { readForm } from "../forms.server";
import { requireOperator } from "../operator.server";
import { clearedSessionCookie, getSession } from "../session.server";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const operator = await requireOperator(params);
  await readForm(request, context);
  const session = await getSession(request);
  if (session) {
    const db = await getDb();
    await db.transaction(async (tx) => {
      await identity.invalidateSession(tx, session.sessionId);
      await audit.recordAudit(tx, { operatorId: session.user.operatorId, actorUserId: session.user.id, action: "session.signed_out" });
    });
  }
  return redirect(`/o/${operator.slug}`, { headers: { "Set-Cookie": clearedSessionCookie() } });
}

export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/o/${params.operator}`);
}
