import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { domainErrorToFieldErrors, orBadRequest, readForm, type FieldErrors } from "../../forms.server";
import { newFormKey } from "../../investor.server";
import { transfers } from "../../services.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Notice } from "../../components/investor";
import { Money } from "../../components/money";
import { FigureList } from "../../components/transfers";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const preview = await orBadRequest(transfers.previewListing(db, { operatorId: operator.id, userId: session.user.id, loanId: params.loanId ?? "" }));
  const settings = await transfers.getTransferSettings(db, operator.id);
  return { base: `/o/${operator.slug}`, preview, holdingDays: settings.holdingPeriodDays, minPrincipal: settings.minPrincipalCny.toFixed(2), cancelKey: newFormKey() };
}

type Values = { principal: string; pricePercent: string };
type Result = { step: "confirm"; values: Values; preview: transfers.ListingPreview; key: string } | { step: "form"; values: Values; errors: FieldErrors };

/** 计算价格 (preview), 确认挂牌 (list) or 撤销转让 (cancel): one service call each. */
export async function action({ request, params, context }: ActionFunctionArgs): Promise<Result | Response> {
  const { operator, session, db } = await requireUser(request, params);
  const form = await readForm(request, context);
  const text = (name: string) => String(form.get(name) ?? "").slice(0, 40);
  const values = { principal: text("principal"), pricePercent: text("pricePercent") };
  const who = { operatorId: operator.id };
  const here = `/o/${operator.slug}/me/holdings/${params.loanId}/transfer`;
  try {
    switch (form.get("intent")) {
      case "list":
        await transfers.listClaimForTransfer(db, { ...who, sellerUserId: session.user.id, loanId: params.loanId ?? "", ...values, idempotencyKey: text("idempotencyKey").slice(0, 100) });
        return redirect(`${here}?listed=1`);
      case "cancel":
        await transfers.cancelTransferListing(db, { ...who, sellerUserId: session.user.id, listingId: text("listingId"), idempotencyKey: text("idempotencyKey").slice(0, 100) });
        return redirect(`${here}?cancelled=1`);
      default:
        return { step: "confirm", values, key: newFormKey(), preview: await transfers.previewListing(db, { ...who, userId: session.user.id, loanId: params.loanId ?? "", ...values }) };
    }
  } catch (error) {
    return { step: "form", values, errors: domainErrorToFieldErrors(error) };
  }
}

export default function TransferHolding() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const busy = useNavigation().state !== "idle";
  const [search] = useSearchParams();
  const { t, date } = useI18n();
  const p = result?.step === "confirm" ? result.preview : data.preview;
  const blocked = data.preview.blocked;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link to={`${data.base}/me/portfolio`} className="text-sm text-brand underline">
        ← {t("transfer.backToPortfolio")}
      </Link>
      <h1 className="text-2xl font-bold">{t("transfer.sell.title")}</h1>
      {search.get("listed") ? <Notice testId="transfer-listed">{t("transfer.listedNotice")}</Notice> : null}
      {search.get("cancelled") ? <Notice testId="transfer-cancelled">{t("transfer.cancelledNotice")}</Notice> : null}
      <section className="card space-y-2">
        <p className="font-semibold">{data.preview.titleZh}</p>
        <p className="text-sm text-slate-600">
          {t("transfer.claim")} <Money amount={data.preview.claim} className="font-semibold text-slate-900" />
        </p>
        <p className="text-xs text-slate-500">{t("transfer.sell.lead")}</p>
      </section>

      {data.preview.openListingId ? (
        <section className="card space-y-2" data-testid="open-listing">
          <p className="text-sm">{t("transfer.openListing")}</p>
          <Link to={`${data.base}/invest/transfers/${data.preview.openListingId}`} className="text-sm text-brand underline">
            {t("transfer.view")}
          </Link>
          <PostForm replace>
            <input type="hidden" name="listingId" value={data.preview.openListingId} />
            <input type="hidden" name="idempotencyKey" value={data.cancelKey} />
            <FormError errors={result?.step === "form" ? result.errors : undefined} />
            <button type="submit" name="intent" value="cancel" className="btn-secondary w-full" disabled={busy}>
              {t("transfer.cancel")}
            </button>
          </PostForm>
        </section>
      ) : blocked ? (
        <Notice tone="amber" testId="transfer-blocked">
          {blocked === "holding_period"
            ? data.preview.listableFrom
              ? t("transfer.blocked.holding_periodFrom", { days: data.holdingDays, from: date(data.preview.listableFrom) })
              : t("transfer.blocked.holding_period", { days: data.holdingDays })
            : t(`transfer.blocked.${blocked}`)}
        </Notice>
      ) : (
        <section className="card space-y-3" id="transfer-form">
          <FigureList
            testId="transfer-figures"
            rows={[
              { label: t("transfer.accrued"), amount: p.accruedInterest },
              { label: t("transfer.value"), amount: p.value },
            ]}
          />
          <p className="text-sm text-slate-600" data-testid="transfer-bounds">
            {t("transfer.bounds")} <Money amount={p.minPrice} /> – <Money amount={p.maxPrice} /> ({p.minPercent}%–{p.maxPercent}%)
          </p>
          {result?.step === "confirm" ? (
            <ConfirmListing preview={p} values={result.values} formKey={result.key} busy={busy} />
          ) : (
            <ListingForm preview={p} values={result?.values} errors={result?.step === "form" ? result.errors : undefined} minPrincipal={data.minPrincipal} busy={busy} />
          )}
        </section>
      )}
    </div>
  );
}

