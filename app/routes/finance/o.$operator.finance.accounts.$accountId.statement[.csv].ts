import type { LoaderFunctionArgs } from "@remix-run/node";
import { statementRange } from "../../finance.server";
import { orBadRequest } from "../../forms.server";
import { getLocale } from "../../i18n/i18n.server";
import { catalogues, translator, type MessageKey } from "../../i18n/messages";
import { formatDateTime } from "../../i18n/format";
import { audit, ledger, toCsv, type CsvCell } from "../../services.server";
import { requireUser } from "../../guard.server";

/** A CSV export stops here; a larger range should be split by date. */
const MAX_EXPORT_LINES = 50_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "finance");
  const locale = await getLocale(request);
  const t = translator(catalogues[locale]);
  const range = statementRange(new URL(request.url));
  const accountId = params.accountId ?? "";
  const account = await orBadRequest(ledger.getAccount(db, { operatorId: operator.id, accountId }));

  const rows: CsvCell[][] = [[t("finance.time"), t("finance.entry"), t("finance.cause"), t("finance.kind"), t("finance.memo"), t("finance.debit"), t("finance.credit"), t("finance.balance")]];
  let cursor: string | null = null;
  let opening: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof ledger.getStatement>> = await ledger.getStatement(db, {
      operatorId: operator.id,
      accountId,
      from: range.from,
      to: range.to,
      cursor,
      pageSize: ledger.ledgerLimits.MAX_PAGE_SIZE,
    });
    opening ??= ledger.formatCny(page.openingBalanceCny);
    for (const line of page.lines) {
      rows.push([
        formatDateTime(line.createdAt, locale),
        line.entryId,
        t(`cause.${line.cause.type}` as MessageKey),
        line.kind,
        line.memo,
        { amount: ledger.formatCny(line.debitCny) },
        { amount: ledger.formatCny(line.creditCny) },
        { amount: ledger.formatCny(line.balanceCny) },
      ]);
    }
    cursor = page.nextCursor;
  } while (cursor && rows.length <= MAX_EXPORT_LINES);
  rows.splice(1, 0, [t("finance.statement.opening"), "", "", "", "", "", "", { amount: opening ?? "0.00" }]);

  await audit.recordAudit(db, {
    operatorId: operator.id,
    actorUserId: session.user.id,
    action: "statement.exported",
    subject: account.code,
    details: { from: range.fromDate, to: range.toDate, lines: rows.length - 2 },
  });
  const fileName = `statement-${account.code.replace(/[^A-Za-z0-9_-]+/g, "_")}${range.fromDate ? `-${range.fromDate}` : ""}${range.toDate ? `-${range.toDate}` : ""}.csv`;
  return new Response(toCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
