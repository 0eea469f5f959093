import type { LoaderFunctionArgs } from "@remix-run/node";
import { dateParam, endOfBeijingDay, startOfBeijingDay } from "../../finance.server";
import { getLocale } from "../../i18n/i18n.server";
import { catalogues, translator, type MessageKey } from "../../i18n/messages";
import { formatDateTime } from "../../i18n/format";
import { investing } from "../../services.server";
import { requireUser } from "../../guard.server";

/** The investor's wallet statement for a period (Beijing days), CSV with a BOM for Excel. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, undefined, { reads: "replica" });
  const url = new URL(request.url);
  const from = dateParam(url, "from");
  const to = dateParam(url, "to");
  const locale = await getLocale(request);
  const t = translator(catalogues[locale]);
  const statement = await investing.getInvestorStatement(db, {
    operatorId: operator.id,
    userId: session.user.id,
    from: from ? startOfBeijingDay(from) : null,
    to: to ? endOfBeijingDay(to) : null,
  });
  const kindLabel = (kind: string) => {
    const key = `statement.kind.${kind}` as MessageKey;
    const text = t(key);
    return text === key ? kind : text;
  };
  const csv = investing.investorStatementCsv(statement, {
    headers: [t("statement.time"), t("statement.kind"), t("statement.memo"), t("statement.in"), t("statement.out"), t("statement.balance")],
    opening: t("statement.opening"),
    closing: t("statement.closing"),
    kind: kindLabel,
    time: (d) => formatDateTime(d, locale),
  });
  const name = `wallet-statement${from ? `-${from}` : ""}${to ? `-${to}` : ""}.csv`;
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
}
