import type { LoaderFunctionArgs } from "@remix-run/node";
import { disclosureFileName, loadDisclosure } from "./disclosure.server";
import { audit, disclosure } from "../../services.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db, month, presented, labels } = await loadDisclosure(request, params);
  await audit.recordAudit(db, { operatorId: operator.id, actorUserId: session.user.id, action: "disclosure.exported", subject: month, details: { format: "csv" } });
  return new Response(disclosure.disclosureCsv(presented, labels), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${disclosureFileName(operator.slug, month, "csv")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
