import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getConfig } from "../../config.server";
import { getDb } from "../../db.server";
import { domainErrorToFieldErrors, readForm, validateForm } from "../../forms.server";
import { requireOperator } from "../../operator.server";
import { repayment } from "../../services.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";

/**
 * DEV ONLY (404 in production): a disbursed demo loan for a demo borrower — listed,
 * funded by the sandbox investors through the investing service and paid out through
 * the borrower journey's disbursement — so store repayments can be shown and tested
 * without walking a whole application first.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  if (getConfig().production) throw new Response("Not found", { status: 404 });
  const operator = await requireOperator(params);
  const prefix = { unicom: "186", mobile: "138", telecom: "189" }[operator.slug] ?? "186";
  return { phone: `${prefix}00000001`, done: new URL(request.url).searchParams.get("done") };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (getConfig().production) throw new Response("Not found", { status: 404 });
  const operator = await requireOperator(params);
  const form = await readForm(request, context);
  const parsed = validateForm(z.object({ phone: z.string().trim().regex(/^1\d{10}$/, "phone.invalid") }), form);
  if (!parsed.ok) return { errors: parsed.errors };
  try {
    const { loanId } = await repayment.prepareSandboxRepaymentLoan(await getDb(), { operatorId: operator.id, borrowerPhone: parsed.data.phone, secretKey: getConfig().secretKey });
    return redirect(`/o/${operator.slug}/dev/repayment-loan?done=${loanId}`);
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error) };
  }
}

export default function DevRepaymentLoan() {
  const { phone, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-xl font-bold">{t("devRepay.title")}</h1>
      <p className="text-sm text-slate-600">{t("devRepay.lead")}</p>
      {done ? (
        <p className="card break-all text-sm text-green-800" data-testid="dev-loan-ready" data-loan-id={done}>
          {done}
        </p>
      ) : null}
      <PostForm className="card space-y-3">
        <FormError errors={result?.errors} />
        <Field name="phone" label={t("devRepay.phone")} inputMode="numeric" maxLength={11} defaultValue={phone} errors={result?.errors} />
        <button type="submit" className="btn-primary w-full" data-testid="dev-make-loan">
          {t("devRepay.submit")}
        </button>
      </PostForm>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
