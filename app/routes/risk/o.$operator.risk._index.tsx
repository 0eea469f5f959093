import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { borrowing, identity } from "../../services.server";
import { StatusBadge } from "../../components/borrow";
import { RiskTabs } from "../../components/risk-tabs";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

const FILTERS = ["referred", "in_review", "pending_confirmation"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "risk_officer");
  const url = new URL(request.url);
  const status = FILTERS.find((f) => f === url.searchParams.get("status"));
  const rows = await borrowing.riskQueue(db, { operatorId: operator.id, status });
  return {
    base: `/o/${operator.slug}/risk`,
    status: status ?? null,
    me: actor.userId,
    rows: rows.map((r) => ({
      id: r.id,
      status: r.status,
      name: r.fullName,
      phone: identity.maskPhone(r.phone),
      amount: r.finalAmount ?? r.amount ?? "0",
      purposeNote: r.purposeNote,
      productCode: r.productCode,
      channel: r.channel,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      hits: r.hits,
      mine: r.proposedByUserId === actor.userId,
    })),
  };
}

export default function RiskQueue() {
  const d = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("risk.title")}</h1>
      <RiskTabs base={d.base} />
      <div className="flex flex-wrap gap-2 text-sm">
        <Link to="?" className={`rounded-full px-3 py-1 ${d.status ? "bg-white text-slate-600" : "bg-brand text-white"}`}>
          {t("risk.filter.all")}
        </Link>
        {FILTERS.map((f) => (
          <Link key={f} to={`?status=${f}`} className={`rounded-full px-3 py-1 ${d.status === f ? "bg-brand text-white" : "bg-white text-slate-600"}`}>
            {t(`borrow.status.${f}` as MessageKey)}
          </Link>
        ))}
      </div>
      {d.rows.length === 0 ? <p className="card text-slate-500">{t("risk.empty")}</p> : null}
      <ul className="space-y-2" data-testid="risk-queue">
        {d.rows.map((r) => (
          <li key={r.id}>
            <Link to={`applications/${r.id}`} className="card block space-y-1 hover:bg-slate-50" data-testid="risk-item">
              <div className="flex items-center justify-between gap-2">
                <span className="font-semibold">
                  {r.name} <span className="text-sm font-normal text-slate-500">{r.phone}</span>
                </span>
                <StatusBadge status={r.status} />
              </div>
              <p className="text-sm text-slate-600">
                <Money amount={r.amount} /> · {r.productCode} · {r.purposeNote}
              </p>
              <p className="text-xs text-slate-500">
                {r.submittedAt ? dateTime(r.submittedAt) : ""} · {t("risk.hits", { n: r.hits })}
                {r.channel === "store" ? ` · ${t("borrow.home.atStore")}` : ""}
                {r.mine ? ` · ${t("risk.mine")}` : ""}
              </p>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
