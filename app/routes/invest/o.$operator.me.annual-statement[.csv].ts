import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../../guard.server";
import { orBadRequest } from "../../forms.server";
import { getLocale } from "../../i18n/i18n.server";
import { catalogues, translator } from "../../i18n/messages";
import { investing } from "../../services.server";
import { annualFileName, annualStatementLabels, yearParam } from "./annual-statement.server";

/** The investor's annual statement (年度对账单) for ?year=, as CSV with a BOM for Excel. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, undefined, { reads: "replica" });
  const year = yearParam(new URL(request.url));
  const statement = await orBadRequest(investing.getAnnualStatement(db, { operatorId: operator.id, userId: session.user.id, year }));
  const t = translator(catalogues[await getLocale(request)]);
  const csv = investing.annualStatementCsv(statement, annualStatementLabels(t, year));
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${annualFileName(year, "csv")}"`, "Cache-Control": "no-store" },
  });
}
