import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { repayment } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const days = await repayment.listStoreDays(db, { operatorId: operator.id });
  return {
    base: `/o/${operator.slug}/finance`,
    days: days.map((d) => ({ ...d, closedAt: d.closedAt?.toISOString() ?? null })),
  };
}

/** Each store's business days: cash repayments and top-ups, open or closed (日结), with the cash-up entry. */
export default function FinanceStores() {
  const { base, days } = useLoaderData<typeof loader>();
  const { t, date, dateTime } = useI18n();
  const open = days.filter((d) => !d.closedAt).length;
  return (
    <div className="space-y-3">
      <h2 className="text-xl font-semibold">{t("financeStores.title")}</h2>
      <p className="text-sm text-slate-600">
        {t("financeStores.lead")} {open > 0 ? <strong>{t("financeStores.openDays", { count: open })}</strong> : null}
      </p>
      {days.length === 0 ? (
        <p className="card text-slate-500">{t("financeStores.none")}</p>
      ) : (
        <ul className="space-y-2" data-testid="store-days">
          {days.map((d) => (
            <li key={`${d.storeId}-${d.businessDate}`} className="card space-y-1 text-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-semibold">
                  {d.storeNameZh} ({d.storeCode}) · {date(d.businessDate)}
                </span>
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${d.closedAt ? "bg-green-100 text-green-800" : "bg-amber-100 text-amber-900"}`}>
                  {d.closedAt ? t("financeStores.closed") : t("financeStores.open")}
                </span>
              </div>
              <dl className="grid grid-cols-[1fr_auto_auto] gap-x-3">
                <dt>{t("financeStores.repayments")}</dt>
                <dd className="text-right text-slate-600">{t("cashUp.count", { count: d.repaymentCount })}</dd>
                <dd className="text-right">
                  <Money amount={d.repaymentTotal} />
                </dd>
                <dt>{t("financeStores.topUps")}</dt>
                <dd className="text-right text-slate-600">{t("cashUp.count", { count: d.topUpCount })}</dd>
                <dd className="text-right">
                  <Money amount={d.topUpTotal} />
                </dd>
                <dt className="font-semibold">{t("financeStores.total")}</dt>
                <dd />
                <dd className="text-right font-semibold">
                  <Money amount={d.total} />
                </dd>
              </dl>
              {d.closedAt ? (
                <p className="text-xs text-slate-500">
                  {t("cashUp.closed", { time: dateTime(d.closedAt) })}
                  {d.entryId ? (
                    <>
                      {" · "}
                      <Link to={`${base}/entries/${d.entryId}`} className="text-brand underline">
                        {d.entryId.slice(0, 8)}
                      </Link>
                    </>
                  ) : null}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
