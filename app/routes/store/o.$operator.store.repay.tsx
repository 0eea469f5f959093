import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { smsSenderFor } from "../../sms.server";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getConfig } from "../../config.server";
import { domainErrorToFieldErrors, readForm, validateForm, type FieldErrors } from "../../forms.server";
import { isDomainError, ledger, repayment } from "../../services.server";
import { Field, FormError, PostForm, translateError } from "../../components/forms";
import { DueLines } from "../../components/due-lines";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "store_clerk");
  const query = new URL(request.url).searchParams.get("q")?.replace(/\s+/g, "").slice(0, 20) ?? "";
  let lookupError: FieldErrors | null = null;
  let borrower: Awaited<ReturnType<typeof repayment.findBorrowerAtCounter>> | null = null;
  if (query) {
    try {
      borrower = await repayment.findBorrowerAtCounter(db, { operatorId: operator.id, query, secretKey: getConfig().secretKey });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      lookupError = domainErrorToFieldErrors(error);
    }
  }
  let dayClosed = false;
  try {
    dayClosed = (await repayment.getStoreDay(db, { operatorId: operator.id, clerkUserId: session.user.id })).cashUp !== null;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    lookupError = domainErrorToFieldErrors(error);
  }
  return {
    query,
    lookupError,
    dayClosed,
    borrower: borrower
      ? {
          nameMasked: borrower.nameMasked,
          phoneMasked: borrower.phoneMasked,
          idNumberMasked: borrower.idNumberMasked,
          loans: borrower.loans.map((l) => ({
            loanId: l.loanId,
            loanNo: l.loanNo,
            titleZh: l.titleZh,
            amount: l.amount,
            due: l.due,
            payoffTotal: l.payoffTotal,
            outstandingPrincipal: l.outstandingPrincipal,
          })),
        }
      : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "store_clerk");
  const form = await readForm(request, context);
  const schema = z.object({
    loanId: z.string().uuid("repayment.loan_not_found"),
    amount: z.string().trim().refine(ledger.isTypedAmount, "repayment.invalid_amount"),
    receiptNo: z.string().trim().min(1, "repayment.invalid_reference").max(32, "repayment.invalid_reference"),
    kind: z.enum(["installment", "payoff"]),
  });
  const values = { loanId: String(form.get("loanId") ?? ""), amount: String(form.get("amount") ?? "").slice(0, 20), receiptNo: String(form.get("receiptNo") ?? "").slice(0, 40) };
  const parsed = validateForm(schema, form);
  if (!parsed.ok) return { errors: parsed.errors, values };
  try {
    const applied = await repayment.takeStoreRepayment(db, { operatorId: operator.id, clerkUserId: session.user.id, ...parsed.data, notify: smsSenderFor });
    return redirect(`/o/${operator.slug}/store/repayments/${applied.repaymentId}`);
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error), values };
  }
}

export default function StoreRepay() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t, date } = useI18n();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t("storeRepay.title")}</h1>
      {data.dayClosed ? (
        <p className="card border-amber-300 bg-amber-50 text-amber-900" role="status" data-testid="day-closed">
          {t("storeRepay.dayClosed")}
        </p>
      ) : null}
      <section className="card space-y-3">
        <p className="text-sm text-slate-600">{t("storeRepay.lead")}</p>
        <Form method="get" className="flex items-end gap-2">
          <div className="min-w-0 flex-1">
            <Field name="q" label={t("storeRepay.query")} autoComplete="off" maxLength={20} required defaultValue={data.query} errors={data.lookupError ?? undefined} />
          </div>
          <button type="submit" className="btn-secondary">
            {t("storeRepay.find")}
          </button>
        </Form>
        {data.lookupError?._form ? <p className="text-sm text-red-700">{translateError(t, data.lookupError._form)}</p> : null}
      </section>

      {data.borrower ? (
        <>
          <dl className="card grid grid-cols-2 gap-y-1 bg-brand-soft text-sm" data-testid="counter-borrower">
            <dt>{t("storeRepay.borrower")}</dt>
            <dd className="text-right font-semibold">{data.borrower.nameMasked}</dd>
            <dt>{t("account.phone")}</dt>
            <dd className="text-right">{data.borrower.phoneMasked}</dd>
            <dt>{t("register.idNumber")}</dt>
            <dd className="text-right break-all">{data.borrower.idNumberMasked ?? "—"}</dd>
            <dd className="col-span-2 pt-1 text-xs text-slate-600">{t("storeRepay.checkId")}</dd>
          </dl>
          {data.borrower.loans.map((loan) => {
            const mine = result?.values.loanId === loan.loanId;
            const errors = mine ? result?.errors : undefined;
            return (
              <section key={loan.loanId} className="card space-y-3" data-testid="counter-loan">
                <header>
                  <h2 className="text-lg font-semibold">{t("storeRepay.loan", { loanNo: loan.loanNo })}</h2>
                  <p className="text-sm text-slate-600">
                    {loan.titleZh} · <Money amount={loan.amount} />
                  </p>
                </header>
                <div className="space-y-2">
                  <h3 className="font-medium">{loan.due.ahead ? t("storeReceipt.nextDue", { date: date(loan.due.lines[0]!.dueDate) }) : t("storeRepay.dueNow")}</h3>
                  <DueLines lines={loan.due.lines} />
                  <dl className="grid grid-cols-2 gap-y-1 text-sm">
                    <dt className="font-medium">{t(loan.due.ahead ? "loanView.dueAhead" : "storeRepay.dueNow")}</dt>
                    <dd className="text-right font-semibold" data-testid="due-total">
                      <Money amount={loan.due.total} />
                    </dd>
                    <dt>{t("storeRepay.payoff")}</dt>
                    <dd className="text-right" data-testid="payoff-total" data-amount={loan.payoffTotal ?? ""}>
                      {loan.payoffTotal ? <Money amount={loan.payoffTotal} /> : "—"}
                    </dd>
                    <dt>{t("storeRepay.outstanding")}</dt>
                    <dd className="text-right">
                      <Money amount={loan.outstandingPrincipal} />
                    </dd>
                  </dl>
                </div>
                {data.dayClosed ? null : (
                  <PostForm className="space-y-3" replace>
                    <input type="hidden" name="loanId" value={loan.loanId} />
                    <FormError errors={errors} />
                    <fieldset className="space-y-1">
                      <legend className="text-sm font-medium">{t("storeRepay.kind")}</legend>
                      <div className="flex flex-wrap gap-4">
                        {(["installment", "payoff"] as const).map((kind) => (
                          <label key={kind} className="flex min-h-11 items-center gap-2">
                            <input type="radio" name="kind" value={kind} defaultChecked={kind === "installment"} />
                            {t(`storeRepay.kind.${kind}`)}
                          </label>
                        ))}
                      </div>
                    </fieldset>
                    <Field name="amount" label={t("storeRepay.amount")} inputMode="decimal" autoComplete="off" required defaultValue={mine ? result?.values.amount : loan.due.total} errors={errors} />
                    <Field name="receiptNo" label={t("storeRepay.receiptNo")} hint={t("storeRepay.receiptHint")} autoComplete="off" autoCapitalize="characters" required defaultValue={mine ? result?.values.receiptNo : undefined} errors={errors} />
                    <button type="submit" className="btn-primary w-full" disabled={busy}>
                      {t("storeRepay.submit")}
                    </button>
                  </PostForm>
                )}
              </section>
            );
          })}
        </>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
