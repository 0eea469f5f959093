import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { deviceId, operatorData, pct } from "../../borrowing.server";
import { domainErrorToFieldErrors, orBadRequest, readForm, type FieldErrors } from "../../forms.server";
import { borrowing, identity, isDomainError, stores } from "../../services.server";
import { Field, FormError, PostForm, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { APPLICATION_STEPS as STEPS, DISBURSEMENT_CHANNELS } from "../../../db/enums";
import { LOAN_PURPOSES } from "../../../db/loan-purposes";
import { PLAIN_HTML } from "../../route-handle";

type Step = (typeof STEPS)[number];
const PURPOSES = LOAN_PURPOSES;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params);
  const { app, as } = await orBadRequest(borrowing.loadApplicationFor(db, { operatorId: operator.id, applicationId: params.applicationId ?? "", actor, allow: ["borrower", "clerk"] }));
  const base = `/o/${operator.slug}/borrow/applications/${app.id}`;
  if (app.status !== "draft") throw redirect(base);
  const url = new URL(request.url);
  const firstMissing = borrowing.firstIncompleteStep(app);
  const asked = url.searchParams.get("step") as Step | null;
  // A step may be revisited, but not skipped ahead of the first unanswered one.
  const maxIndex = firstMissing ? STEPS.indexOf(firstMissing) : STEPS.length - 1;
  const step: Step = asked && STEPS.includes(asked) && STEPS.indexOf(asked) <= maxIndex ? asked : (firstMissing ?? "consent");
  const matches = step === "product" ? await borrowing.productMatchesFor(db, { operatorId: operator.id, app }) : [];
  // Cash is picked up in the borrower's own province (their city first); other provinces only when theirs has no store.
  const near = step === "bank" ? stores.storesNear(await stores.listStores(db, operator.id), app.region ?? "") : { stores: [], inProvince: true };
  return {
    base,
    step,
    as,
    values: {
      amount: app.amount ?? "",
      termMonths: app.termMonths ? String(app.termMonths) : "",
      purpose: app.purpose ?? "",
      purposeNote: app.purposeNote ?? "",
      productId: app.productId ?? "",
      fullName: app.fullName ?? "",
      idMasked: app.idNumberMasked,
      phoneMasked: identity.maskPhone(app.phone),
      region: app.region ?? "",
      village: app.village ?? "",
      address: app.address ?? "",
      passbookBank: app.passbookBank ?? "",
      passbookMasked: app.passbookAccountMasked,
      disbursementChannel: app.disbursementChannel ?? "passbook",
      cashStoreId: app.cashStoreId ?? app.intakeStoreId ?? "",
      supplierName: app.supplierName ?? "",
      supplierMasked: app.supplierAccountMasked,
      householdSize: app.householdSize ? String(app.householdSize) : "",
      annualIncome: app.annualIncome ?? "",
      incomeSource: app.incomeSource ?? "",
    },
    matches: matches.map((m) => ({
      id: m.product.id,
      code: m.product.code,
      nameZh: m.product.nameZh,
      nameEn: m.product.nameEn,
      fits: m.fits,
      reasons: m.reasons.map((r) => ({
        key: r.key,
        params: {
          ...r.params,
          ...(r.params.rate ? { rate: pct(String(r.params.rate)) } : {}),
        } as Record<string, string | number>,
      })),
    })),
    stores: near.stores.map((s) => ({ id: s.id, name: `${s.nameZh} · ${s.addressZh}` })),
    storesInProvince: near.inProvince,
    summary:
      step === "consent"
        ? { amount: app.amount, product: matches.length ? null : app.productId, region: `${app.region ?? ""}${app.village ?? ""}`, name: app.fullName, idMasked: app.idNumberMasked }
        : null,
  };
}

const str = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const int = (raw: string) => (/^\d{1,3}$/.test(raw) ? Number.parseInt(raw, 10) : Number.NaN);

