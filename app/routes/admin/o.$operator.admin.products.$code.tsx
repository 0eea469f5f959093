import Decimal from "decimal.js";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { pct } from "../../borrowing.server";
import { domainErrorToFieldErrors, readForm, type FieldErrors } from "../../forms.server";
import { borrowing } from "../../services.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { Notice } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { REPAYMENT_METHODS as METHODS, RISK_LEVELS as RISKS } from "../../../db/enums";

import { LOAN_PURPOSES } from "../../../db/loan-purposes";

const PURPOSES = LOAN_PURPOSES;

/** "10" (percent) → "0.1" as a fraction string; "" or junk stays as is so the service refuses it beside the field. */
function percentToFraction(raw: string): string {
  const value = raw.trim().replace(/%$/, "");
  if (!/^\d{1,3}(\.\d{1,4})?$/.test(value)) return raw;
  return new Decimal(value).div(100).toFixed();
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "admin");
  const code = params.code ?? "";
  const library = await borrowing.listProductLibrary(db, operator.id);
  const versions = library.filter((p) => p.code === code);
  if (code !== "new" && versions.length === 0) throw new Response("Not found", { status: 404 });
  const current = versions.find((p) => p.active) ?? versions[0];
  const settings = await borrowing.getBorrowingSettings(db, operator.id);
  const url = new URL(request.url);
  const asPercent = (fraction: string, places: number) => new Decimal(fraction).times(100).toDecimalPlaces(places).toFixed();
  return {
    base: `/o/${operator.slug}/admin/products`,
    isNew: code === "new",
    done: url.searchParams.get("done"),
    legalCap: pct(settings.legalCap),
    active: versions.some((p) => p.active),
    values: current
      ? {
          code: current.code,
          nameZh: current.nameZh,
          nameEn: current.nameEn,
          purpose: current.purpose,
          minAmount: current.minAmount,
          maxAmount: current.maxAmount,
          annualRate: asPercent(current.annualRate, 4),
          termMonths: String(current.termMonths),
          method: current.method,
          serviceFeeRate: asPercent(current.serviceFeeRate, 4),
          penaltyDailyRate: asPercent(current.penaltyDailyRate, 4),
          riskLevel: current.riskLevel,
        }
      : { code: "", nameZh: "", nameEn: "", purpose: "livestock", minAmount: "", maxAmount: "", annualRate: "", termMonths: "12", method: "interest-only", serviceFeeRate: "10", penaltyDailyRate: "0.05", riskLevel: "medium" },
    versions: versions.map((p) => ({ id: p.id, version: p.version, active: p.active, rate: pct(p.annualRate), min: p.minAmount, max: p.maxAmount, term: p.termMonths, method: p.method, at: p.createdAt.toISOString() })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "admin");
  const form = await readForm(request, context);
  const text = (n: string) => String(form.get(n) ?? "").trim();
  const values = Object.fromEntries([...form.entries()].filter(([k]) => k !== "_csrf").map(([k, v]) => [k, String(v)]));
  const routeCode = params.code ?? "";
  if (form.get("intent") === "withdraw") {
    await borrowing.withdrawProduct(db, { operatorId: operator.id, actorUserId: actor.userId, code: routeCode });
    return redirect("?done=withdrawn");
  }
  const code = routeCode === "new" ? text("code").toUpperCase() : routeCode;
  const term = text("termMonths");
  try {
    await borrowing.editProduct(db, {
      operatorId: operator.id,
      actorUserId: actor.userId,
      terms: {
        code,
        nameZh: text("nameZh"),
        nameEn: text("nameEn"),
        purpose: text("purpose") as (typeof PURPOSES)[number],
        minAmountCny: text("minAmount"),
        maxAmountCny: text("maxAmount"),
        annualRate: percentToFraction(text("annualRate")),
        termMonths: /^\d{1,3}$/.test(term) ? Number.parseInt(term, 10) : Number.NaN,
        method: text("method") as (typeof METHODS)[number],
        serviceFeeRate: percentToFraction(text("serviceFeeRate")),
        penaltyDailyRate: percentToFraction(text("penaltyDailyRate")),
        riskLevel: text("riskLevel") as (typeof RISKS)[number],
      },
    });
  } catch (error) {
    const raw = domainErrorToFieldErrors(error);
    // The service names the field it refused; map the schedule's and amount parser's names to the form's.
    const rename: Record<string, string> = { principal: "maxAmount", minAmount: "minAmount", maxAmount: "maxAmount", name: "nameZh", termMonths: "termMonths", annualRate: "annualRate", method: "method" };
    const errors: FieldErrors = {};
    for (const [field, message] of Object.entries(raw)) errors[rename[field] ?? field] = message;
    return { errors, values };
  }
  return redirect(`${`/o/${operator.slug}/admin/products`}/${code}?done=saved`);
}

