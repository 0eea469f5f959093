import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { collections, identity } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, ["collector", "admin"]);
  const url = new URL(request.url);
  const bucket = collections.BUCKETS.find((b) => b === url.searchParams.get("bucket")) ?? null;
  const supervisor = actor.roles.includes("admin");
  const rows = await collections.listCaseQueue(db, { operatorId: operator.id, assigneeUserId: supervisor ? null : actor.userId, bucket });
  return {
    bucket,
    supervisor,
    buckets: collections.BUCKETS,
    rows: rows.map((r) => ({
      ...r,
      borrowerPhone: identity.maskPhone(r.borrowerPhone),
      lastContactAt: r.lastContactAt?.toISOString() ?? null,
    })),
  };
}

const PROMISE_TONE = { pending: "bg-amber-100 text-amber-800", kept: "bg-green-100 text-green-800", broken: "bg-red-100 text-red-800" } as const;

export default function CollectQueue() {
  const d = useLoaderData<typeof loader>();
  const { t, date, dateTime, money } = useI18n();
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2 text-sm" aria-label={t("collect.bucket")}>
        <Link to="?" className={`rounded-full px-3 py-1 ${d.bucket ? "bg-white text-slate-600" : "bg-brand text-white"}`}>
          {t("collect.filter.all")}
        </Link>
        {d.buckets.map((b) => (
          <Link key={b} to={`?bucket=${encodeURIComponent(b)}`} className={`rounded-full px-3 py-1 ${d.bucket === b ? "bg-brand text-white" : "bg-white text-slate-600"}`}>
            {t(`collect.bucket.${b}` as MessageKey)}
          </Link>
        ))}
      </div>
      {d.rows.length === 0 ? <p className="card text-slate-500">{t("collect.empty")}</p> : null}
      <ul className="space-y-2" data-testid="collect-queue">
        {d.rows.map((r) => (
          <li key={r.caseId}>
            <Link to={`cases/${r.caseId}`} className="card block space-y-1 hover:bg-slate-50" data-testid="collect-case">
              <div className="flex flex-wrap items-center justify-between gap-x-2">
                <span className="font-semibold">
                  {r.borrowerName ?? r.borrowerPhone} <span className="text-sm font-normal text-slate-500">{r.borrowerPhone}</span>
                </span>
                <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800">{t(`collect.bucket.${r.bucket}` as MessageKey)}</span>
              </div>
              <p className="text-sm text-slate-600">{r.loanTitle}</p>
              <p className="text-sm">
                <span className="font-medium text-red-700">{t("collect.daysOverdue", { n: r.daysPastDue })}</span> · {t("collect.overdueAmount")} <Money amount={r.overdueTotal} />
              </p>
              <p className="text-xs text-slate-500">
                {t("collect.lastContact")}: {r.lastContactAt ? dateTime(r.lastContactAt) : t("collect.never")}
                {d.supervisor ? ` · ${t("collect.assignee")}: ${r.assignedToName ?? t("collect.unassigned")}` : ""}
              </p>
              <p className="text-xs">
                {r.promise ? (
                  <span className={`rounded px-1.5 py-0.5 ${PROMISE_TONE[r.promise.status]}`} data-testid="queue-promise">
                    {t(`collect.promise.${r.promise.status}` as MessageKey)} · {t("collect.promiseLine", { amount: money(r.promise.amount), date: date(r.promise.date) })}
                  </span>
                ) : (
                  <span className="text-slate-400">{t("collect.promise.none")}</span>
                )}
              </p>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
