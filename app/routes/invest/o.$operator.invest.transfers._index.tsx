import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatPercent } from "../../investor.server";
import { transfers } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { RiskBadge } from "../../components/investor";
import { ListingFigures } from "../../components/transfers";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

/** Plain HTML: a list of links; no client logic needs React. */
export const handle = PLAIN_HTML;

/** 转让专区: listed claims with today's price, a page at a time. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const page = Number.parseInt(new URL(request.url).searchParams.get("page") ?? "1", 10);
  const market = await transfers.listTransferMarket(db, { operatorId: operator.id, viewerUserId: session.user.id, page: Number.isFinite(page) ? page : 1 });
  return {
    base: `/o/${operator.slug}`,
    page: market.page,
    hasMore: market.hasMore,
    listings: market.listings.map((l) => ({ ...l, ratePercent: formatPercent(l.annualRate), expiresAt: l.expiresAt.toISOString() })),
  };
}

export default function TransferMarket() {
  const data = useLoaderData<typeof loader>();
  const { t, date } = useI18n();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to={`${data.base}/invest`} className="text-sm text-brand underline">
        ← {t("invest.list.title")}
      </Link>
      <h1 className="text-2xl font-bold">{t("transfer.market.title")}</h1>
      <p className="text-sm text-slate-600">{t("transfer.market.lead")}</p>
      {data.listings.length === 0 ? (
        <p className="card text-slate-500">{t("transfer.market.empty")}</p>
      ) : (
        <ul className="space-y-3" data-testid="transfer-listings">
          {data.listings.map((l) => (
            <li key={l.id} className="card space-y-2" data-testid="transfer-listing">
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <Link to={`${data.base}/invest/transfers/${l.id}`} className="font-semibold underline-offset-2 hover:underline">
                    {l.titleZh}
                  </Link>
                  <p className="text-sm text-slate-500">
                    {l.ratePercent} · {t(`method.${l.method}` as MessageKey)} · {t("transfer.remaining")} {t("transfer.remainingValue", { count: l.remainingInstallments })}
                  </p>
                </div>
                <RiskBadge level={l.riskLevel} />
              </div>
              <ListingFigures listing={l} />
              <p className="text-xs text-slate-500">
                {l.nextDueDate ? `${t("transfer.nextDue")} ${date(l.nextDueDate)} · ` : ""}
                {t("transfer.expires")} {date(l.expiresAt)}
              </p>
              <Link to={`${data.base}/invest/transfers/${l.id}`} className="btn-primary w-full">
                {l.own ? t("transfer.view") : t("transfer.buy.title")}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <div className="flex justify-between">
        {data.page > 1 ? <Link to={`?page=${data.page - 1}`} className="btn-secondary">{t("transfer.market.prev")}</Link> : <span />}
        {data.hasMore ? <Link to={`?page=${data.page + 1}`} className="btn-secondary">{t("transfer.market.next")}</Link> : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
