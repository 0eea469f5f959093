import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { domainErrorToFieldErrors, readForm, validateForm, type FieldErrors } from "../../forms.server";
import { cashTopUpForm } from "../../investor-forms.server";
import { newFormKey } from "../../investor.server";
import { investing, isDomainError, stores } from "../../services.server";
import { Field, FormError, PostForm, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "store_clerk");
  const store = await stores.getClerkStore(db, { operatorId: operator.id, userId: session.user.id });
  const phone = new URL(request.url).searchParams.get("phone")?.replace(/\s+/g, "") ?? "";
  let investor: Awaited<ReturnType<typeof investing.findInvestorAtCounter>> | null = null;
  let lookupError: FieldErrors | null = null;
  if (phone) {
    try {
      investor = await investing.findInvestorAtCounter(db, { operatorId: operator.id, phone });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      lookupError = domainErrorToFieldErrors(error);
    }
  }
  const recent = await investing.listStoreCashTopUps(db, { operatorId: operator.id, clerkUserId: session.user.id, limit: 10 });
  return {
    base: `/o/${operator.slug}`,
    store: store ? { code: store.code, nameZh: store.nameZh, nameEn: store.nameEn } : null,
    phone,
    investor: investor ? { nameMasked: investor.nameMasked, phoneMasked: investor.phoneMasked, idNumberMasked: investor.idNumberMasked } : null,
    lookupError,
    formKey: newFormKey(),
    recent: recent.map((r) => ({ id: r.id, amount: r.amount, receiptNo: r.receiptNo, createdAt: r.createdAt.toISOString() })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "store_clerk");
  const form = await readForm(request, context);
  const text = (name: string) => String(form.get(name) ?? "").slice(0, 40);
  const parsed = validateForm(cashTopUpForm, form);
  if (!parsed.ok) return { errors: parsed.errors, values: { amount: text("amount"), receiptNo: text("receiptNo") } };
  try {
    const { topUp } = await investing.recordCashTopUp(db, {
      operatorId: operator.id,
      clerkUserId: session.user.id,
      investorPhone: parsed.data.phone,
      amount: parsed.data.amount,
      receiptNo: parsed.data.receiptNo,
      idempotencyKey: parsed.data.idempotencyKey,
    });
    return redirect(`/o/${operator.slug}/store/receipts/${topUp.id}`);
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error), values: { amount: text("amount"), receiptNo: text("receiptNo") } };
  }
}

export default function StoreCounter() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t, locale, dateTime } = useI18n();
  const errors = result?.errors;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t("store.title")}</h1>
      {data.store ? (
        <p className="text-slate-600" data-testid="store-name">
          {locale === "zh-CN" ? data.store.nameZh : data.store.nameEn} ({data.store.code})
        </p>
      ) : (
        <p className="card text-red-800">{t("error.topup.no_store")}</p>
      )}

      <section className="card space-y-3">
        <h2 className="text-lg font-semibold">{t("store.cash.title")}</h2>
        <Form method="get" className="flex items-end gap-2">
          <div className="flex-1">
            <Field name="phone" label={t("store.cash.phone")} type="tel" inputMode="numeric" maxLength={11} required defaultValue={data.phone} errors={data.lookupError ?? undefined} />
          </div>
          <button type="submit" className="btn-secondary">
            {t("store.cash.find")}
          </button>
        </Form>
        {data.investor ? (
          <PostForm className="space-y-3" replace>
            <dl className="grid grid-cols-2 gap-y-1 rounded-lg bg-brand-soft p-3 text-sm" data-testid="counter-investor">
              <dt>{t("store.cash.investor")}</dt>
              <dd className="text-right font-semibold">{data.investor.nameMasked}</dd>
              <dt>{t("account.phone")}</dt>
              <dd className="text-right">{data.investor.phoneMasked}</dd>
              <dt>{t("register.idNumber")}</dt>
              <dd className="text-right">{data.investor.idNumberMasked}</dd>
            </dl>
            <p className="text-xs text-slate-600">{t("store.cash.checkId")}</p>
            <input type="hidden" name="phone" value={data.phone} />
            <input type="hidden" name="idempotencyKey" value={data.formKey} />
            <FormError errors={errors?.phone ? { _form: errors.phone } : errors} />
            <Field name="amount" label={t("store.cash.amount")} inputMode="decimal" autoComplete="off" required defaultValue={result?.values.amount} errors={errors} />
            <Field name="receiptNo" label={t("store.cash.receiptNo")} hint={t("store.cash.receiptHint")} autoComplete="off" autoCapitalize="characters" required defaultValue={result?.values.receiptNo} errors={errors} />
            <button type="submit" className="btn-primary w-full" disabled={busy}>
              {t("store.cash.submit")}
            </button>
          </PostForm>
        ) : data.lookupError ? null : (
          <p className="text-sm text-slate-500">{t("store.cash.lead")}</p>
        )}
        {data.lookupError?._form ? <p className="text-sm text-red-700">{translateError(t, data.lookupError._form)}</p> : null}
      </section>

      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("store.recent")}</h2>
        {data.recent.length === 0 ? (
          <p className="text-sm text-slate-500">{t("store.recent.none")}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {data.recent.map((r) => (
              <li key={r.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                <span>
                  {r.receiptNo} · {dateTime(r.createdAt)}
                </span>
                <Link to={`${data.base}/store/receipts/${r.id}`} className="font-medium text-brand underline">
                  <Money amount={r.amount} />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
