import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getConfig } from "../../config.server";
import { domainErrorToFieldErrors, errorParams, readForm, validateForm, type FieldErrors } from "../../forms.server";
import { registerForm } from "../../investor-forms.server";
import { investing } from "../../services.server";
import { Field, FormError, PostForm, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const status = await investing.getInvestorStatus(db, { operatorId: operator.id, userId: session.user.id });
  return {
    base: `/o/${operator.slug}`,
    profile: status.profile ? { ...status.profile, verifiedAt: status.profile.verifiedAt.toISOString() } : null,
    banks: investing.BANKS,
    agreements: investing.INVESTOR_AGREEMENTS.map((a) => ({ code: a.code, titleZh: a.titleZh, titleEn: a.titleEn, version: a.version })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const form = await readForm(request, context);
  const parsed = validateForm(registerForm, form);
  if (!parsed.ok) return { errors: parsed.errors, values: { legalName: "", bankCode: "" } };
  const { consent, ...values } = parsed.data;
  try {
    await investing.registerInvestor(db, {
      operatorId: operator.id,
      userId: session.user.id,
      ...values,
      // One box accepts every current agreement (each is listed and linked beside it).
      consentedAgreements: consent === "all" ? investing.INVESTOR_AGREEMENTS.map((a) => a.code) : [],
      secretKey: getConfig().secretKey,
      clientIp: context.clientIp,
    });
  } catch (error) {
    const errors: FieldErrors = {};
    if (error instanceof investing.InvestorFormError) {
      for (const e of error.errors) errors[e.field ?? "_form"] ??= { key: `error.${e.code}`, params: errorParams(e.details) };
    } else {
      Object.assign(errors, domainErrorToFieldErrors(error));
    }
    // The ID number and card are never echoed back into the page.
    return { errors, values: { legalName: values.legalName, bankCode: values.bankCode } };
  }
  return redirect(`/o/${operator.slug}/invest/risk?registered=1`);
}

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function Register() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t, locale, date } = useI18n();
  const errors = result?.errors;
  if (data.profile) {
    return (
      <div className="mx-auto max-w-xl space-y-4">
        <h1 className="text-2xl font-bold">{t("register.title")}</h1>
        <dl className="card divide-y divide-slate-100" data-testid="real-name">
          {[
            [t("register.legalName"), data.profile.legalName],
            [t("register.idNumber"), data.profile.idNumberMasked],
            [t("register.bank"), t(`bank.${data.profile.bankCode}` as MessageKey)],
            [t("register.bankCard"), data.profile.bankCardMasked],
            [t("register.verifiedAt"), date(data.profile.verifiedAt)],
          ].map(([k, v]) => (
            <div key={k} className="flex justify-between gap-4 py-2">
              <dt className="text-slate-500">{k}</dt>
              <dd className="text-right">{v}</dd>
            </div>
          ))}
        </dl>
        <Link to={`${data.base}/invest/risk`} className="btn-primary w-full">
          {t("register.toRisk")}
        </Link>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t("register.title")}</h1>
      <p className="text-slate-600">{t("register.lead")}</p>
      <PostForm className="card space-y-4" replace>
        <FormError errors={errors} />
        <Field name="legalName" label={t("register.legalName")} autoComplete="name" required defaultValue={result?.values.legalName} errors={errors} />
        <Field name="idNumber" label={t("register.idNumber")} hint={t("register.idNumberHint")} autoComplete="off" maxLength={22} required errors={errors} />
        <div className="space-y-1">
          <label htmlFor="field-bankCode" className="block text-sm font-medium text-slate-800">
            {t("register.bank")}
          </label>
          <select id="field-bankCode" name="bankCode" required defaultValue={result?.values.bankCode ?? ""} className="field-input" aria-invalid={errors?.bankCode ? true : undefined}>
            <option value="" disabled>
              {t("register.bankChoose")}
            </option>
            {data.banks.map((b) => (
              <option key={b} value={b}>
                {t(`bank.${b}` as MessageKey)}
              </option>
            ))}
          </select>
          {errors?.bankCode ? (
            <p className="text-sm font-medium text-red-700" role="alert">
              {translateError(t, errors.bankCode)}
            </p>
          ) : null}
        </div>
        <Field name="bankCard" label={t("register.bankCard")} hint={t("register.bankCardHint")} inputMode="numeric" autoComplete="off" maxLength={23} required errors={errors} />
        <div className="space-y-1">
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="consent" value="all" className="mt-1 size-5 shrink-0" aria-invalid={errors?.consent ? true : undefined} />
            <span>
              {t("register.consent")}{" "}
              {data.agreements.map((a, i) => (
                <span key={a.code}>
                  {i > 0 ? "、" : ""}
                  <Link to={`${data.base}/invest/agreements/${a.code}`} className="text-brand underline" target="_blank">
                    《{locale === "zh-CN" ? a.titleZh : a.titleEn}》
                  </Link>
                </span>
              ))}
            </span>
          </label>
          {errors?.consent ? (
            <p className="text-sm font-medium text-red-700" role="alert">
              {translateError(t, errors.consent)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {t("register.submit")}
        </button>
        <p className="text-xs text-slate-500">{t("register.privacy")}</p>
      </PostForm>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
