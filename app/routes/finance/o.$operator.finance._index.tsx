import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
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
  const url = new URL(request.url);
  const asOfDate = dateParam(url, "asOf") ?? beijingDate();
  const asOf = endOfBeijingDay(asOfDate);
  const tb = await ledger.trialBalance(db, { operatorId: operator.id, asOf });
  const classNames = await finance.nameAccounts(db, { codes: tb.classes.map((c) => c.accountClass) });
  const chosen = tb.classes.find((c) => c.accountClass === url.searchParams.get("class")) ?? null;
  const page = chosen
    ? await ledger.trialBalanceAccounts(db, { operatorId: operator.id, accountClass: chosen.accountClass, asOf, afterCode: url.searchParams.get("after") })
    : null;
  const names = page ? await finance.nameAccounts(db, { codes: page.lines.map((l) => l.code) }) : new Map<string, finance.AccountName>();
  const base = `/o/${operator.slug}/finance`;
  const classHref = (accountClass: string, after?: string) =>
    `${base}?${new URLSearchParams({ asOf: asOfDate, class: accountClass, ...(after ? { after } : {}) }).toString()}#tb-drill`;
  return {
    base,
    asOfDate,
    balanced: tb.balanced,
    totalDebits: ledger.formatCny(tb.totalDebitsCny),
    totalCredits: ledger.formatCny(tb.totalCreditsCny),
    byType: tb.byType.map((g) => ({ type: g.type, debit: ledger.formatCny(g.debitCny), credit: ledger.formatCny(g.creditCny) })),
    classes: tb.classes.map((c) => ({
      accountClass: c.accountClass,
      family: classNames.get(c.accountClass)?.family ?? "other",
      type: c.type,
      accounts: c.accounts,
      debit: ledger.formatCny(c.debitCny),
      credit: ledger.formatCny(c.creditCny),
      href: classHref(c.accountClass),
    })),
    drill: chosen && page
      ? {
          family: classNames.get(chosen.accountClass)?.family ?? "other",
          accounts: chosen.accounts,
          lines: page.lines.map((l) => ({ accountId: l.accountId, code: l.code, name: names.get(l.code), debit: ledger.formatCny(l.debitCny), credit: ledger.formatCny(l.creditCny) })),
          nextHref: page.nextAfterCode ? classHref(chosen.accountClass, page.nextAfterCode) : null,
        }
      : null,
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

      <section className="card space-y-3" aria-labelledby="tb-classes-title">
        <h2 id="tb-classes-title" className="font-semibold">
          {t("finance.tb.byClass")}
        </h2>
        <p className="text-sm text-slate-600">{t("finance.tb.drillHint")}</p>
        {data.classes.length === 0 ? (
          <p className="text-slate-500">{t("finance.none")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="tb-lines">
              <thead>
                <tr className="border-b border-slate-200 text-left text-slate-500">
                  <th className="py-2 pr-2 font-medium">{t("finance.tb.class")}</th>
                  <th className="py-2 pr-2 text-right font-medium">{t("finance.debit")}</th>
                  <th className="py-2 text-right font-medium">{t("finance.credit")}</th>
                </tr>
              </thead>
              <tbody>
                {data.classes.map((c) => (
                  <tr key={`${c.accountClass}:${c.type}`} className="border-b border-slate-100">
                    <td className="py-2 pr-2 align-top">
                      <Link to={c.href} className="text-brand underline" title={c.accountClass} data-code={c.accountClass}>
                        {c.family === "other" ? <span className="break-all">{c.accountClass}</span> : t(`accountFamily.${c.family}` as MessageKey)}
                      </Link>
                      <span className="block text-xs text-slate-600">
                        {t(`accountType.${c.type}` as MessageKey)} · {t("finance.tb.accounts")} {c.accounts}
                      </span>
                    </td>
                    <td className="py-2 pr-2 text-right align-top">
                      <Money amount={c.debit} blankZero />
                    </td>
                    <td className="py-2 text-right align-top">
                      <Money amount={c.credit} blankZero />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {data.drill ? (
        <section id="tb-drill" className="card space-y-3" aria-labelledby="tb-drill-title">
          <h2 id="tb-drill-title" className="font-semibold">
            {data.drill.family === "other" ? "" : `${t(`accountFamily.${data.drill.family}` as MessageKey)} · `}
            {t("finance.tb.detail", { count: data.drill.accounts })}
          </h2>
          <LedgerLinesTable lines={data.drill.lines} base={data.base} testId="tb-accounts" />
          {data.drill.nextHref ? (
            <Link to={data.drill.nextHref} className="btn-secondary">
              {t("finance.nextPage")}
            </Link>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
