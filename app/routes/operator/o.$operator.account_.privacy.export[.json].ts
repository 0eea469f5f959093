import type { LoaderFunctionArgs } from "@remix-run/node";
import { privacy } from "../../services.server";
import { requireUser } from "../../guard.server";

/** The person's own data as one JSON download (PIPL); each download is audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const data = await privacy.exportPersonalData(db, { operatorId: operator.id, userId: session.user.id });
  const day = data.exportedAt.slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="personal-data-${operator.slug}-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
