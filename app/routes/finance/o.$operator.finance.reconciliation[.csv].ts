import type { LoaderFunctionArgs } from "@remix-run/node";
import { beijingDate, dateParam } from "../../finance.server";
import { reconciliation } from "../../services.server";
import { requireUser } from "../../guard.server";

/** The breaks report of the 14 days the dashboard shows (up to today or `?to=`), CSV with BOM (Excel opens it right). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const toDate = dateParam(new URL(request.url), "to") ?? beijingDate();
  const csv = await reconciliation.breaksReportCsv(db, { operatorId: operator.id, toDate });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="reconciliation-breaks-${operator.slug}-${toDate}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
