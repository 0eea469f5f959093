import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { finance } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";

/** The books check of this operator, on demand: every ledger invariant recomputed from the postings, custody and the kept disclosure months. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const report = await finance.checkBooks(db, { operatorId: operator.id });
  return { ok: report.ok, counts: report.counts, violationCount: report.violationCount, violations: report.violations };
}

export default function LedgerCheck() {
  const data = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <section className="card space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{t("finance.check.title")}</h2>
        <span data-testid="ledger-check-status" className={`rounded-full px-3 py-1 text-sm font-medium ${data.ok ? "bg-green-50 text-green-800" : "bg-red-100 text-red-800"}`}>
          {data.ok ? t("finance.check.ok") : t("finance.check.failed", { count: data.violationCount })}
        </span>
      </div>
      <p className="text-sm text-slate-600">{t("finance.check.counts", { entries: data.counts.entries, postings: data.counts.postings, accounts: data.counts.accounts, holds: data.counts.holds })}</p>
      {data.violations.length > 0 ? (
        <ul className="space-y-1 text-sm" data-testid="ledger-violations">
          {data.violations.map((v, i) => (
            <li key={i} className="break-all">
              <span className="font-mono">{v.check}</span> · {v.subject}: {v.message}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="text-xs text-slate-500">{t("finance.check.lead")}</p>
    </section>
  );
}

export const ErrorBoundary = PageErrorBoundary;
