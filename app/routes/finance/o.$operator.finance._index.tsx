import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { beijingDate, dateParam, endOfBeijingDay } from "../../finance.server";
import { finance, ledger } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { LedgerLinesTable } from "../../components/ledger-lines";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance", { reads: "replica" });
  const asOfDate = dateParam(new URL(request.url), "asOf") ?? beijingDate();
  const tb = await ledger.trialBalance(db, { operatorId: operator.id, asOf: endOfBeijingDay(asOfDate) });
  const names = await finance.nameAccounts(db, { codes: tb.lines.map((l) => l.code) });
  return {
    base: `/o/${operator.slug}/finance`,
    asOfDate,
    balanced: tb.balanced,
    totalDebits: ledger.formatCny(tb.totalDebitsCny),
    totalCredits: ledger.formatCny(tb.totalCreditsCny),
    byType: tb.byType.map((g) => ({ type: g.type, debit: ledger.formatCny(g.debitCny), credit: ledger.formatCny(g.creditCny) })),
    lines: tb.lines.map((l) => ({ accountId: l.accountId, code: l.code, name: names.get(l.code), type: l.type, debit: ledger.formatCny(l.debitCny), credit: ledger.formatCny(l.creditCny) })),
  };
}

export default function TrialBalance() {
  const data = useLoaderData<typeof loader>();
  const { t, date } = useI18n();
  return (
    <div className="space-y-4">
      <Form method="get" className="card flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="asOf" className="block text-sm font-medium">
            {t("finance.asOf")}
          </label>
          <input id="asOf" name="asOf" type="date" defaultValue={data.asOfDate} className="field-input" />
        </div>
        <button type="submit" className="btn-primary">
          {t("finance.apply")}
        </button>
      </Form>

      <section className="card space-y-3" aria-labelledby="tb-title">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="tb-title" className="text-lg font-semibold">
            {t("finance.tb.title")} · {date(data.asOfDate)}
          </h2>
          <span
            data-testid="tb-status"
            className={`rounded-full px-3 py-1 text-sm font-medium ${data.balanced ? "bg-green-50 text-green-800" : "bg-red-100 text-red-800"}`}
          >
            {data.balanced ? t("finance.tb.balanced") : t("finance.tb.unbalanced")}
          </span>
        </div>
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">{t("finance.tb.byType")}</caption>
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-500">
                <th className="py-2 pr-2 font-medium">{t("finance.accountType")}</th>
                <th className="py-2 pr-2 text-right font-medium">{t("finance.debit")}</th>
                <th className="py-2 text-right font-medium">{t("finance.credit")}</th>
              </tr>
            </thead>
            <tbody>
              {data.byType.map((g) => (
                <tr key={g.type} className="border-b border-slate-100">
                  <td className="py-2 pr-2">{t(`accountType.${g.type}` as MessageKey)}</td>
                  <td className="py-2 pr-2 text-right">
                    <Money amount={g.debit} blankZero />
                  </td>
                  <td className="py-2 text-right">
                    <Money amount={g.credit} blankZero />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="font-semibold">
                <td className="py-2 pr-2">{t("finance.tb.total")}</td>
                <td className="py-2 pr-2 text-right" data-testid="tb-total-debits">
                  <Money amount={data.totalDebits} />
                </td>
                <td className="py-2 text-right" data-testid="tb-total-credits">
                  <Money amount={data.totalCredits} />
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <details className="card" open={data.lines.length <= 30}>
        <summary className="cursor-pointer font-semibold">{t("finance.tb.detail", { count: data.lines.length })}</summary>
        {data.lines.length === 0 ? (
          <p className="mt-2 text-slate-500">{t("finance.none")}</p>
        ) : (
          <div className="mt-2">
            <LedgerLinesTable lines={data.lines} base={data.base} testId="tb-lines" />
          </div>
        )}
      </details>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
