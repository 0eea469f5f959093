import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { orBadRequest } from "../../forms.server";
import { investing } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { Notice, StatusBadge } from "../../components/investor";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const topUp = await orBadRequest(investing.getCardTopUp(db, { operatorId: operator.id, userId: session.user.id, topUpId: params.topUpId ?? "" }));
  const url = new URL(request.url);
  return {
    base: `/o/${operator.slug}`,
    fromCheckout: url.searchParams.get("from") === "checkout",
    cancelled: url.searchParams.get("cancelled") === "1",
    topUp: {
      id: topUp.id,
      amount: topUp.amount,
      status: topUp.status,
      refundedAmount: topUp.refundedAmount,
      checkoutUrl: topUp.status === "open" ? topUp.checkoutUrl : null,
      failureMessage: topUp.failureMessage,
      createdAt: topUp.createdAt.toISOString(),
    },
  };
}

const TONE = { open: "amber", succeeded: "green", failed: "red", expired: "slate", refunded: "slate" } as const;

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function TopUpStatus() {
  const { base, topUp, fromCheckout, cancelled } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t("topup.title")}</h1>
      <section className="card space-y-3" data-testid="top-up" data-status={topUp.status}>
        <div className="flex items-center justify-between gap-2">
          <p className="text-2xl font-bold">
            <Money amount={topUp.amount} />
          </p>
          <StatusBadge tone={TONE[topUp.status]} testId="top-up-status">
            {t(`topup.status.${topUp.status}` as MessageKey)}
          </StatusBadge>
        </div>
        <p className="text-sm text-slate-500">{dateTime(topUp.createdAt)}</p>
        {topUp.status === "succeeded" ? <Notice>{t("topup.credited")}</Notice> : null}
        {topUp.status === "refunded" || topUp.refundedAmount !== "0.00" ? (
          <p className="text-sm text-slate-600">
            {t("topup.refunded")} <Money amount={topUp.refundedAmount} />
          </p>
        ) : null}
        {topUp.status === "failed" ? <Notice tone="red">{t("topup.failed", { reason: topUp.failureMessage ?? "—" })}</Notice> : null}
        {topUp.status === "open" ? (
          <>
            {fromCheckout ? <Notice tone="amber" testId="awaiting-confirmation">{t("topup.awaiting")}</Notice> : null}
            {cancelled ? <Notice tone="amber">{t("topup.cancelled")}</Notice> : null}
            {fromCheckout ? null : topUp.checkoutUrl ? (
              <a href={topUp.checkoutUrl} className="btn-primary w-full" data-testid="pay-by-card" rel="noopener">
                {t("topup.pay")}
              </a>
            ) : (
              <p className="text-sm text-slate-600">{t("topup.noCheckout")}</p>
            )}
            <Link to="." className="btn-secondary w-full" reloadDocument>
              {t("topup.refresh")}
            </Link>
            <p className="text-xs text-slate-500">{t("topup.payNote")}</p>
          </>
        ) : null}
      </section>
      <Link to={`${base}/me/wallet`} className="btn-secondary w-full">
        {t("topup.backToWallet")}
      </Link>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