function valuesFrom(step: Step, form: FormData): borrowing.StepValues {
  switch (step) {
    case "need":
      return { step, amountCny: str(form, "amount").replace(/[,，\s]/g, ""), termMonths: int(str(form, "termMonths")), purpose: str(form, "purpose"), purposeNote: str(form, "purposeNote") };
    case "product":
      return { step, productId: str(form, "productId") };
    case "identity":
      return { step, fullName: str(form, "fullName"), idNumber: str(form, "idNumber") };
    case "contact":
      return { step, region: str(form, "region"), village: str(form, "village"), address: str(form, "address") };
    case "bank":
      return {
        step,
        passbookBank: str(form, "passbookBank"),
        passbookAccount: str(form, "passbookAccount"),
        disbursementChannel: str(form, "disbursementChannel") as "passbook",
        cashStoreId: str(form, "cashStoreId"),
        supplierName: str(form, "supplierName"),
        supplierAccount: str(form, "supplierAccount"),
      };
    case "household":
      return { step, householdSize: int(str(form, "householdSize")), annualIncomeCny: str(form, "annualIncome").replace(/[,，\s]/g, ""), incomeSource: str(form, "incomeSource") };
    case "consent":
      return { step, consent: form.get("consent") === "yes" };
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db, secretKey } = await requireUser(request, params);
  const form = await readForm(request, context);
  const step = str(form, "step") as Step;
  if (!STEPS.includes(step)) throw new Response("Unknown step", { status: 400 });
  const applicationId = params.applicationId ?? "";
  const base = `/o/${operator.slug}/borrow/applications/${applicationId}`;
  const device = deviceId(request);
  const headers = device.setCookie ? { "Set-Cookie": device.setCookie } : undefined;
  const values = Object.fromEntries([...form.entries()].filter(([k]) => !["_csrf", "idNumber", "passbookAccount", "supplierAccount"].includes(k)).map(([k, v]) => [k, String(v)]));
  try {
    const app = await borrowing.saveApplicationStep(db, { operatorId: operator.id, applicationId, actor, values: valuesFrom(step, form), secretKey, deviceId: device.id });
    if (step === "consent") {
      await borrowing.submitApplication(db, { operatorId: operator.id, operatorSlug: operator.slug, applicationId, actor, secretKey, operatorData, ip: context.clientIp });
      return redirect(`${base}?submitted=1`, { headers });
    }
    const next = STEPS[STEPS.indexOf(step) + 1]!;
    return redirect(`${base}/edit?step=${borrowing.firstIncompleteStep(app) === step ? step : next}`, { headers });
  } catch (error) {
    // A repeated submit after the application went in: show it, change nothing.
    if (isDomainError(error) && error.code === "application.not_draft") return redirect(base, { headers });
    const errors: FieldErrors = domainErrorToFieldErrors(error);
    return { errors, values };
  }
}

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function ApplicationStep() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  const errors = result?.errors;
  const v = { ...data.values, ...(result?.values ?? {}) } as typeof data.values & Record<string, string>;
  const index = STEPS.indexOf(data.step);
  const prev = index > 0 ? STEPS[index - 1] : null;
  const fieldError = (name: string) =>
    errors?.[name] ? (
      <p id={`field-${name}-error`} className="text-sm font-medium text-red-700" role="alert">
        {translateError(t, errors[name]!)}
      </p>
    ) : null;

  return (
    <div className="mx-auto max-w-xl space-y-4">
      <div>
        <p className="text-sm text-slate-500" data-testid="step-indicator">
          {t("borrow.apply.stepOf", { n: index + 1, total: STEPS.length })}
          {data.as === "clerk" ? ` · ${t("borrow.apply.onBehalf")}` : ""}
        </p>
        <h1 className="text-2xl font-bold">{t(`borrow.step.${data.step}` as MessageKey)}</h1>
        <ol className="mt-2 flex gap-1" aria-hidden="true">
          {STEPS.map((s, i) => (
            <li key={s} className={`h-1.5 flex-1 rounded-full ${i <= index ? "bg-brand" : "bg-slate-200"}`} />
          ))}
        </ol>
      </div>
      <PostForm className="card space-y-4" replace>
        <input type="hidden" name="step" value={data.step} />
        <FormError errors={errors} />
        {data.step === "need" ? (
          <>
            <Field name="amount" label={t("borrow.field.amount")} hint={t("borrow.field.amountHint")} inputMode="decimal" required defaultValue={v.amount} errors={errors} />
            <Field name="termMonths" label={t("borrow.field.term")} hint={t("borrow.field.termHint")} inputMode="numeric" required defaultValue={v.termMonths} errors={errors} />
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-slate-800">{t("borrow.field.purpose")}</legend>
              <div className="grid grid-cols-2 gap-2">
                {PURPOSES.map((p) => (
                  <label key={p} className="flex min-h-11 items-center gap-2 rounded-lg border border-slate-200 px-3">
                    <input type="radio" name="purpose" value={p} defaultChecked={v.purpose === p} required />
                    {t(`purpose.${p}` as MessageKey)}
                  </label>
                ))}
              </div>
              {fieldError("purpose")}
            </fieldset>
            <Field name="purposeNote" label={t("borrow.field.purposeNote")} hint={t("borrow.field.purposeNoteHint")} required maxLength={40} defaultValue={v.purposeNote} errors={errors} />
          </>
        ) : null}

        {data.step === "product" ? (
          <fieldset className="space-y-2">
            <legend className="text-sm text-slate-600">{data.matches.some((m) => m.fits) ? t("borrow.product.lead") : t("borrow.product.noFit")}</legend>
            {data.matches.length === 0 ? <p className="text-sm font-medium text-red-700">{t("borrow.product.none")}</p> : null}
            <ul className="space-y-2" data-testid="product-matches">
              {data.matches.map((m, i) => (
                <li key={m.id}>
                  <label className="flex gap-3 rounded-lg border border-slate-200 p-3 has-[:checked]:border-brand has-[:checked]:bg-brand-soft">
                    <input type="radio" name="productId" value={m.id} defaultChecked={v.productId ? v.productId === m.id : i === 0} required className="mt-1" />
                    <span className="space-y-1">
                      <span className="block font-semibold">
                        {locale === "zh-CN" ? m.nameZh : m.nameEn} <span className="text-xs text-slate-500">{m.code}</span>
                        {i === 0 && m.fits ? <span className="ml-2 rounded-full bg-green-50 px-2 text-xs text-green-800">{t("borrow.product.closest")}</span> : null}
                      </span>
                      <ul className="list-disc pl-4 text-sm text-slate-600">
                        {m.reasons.map((r) => (
                          <li key={r.key}>
                            <Reason reason={r} />
                          </li>
                        ))}
                      </ul>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
            {fieldError("productId")}
            {data.matches.length === 0 ? (
              <Link to={`?step=need`} className="text-brand underline">
                {t("borrow.apply.changeNeed")}
              </Link>
            ) : null}
          </fieldset>
        ) : null}

        {data.step === "identity" ? (
          <>
            <Field name="fullName" label={t("borrow.field.fullName")} required autoComplete="name" defaultValue={v.fullName} errors={errors} />
            <Field
              name="idNumber"
              label={t("borrow.field.idNumber")}
              hint={data.values.idMasked ? t("borrow.field.idSaved", { masked: data.values.idMasked }) : t("borrow.field.idHint")}
              required={!data.values.idMasked}
              autoComplete="off"
              maxLength={18}
              autoCapitalize="characters"
              errors={errors}
            />
            <p className="text-xs text-slate-500">{t("borrow.field.idPrivacy")}</p>
          </>
        ) : null}

        {data.step === "contact" ? (
          <>
            <p className="text-sm">
              {t("borrow.field.phone")}: <strong>{data.values.phoneMasked}</strong> <span className="text-green-700">✓ {t("borrow.field.phoneVerified")}</span>
            </p>
            <Field name="region" label={t("borrow.field.region")} hint={t("borrow.field.regionHint")} required defaultValue={v.region} errors={errors} />
            <Field name="village" label={t("borrow.field.village")} required defaultValue={v.village} errors={errors} />
            <Field name="address" label={t("borrow.field.address")} required defaultValue={v.address} errors={errors} />
          </>
        ) : null}

        {data.step === "bank" ? (
          <>
            <Field name="passbookBank" label={t("borrow.field.passbookBank")} hint={t("borrow.field.passbookBankHint")} required defaultValue={v.passbookBank} errors={errors} />
            <Field
              name="passbookAccount"
              label={t("borrow.field.passbookAccount")}
              hint={data.values.passbookMasked ? t("borrow.field.accountSaved", { masked: data.values.passbookMasked }) : undefined}
              inputMode="numeric"
              required={!data.values.passbookMasked}
              autoComplete="off"
              errors={errors}
            />
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-slate-800">{t("borrow.field.disbursement")}</legend>
              {DISBURSEMENT_CHANNELS.map((c) => (
                <label key={c} className="flex min-h-11 items-center gap-2 rounded-lg border border-slate-200 px-3">
                  <input type="radio" name="disbursementChannel" value={c} defaultChecked={v.disbursementChannel === c} required />
                  {t(`disbursement.${c}` as MessageKey)}
                </label>
              ))}
              {fieldError("disbursementChannel")}
            </fieldset>
            {/* Only for cash at a store: hidden by CSS (tailwind.css, no JavaScript) once another way is chosen. */}
            <div className="space-y-1" data-show-for="store_cash">
              <label htmlFor="field-cashStoreId" className="block text-sm font-medium">
                {t("borrow.field.cashStore")}
              </label>
              {data.storesInProvince ? null : <p className="text-sm text-slate-500">{t("borrow.field.cashStoreElsewhere")}</p>}
              <select id="field-cashStoreId" name="cashStoreId" className="field-input" defaultValue={v.cashStoreId}>
                {data.stores.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
              {fieldError("cashStoreId")}
            </div>
            <details className="rounded-lg border border-slate-200 p-3" open={v.disbursementChannel === "supplier"}>
              <summary className="text-sm font-medium">{t("borrow.field.supplierTitle")}</summary>
              <div className="mt-2 space-y-3">
                <Field name="supplierName" label={t("borrow.field.supplierName")} defaultValue={v.supplierName} errors={errors} />
                <Field name="supplierAccount" label={t("borrow.field.supplierAccount")} inputMode="numeric" autoComplete="off" errors={errors} />
              </div>
            </details>
          </>
        ) : null}

        {data.step === "household" ? (
          <>
            <Field name="householdSize" label={t("borrow.field.householdSize")} inputMode="numeric" required defaultValue={v.householdSize} errors={errors} />
            <Field name="annualIncome" label={t("borrow.field.annualIncome")} hint={t("borrow.field.annualIncomeHint")} inputMode="decimal" required defaultValue={v.annualIncome} errors={errors} />
            <Field name="incomeSource" label={t("borrow.field.incomeSource")} hint={t("borrow.field.incomeSourceHint")} required defaultValue={v.incomeSource} errors={errors} />
          </>
        ) : null}

        {data.step === "consent" ? (
          <>
            <p className="text-sm text-slate-700">{t("borrow.consent.body")}</p>
            <ul className="list-disc pl-5 text-sm text-slate-600">
              <li>{t("borrow.consent.lists")}</li>
              <li>{t("borrow.consent.operator")}</li>
              <li>{t("borrow.consent.multi")}</li>
            </ul>
            <label className="flex min-h-11 items-start gap-2">
              <input type="checkbox" name="consent" value="yes" required className="mt-1" aria-describedby="field-consent-error" />
              <span className="text-sm font-medium">{t("borrow.consent.agree")}</span>
            </label>
            {fieldError("consent")}
          </>
        ) : null}

        <button type="submit" className="btn-primary w-full" disabled={busy || (data.step === "product" && data.matches.length === 0)} data-testid="step-submit">
          {data.step === "consent" ? t("borrow.apply.submit") : t("borrow.apply.next")}
        </button>
        {prev ? (
          <Link to={`?step=${prev}`} className="block text-center text-sm text-brand underline">
            {t("borrow.apply.back")}
          </Link>
        ) : null}
      </PostForm>
      <p className="text-center text-xs text-slate-500">{t("borrow.apply.saved")}</p>
    </div>
  );
}

function Reason({ reason }: { reason: { key: string; params: Record<string, string | number> } }) {
  const { t } = useI18n();
  const p = reason.params;
  switch (reason.key) {
    case "purpose_match":
    case "purpose_other":
      return <>{t(`borrow.reason.${reason.key}` as MessageKey, { purpose: t(`purpose.${p.purpose}` as MessageKey) })}</>;
    case "amount_in_range":
      return (
        <>
          {t("borrow.reason.amount_in_range")} <Money amount={String(p.min)} />–<Money amount={String(p.max)} />
        </>
      );
    case "method":
      return <>{t("borrow.reason.method", { method: t(`method.${p.method}` as MessageKey), rate: String(p.rate) })}</>;
    default:
      return <>{t(`borrow.reason.${reason.key}` as MessageKey, p)}</>;
  }
}

export const ErrorBoundary = PageErrorBoundary;
