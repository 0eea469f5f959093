import type { LoaderFunctionArgs } from "@remix-run/node";
import { beijingDate } from "../../finance.server";
import { reconciliation } from "../../services.server";
import { requireUser } from "../../guard.server";

/** The breaks report of the last 14 days, CSV with BOM (Excel opens it right). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const today = beijingDate();
  const csv = await reconciliation.breaksReportCsv(db, { operatorId: operator.id, toDate: today });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="reconciliation-breaks-${operator.slug}-${today}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
