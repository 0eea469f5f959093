import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../../guard.server";
import { orBadRequest } from "../../forms.server";
import { getLocale } from "../../i18n/i18n.server";
import { catalogues, translator } from "../../i18n/messages";
import { investing } from "../../services.server";
import { annualFileName, annualStatementLabels, yearParam } from "./annual-statement.server";

/** The investor's annual statement (年度对账单) for ?year=, as a PDF in the reader's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, undefined, { reads: "replica" });
  const year = yearParam(new URL(request.url));
  const statement = await orBadRequest(investing.getAnnualStatement(db, { operatorId: operator.id, userId: session.user.id, year }));
  const t = translator(catalogues[await getLocale(request)]);
  const pdf = await investing.annualStatementPdf(statement, annualStatementLabels(t, year));
  return new Response(new Uint8Array(pdf), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${annualFileName(year, "pdf")}"`, "Cache-Control": "private, no-store" },
  });
}
