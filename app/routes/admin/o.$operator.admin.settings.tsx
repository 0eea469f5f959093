import Decimal from "decimal.js";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { pct } from "../../borrowing.server";
import { domainErrorToFieldErrors, readForm } from "../../forms.server";
import { borrowing, transfers } from "../../services.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { AdminTabs } from "../../components/admin-tabs";
import { Notice } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

const PERCENT_FIELDS = ["lprOneYear", "incomeReferRatio"] as const;
const AMOUNT_FIELDS = ["exposureCap", "checkerThreshold", "arrearsReferCny", "arrearsRejectCny"] as const;
const INT_FIELDS = ["multiAppWindowDays", "multiAppReferCount", "multiAppRejectCount", "minTenureMonths", "referTenureMonths"] as const;
/** The transfer market's limits (债权转让规则), rates typed as percentages like the rates above. */
const TRANSFER_FIELDS = ["holdingPeriodDays", "minPriceRate", "maxPriceRate", "feeRate", "listingValidityDays", "minPrincipalCny"] as const;
const percentText = (fraction: Decimal) => fraction.times(100).toDecimalPlaces(4).toFixed();
const fraction = (raw: string) => (/^\d{1,3}(\.\d{1,4})?$/.test(raw) ? new Decimal(raw).div(100).toFixed() : raw);
const int = (raw: string) => (/^\d{1,4}$/.test(raw) ? Number.parseInt(raw, 10) : Number.NaN);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "admin");
  const s = await borrowing.getBorrowingSettings(db, operator.id);
  const tr = await transfers.getTransferSettings(db, operator.id);
  const url = new URL(request.url);
  return {
    base: `/o/${operator.slug}/admin`,
    done: url.searchParams.get("done"),
    transfers: {
      updatedAt: tr.updatedAt?.toISOString() ?? null,
      values: {
        holdingPeriodDays: String(tr.holdingPeriodDays),
        minPriceRate: percentText(tr.minPriceRate),
        maxPriceRate: percentText(tr.maxPriceRate),
        feeRate: percentText(tr.feeRate),
        listingValidityDays: String(tr.listingValidityDays),
        minPrincipalCny: tr.minPrincipalCny.toFixed(2),
      } as Record<string, string>,
    },
    legalCap: pct(s.legalCap),
    updatedAt: s.updatedAt?.toISOString() ?? null,
    values: {
      lprOneYear: new Decimal(s.lprOneYear).times(100).toDecimalPlaces(4).toFixed(),
      legalCapMultiple: new Decimal(s.legalCapMultiple).toFixed(),
      incomeReferRatio: new Decimal(s.incomeReferRatio).times(100).toDecimalPlaces(4).toFixed(),
      exposureCap: s.exposureCap,
      checkerThreshold: s.checkerThreshold,
      arrearsReferCny: s.arrearsReferCny,
      arrearsRejectCny: s.arrearsRejectCny,
      multiAppWindowDays: String(s.multiAppWindowDays),
      multiAppReferCount: String(s.multiAppReferCount),
      multiAppRejectCount: String(s.multiAppRejectCount),
      minTenureMonths: String(s.minTenureMonths),
      referTenureMonths: String(s.referTenureMonths),
    } as Record<string, string>,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params, "admin");
  const form = await readForm(request, context);
  const text = (n: string) => String(form.get(n) ?? "").trim();
  const values = Object.fromEntries([...form.entries()].filter(([k]) => k !== "_csrf").map(([k, v]) => [k, String(v)]));
  if (form.get("intent") === "transfers") {
    const settings = {
      holdingPeriodDays: int(text("holdingPeriodDays")),
      minPriceRate: fraction(text("minPriceRate")),
      maxPriceRate: fraction(text("maxPriceRate")),
      feeRate: fraction(text("feeRate")),
      listingValidityDays: int(text("listingValidityDays")),
      minPrincipalCny: text("minPrincipalCny").replace(/[,，]/g, ""),
    };
    try {
      await transfers.updateTransferSettings(db, { operatorId: operator.id, actorUserId: actor.userId, settings });
    } catch (error) {
      return { errors: domainErrorToFieldErrors(error), values, form: "transfers" as const };
    }
    return redirect("?done=transfers");
  }
  const settings = {
    lprOneYear: fraction(text("lprOneYear")),
    legalCapMultiple: text("legalCapMultiple"),
    incomeReferRatio: fraction(text("incomeReferRatio")),
    ...(Object.fromEntries(AMOUNT_FIELDS.map((f) => [f, text(f).replace(/[,，]/g, "")])) as Record<(typeof AMOUNT_FIELDS)[number], string>),
    ...(Object.fromEntries(INT_FIELDS.map((f) => [f, int(text(f))])) as Record<(typeof INT_FIELDS)[number], number>),
  };
  try {
    await borrowing.updateBorrowingSettings(db, { operatorId: operator.id, actorUserId: actor.userId, settings });
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error), values, form: "borrowing" as const };
  }
  return redirect("?done=borrowing");
}

export default function Settings() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, dateTime } = useI18n();
  const refused = (form: "borrowing" | "transfers") => (r?.form === form ? r : undefined);
  const fieldsOf = (form: "borrowing" | "transfers", stored: Record<string, string>) => {
    const values = { ...stored, ...(refused(form)?.values ?? {}) };
    return (name: string) => (
      <Field key={name} name={name} label={t(`admin.settings.${name}` as MessageKey)} inputMode="decimal" required defaultValue={values[name]} errors={refused(form)?.errors} />
    );
  };
  const field = fieldsOf("borrowing", d.values);
  const transferField = fieldsOf("transfers", d.transfers.values);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("admin.title")}</h1>
      <AdminTabs base={d.base} />
      {d.done ? <Notice testId="settings-done">{t("admin.settings.saved")}</Notice> : null}
      <p className="text-sm text-slate-600">
        {t("admin.settings.lead", { cap: d.legalCap })}
        {d.updatedAt ? ` ${t("admin.settings.updatedAt", { at: dateTime(d.updatedAt) })}` : ` ${t("admin.settings.defaults")}`}
      </p>
      <PostForm className="card max-w-xl space-y-3" replace>
        <FormError errors={refused("borrowing")?.errors} />
        <h2 className="font-semibold">{t("admin.settings.compliance")}</h2>
        {["lprOneYear", "legalCapMultiple", "exposureCap", "checkerThreshold"].map(field)}
        <h2 className="font-semibold">{t("admin.settings.rules")}</h2>
        {[...INT_FIELDS, "arrearsReferCny", "arrearsRejectCny", ...PERCENT_FIELDS.filter((f) => f !== "lprOneYear")].map(field)}
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {t("admin.settings.submit")}
        </button>
      </PostForm>
      <PostForm className="card max-w-xl space-y-3" replace data-testid="transfer-settings">
        <FormError errors={refused("transfers")?.errors} />
        <h2 className="font-semibold">{t("admin.settings.transfers")}</h2>
        <p className="text-sm text-slate-600">
          {t("admin.settings.transfersLead")}
          {d.transfers.updatedAt ? ` ${t("admin.settings.updatedAt", { at: dateTime(d.transfers.updatedAt) })}` : ` ${t("admin.settings.defaults")}`}
        </p>
        {TRANSFER_FIELDS.map(transferField)}
        <button type="submit" name="intent" value="transfers" className="btn-primary w-full" disabled={busy} data-testid="transfer-settings-submit">
          {t("admin.settings.transfersSubmit")}
        </button>
      </PostForm>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