export default function ProductEdit() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, dateTime } = useI18n();
  const v = { ...d.values, ...(r?.values ?? {}) };
  const e = r?.errors;
  const select = (name: string, options: readonly string[], prefix: string) => (
    <div className="space-y-1">
      <label htmlFor={`field-${name}`} className="block text-sm font-medium">
        {t(`admin.products.field.${name}` as MessageKey)}
      </label>
      <select id={`field-${name}`} name={name} className="field-input" defaultValue={(v as Record<string, string>)[name]}>
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`${prefix}.${o}` as MessageKey)}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <Link to={d.base} className="text-sm text-brand underline">
        ← {t("admin.nav.products")}
      </Link>
      <h1 className="text-2xl font-bold">{d.isNew ? t("admin.products.new") : `${d.values.code} ${d.values.nameZh}`}</h1>
      {d.done ? <Notice testId="product-done">{t(`admin.products.done.${d.done}` as MessageKey)}</Notice> : null}
      {!d.isNew ? <p className="text-sm text-slate-600">{t("admin.products.editLead")}</p> : null}
      <PostForm className="card space-y-3" replace>
        <FormError errors={e} />
        {d.isNew ? <Field name="code" label={t("admin.products.field.code")} hint={t("admin.products.codeHint")} required defaultValue={v.code} errors={e} autoCapitalize="characters" /> : null}
        <Field name="nameZh" label={t("admin.products.field.nameZh")} required defaultValue={v.nameZh} errors={e} />
        <Field name="nameEn" label={t("admin.products.field.nameEn")} required defaultValue={v.nameEn} errors={e} />
        {select("purpose", PURPOSES, "purpose")}
        <div className="grid grid-cols-2 gap-2">
          <Field name="minAmount" label={t("admin.products.field.minAmount")} inputMode="decimal" required defaultValue={v.minAmount} errors={e} />
          <Field name="maxAmount" label={t("admin.products.field.maxAmount")} inputMode="decimal" required defaultValue={v.maxAmount} errors={e} />
        </div>
        <div className="grid grid-cols-2 gap-2">
          <Field name="annualRate" label={t("admin.products.field.annualRate")} hint={t("admin.products.capHint", { cap: d.legalCap })} inputMode="decimal" required defaultValue={v.annualRate} errors={e} />
          <Field name="termMonths" label={t("admin.products.field.termMonths")} inputMode="numeric" required defaultValue={v.termMonths} errors={e} />
        </div>
        {select("method", METHODS, "method")}
        <div className="grid grid-cols-2 gap-2">
          <Field name="serviceFeeRate" label={t("admin.products.field.serviceFeeRate")} inputMode="decimal" required defaultValue={v.serviceFeeRate} errors={e} />
          <Field name="penaltyDailyRate" label={t("admin.products.field.penaltyDailyRate")} inputMode="decimal" required defaultValue={v.penaltyDailyRate} errors={e} />
        </div>
        {select("riskLevel", RISKS, "risk")}
        <button type="submit" name="intent" value="save" className="btn-primary w-full" disabled={busy}>
          {d.isNew ? t("admin.products.create") : t("admin.products.saveVersion")}
        </button>
      </PostForm>
      {!d.isNew && d.active ? (
        <PostForm replace>
          <button type="submit" name="intent" value="withdraw" className="btn-secondary w-full" disabled={busy}>
            {t("admin.products.withdraw")}
          </button>
        </PostForm>
      ) : null}
      {d.versions.length ? (
        <section className="card">
          <h2 className="font-semibold">{t("admin.products.versions")}</h2>
          <ul className="divide-y divide-slate-100 text-sm" data-testid="product-versions">
            {d.versions.map((p) => (
              <li key={p.id} className="py-1.5">
                v{p.version} {p.active ? `· ${t("admin.products.active")}` : ""} · {p.rate} · <Money amount={p.min} />–<Money amount={p.max} /> · {t("borrow.months", { n: p.term })} ·{" "}
                {t(`method.${p.method}` as MessageKey)} · {dateTime(p.at)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