/** 确认挂牌: what listing at the typed principal and price gives, and the form that lists it (its own key). */
function ConfirmListing({ preview, values, formKey, busy }: { preview: transfers.ListingPreview; values: Values; formKey: string; busy: boolean }) {
  const { t } = useI18n();
  return (
    <div className="space-y-3" data-testid="transfer-confirm">
      <FigureList
        rows={[
          { label: t("transfer.principalLabel"), amount: preview.principal },
          { label: `${t("transfer.price")} (${preview.pricePercent}%)`, amount: preview.price, testId: "transfer-price", strong: true },
          { label: t("transfer.fee", { percent: preview.feePercent }), amount: preview.fee, testId: "transfer-fee" },
          { label: t("transfer.proceeds"), amount: preview.proceeds, testId: "transfer-proceeds", strong: true },
        ]}
      />
      <p className="text-xs text-slate-500">{t("transfer.validity", { days: preview.validityDays })}</p>
      <PostForm replace>
        <input type="hidden" name="principal" value={values.principal} />
        <input type="hidden" name="pricePercent" value={values.pricePercent} />
        <input type="hidden" name="idempotencyKey" value={formKey} />
        <div className="flex gap-2">
          <Link to="?" className="btn-secondary flex-1">
            {t("transfer.change")}
          </Link>
          <button type="submit" name="intent" value="list" className="btn-primary flex-1" disabled={busy}>
            {t("transfer.confirm")}
          </button>
        </div>
      </PostForm>
    </div>
  );
}

/** The listing form: principal and price percent, checked by 计算价格 before anything is listed. */
function ListingForm({ preview, values, errors, minPrincipal, busy }: { preview: transfers.ListingPreview; values?: Values; errors?: FieldErrors; minPrincipal: string; busy: boolean }) {
  const { t, money } = useI18n();
  return (
    <PostForm className="space-y-3" replace>
      <FormError errors={errors} />
      <Field
        name="principal"
        label={t("transfer.principal")}
        hint={t("transfer.principalHint", { min: money(minPrincipal) })}
        inputMode="decimal"
        autoComplete="off"
        required
        defaultValue={values?.principal ?? preview.claim}
        errors={errors}
      />
      <Field
        name="pricePercent"
        label={t("transfer.pricePercent")}
        hint={t("transfer.pricePercentHint", { min: preview.minPercent, max: preview.maxPercent })}
        inputMode="decimal"
        autoComplete="off"
        required
        defaultValue={values?.pricePercent ?? preview.maxPercent}
        errors={errors}
      />
      <p className="text-xs text-slate-500">{t("transfer.fee", { percent: preview.feePercent })}</p>
      <button type="submit" name="intent" value="preview" className="btn-primary w-full" disabled={busy}>
        {t("transfer.preview")}
      </button>
    </PostForm>
  );
}

export const ErrorBoundary = PageErrorBoundary;
