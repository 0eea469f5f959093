import type { LoaderFunctionArgs } from "@remix-run/node";
import { disclosureFileName, loadDisclosure } from "./disclosure.server";
import { audit, disclosure } from "../../services.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db, month, presented, labels } = await loadDisclosure(request, params);
  const pdf = await disclosure.disclosurePdf(presented, labels);
  await audit.recordAudit(db, { operatorId: operator.id, actorUserId: session.user.id, action: "disclosure.exported", subject: month, details: { format: "pdf" } });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${disclosureFileName(operator.slug, month, "pdf")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
