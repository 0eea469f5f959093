import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { domainErrorToFieldErrors, orBadRequest, readForm, type FieldErrors } from "../../forms.server";
import { formatPercent, newFormKey } from "../../investor.server";
import { investing, ledger, transfers } from "../../services.server";
import { FormError, PostForm, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { Notice, ReadinessSteps, RiskBadge } from "../../components/investor";
import { ListingFigures } from "../../components/transfers";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { smsSenderFor } from "../../sms.server";
import { PLAIN_HTML } from "../../route-handle";

/** Plain HTML: the buy form posts without JavaScript. */
export const handle = PLAIN_HTML;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const listing = await orBadRequest(transfers.getTransferListing(db, { operatorId: operator.id, viewerUserId: session.user.id, listingId: params.transferId ?? "" }));
  const status = await investing.getInvestorStatus(db, { operatorId: operator.id, userId: session.user.id });
  const wallet = status.profile ? await investing.getWallet(db, { operatorId: operator.id, userId: session.user.id }) : null;
  return {
    base: `/o/${operator.slug}`,
    listing: { ...listing, ratePercent: formatPercent(listing.annualRate), expiresAt: listing.expiresAt.toISOString() },
    registered: !!status.profile,
    risk: status.risk ? { grade: status.risk.grade, expired: status.risk.expired } : null,
    ready: status.ready,
    available: wallet ? ledger.formatCny(wallet.availableCny) : null,
    key: newFormKey(),
  };
}

/** 确认购买: one service call; the price the page showed travels with the form and must still hold. */
export async function action({ request, params, context }: ActionFunctionArgs): Promise<{ errors: FieldErrors } | Response> {
  const { operator, session, db } = await requireUser(request, params);
  const form = await readForm(request, context);
  try {
    await transfers.buyTransferListing(db, {
      operatorId: operator.id,
      buyerUserId: session.user.id,
      listingId: params.transferId ?? "",
      shownPrice: String(form.get("price") ?? "").slice(0, 30),
      idempotencyKey: String(form.get("idempotencyKey") ?? "").slice(0, 100),
      notify: smsSenderFor,
    });
    return redirect(`/o/${operator.slug}/me/portfolio?bought=${encodeURIComponent(params.transferId ?? "")}`);
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error) };
  }
}

export default function BuyTransfer() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { errors: FieldErrors } | undefined;
  const busy = useNavigation().state !== "idle";
  const { t, date, money } = useI18n();
  const { listing } = data;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to={`${data.base}/invest/transfers`} className="text-sm text-brand underline">
        ← {t("transfer.market.title")}
      </Link>
      <section className="card space-y-3">
        <div className="flex items-start justify-between gap-2">
          <div className="min-w-0">
            <h1 className="text-xl font-bold" data-testid="transfer-heading">{listing.titleZh}</h1>
            <p className="text-sm text-slate-500">
              {listing.ratePercent} · {t("invest.months", { months: listing.termMonths })} · {t(`method.${listing.method}` as MessageKey)}
            </p>
          </div>
          <RiskBadge level={listing.riskLevel} />
        </div>
        <ListingFigures listing={listing} />
        <p className="text-xs text-slate-500">
          {t("transfer.remaining")} {t("transfer.remainingValue", { count: listing.remainingInstallments })}
          {listing.nextDueDate ? ` · ${t("transfer.nextDue")} ${date(listing.nextDueDate)}` : ""} · {t("transfer.expires")} {date(listing.expiresAt)}
        </p>
        <Link to={`${data.base}/invest/loans/${listing.loanId}`} className="text-sm text-brand underline">
          {t("invest.disclosure.title")}
        </Link>
      </section>

      <section className="card space-y-3" id="buy">
        <h2 className="text-lg font-semibold">{t("transfer.buy.title")}</h2>
        {listing.status !== "listed" ? (
          <Notice tone="amber">{t("transfer.buy.unavailable")}</Notice>
        ) : listing.own ? (
          <p className="text-slate-600" data-testid="transfer-own">{t("transfer.buy.own")}</p>
        ) : !data.ready ? (
          <ReadinessSteps base={data.base} registered={data.registered} risk={data.risk} />
        ) : (
          <PostForm className="space-y-3" replace>
            <p className="text-sm">{t("transfer.buy.lead", { price: money(listing.price), principal: money(listing.principal) })}</p>
            <p className="text-sm text-slate-600">
              {t("transfer.buy.available")} <Money amount={data.available ?? "0"} className="font-semibold text-slate-900" />{" "}
              <Link to={`${data.base}/me/wallet`} className="text-brand underline">
                {t("wallet.topUp")}
              </Link>
            </p>
            <FormError errors={result?.errors} />
            {result?.errors?.price ? <p className="text-sm text-red-700" data-testid="buy-error">{translateError(t, result.errors.price)}</p> : null}
            <input type="hidden" name="price" value={listing.price} />
            <input type="hidden" name="idempotencyKey" value={data.key} />
            <button type="submit" className="btn-primary w-full" disabled={busy}>
              {t("transfer.buy.submit")} <Money amount={listing.price} />
            </button>
          </PostForm>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
