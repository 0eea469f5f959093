import Decimal from "decimal.js";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { pct } from "../../borrowing.server";
import { domainErrorToFieldErrors, readForm } from "../../forms.server";
import { borrowing } from "../../services.server";
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

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "admin");
  const s = await borrowing.getBorrowingSettings(db, operator.id);
  const url = new URL(request.url);
  return {
    base: `/o/${operator.slug}/admin`,
    done: !!url.searchParams.get("done"),
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
  const fraction = (raw: string) => (/^\d{1,3}(\.\d{1,4})?$/.test(raw) ? new Decimal(raw).div(100).toFixed() : raw);
  const int = (raw: string) => (/^\d{1,4}$/.test(raw) ? Number.parseInt(raw, 10) : Number.NaN);
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
    return { errors: domainErrorToFieldErrors(error), values };
  }
  return redirect("?done=1");
}

export default function Settings() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, dateTime } = useI18n();
  const v = { ...d.values, ...(r?.values ?? {}) };
  const field = (name: string) => (
    <Field key={name} name={name} label={t(`admin.settings.${name}` as MessageKey)} inputMode="decimal" required defaultValue={v[name]} errors={r?.errors} />
  );
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
        <FormError errors={r?.errors} />
        <h2 className="font-semibold">{t("admin.settings.compliance")}</h2>
        {["lprOneYear", "legalCapMultiple", "exposureCap", "checkerThreshold"].map(field)}
        <h2 className="font-semibold">{t("admin.settings.rules")}</h2>
        {[...INT_FIELDS, "arrearsReferCny", "arrearsRejectCny", ...PERCENT_FIELDS.filter((f) => f !== "lprOneYear")].map(field)}
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {t("admin.settings.submit")}
        </button>
      </PostForm>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
