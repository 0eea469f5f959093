import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { domainErrorToFieldErrors, readForm } from "../../forms.server";
import { borrowing } from "../../services.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { RiskTabs } from "../../components/risk-tabs";
import { useI18n } from "../../components/i18n";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { RISK_LIST_KINDS } from "../../../db/enums";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "risk_officer");
  const entries = await borrowing.listRiskListEntries(db, operator.id);
  return {
    base: `/o/${operator.slug}/risk`,
    entries: entries.map((e) => ({ id: e.id, list: e.list, kind: e.kind, masked: e.valueMasked, reason: e.reason, active: e.active, at: e.createdAt.toISOString() })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db, secretKey } = await requireUser(request, params, "risk_officer");
  const form = await readForm(request, context);
  const text = (n: string) => String(form.get(n) ?? "");
  try {
    if (form.get("intent") === "remove") {
      await borrowing.removeRiskListEntry(db, { operatorId: operator.id, entryId: text("entryId"), actorUserId: actor.userId });
    } else {
      const list = text("list") === "red" ? "red" : "black";
      const kind = RISK_LIST_KINDS.find((k) => k === text("kind")) ?? "phone";
      await borrowing.addRiskListEntry(db, { operatorId: operator.id, list, kind, value: text("value"), reason: text("reason"), actorUserId: actor.userId, secretKey });
    }
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error), values: { value: text("value"), reason: text("reason") } };
  }
  return redirect("?");
}

export default function RiskLists() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, date } = useI18n();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("risk.title")}</h1>
      <RiskTabs base={d.base} />
      <p className="text-sm text-slate-600">{t("risk.lists.lead")}</p>
      <PostForm className="card space-y-3" replace>
        <h2 className="font-semibold">{t("risk.lists.add")}</h2>
        <FormError errors={r?.errors} />
        <div className="grid grid-cols-2 gap-2">
          <select name="list" aria-label={t("risk.lists.list")} className="field-input">
            <option value="black">{t("risk.lists.black")}</option>
            <option value="red">{t("risk.lists.red")}</option>
          </select>
          <select name="kind" aria-label={t("risk.lists.kind")} className="field-input">
            {RISK_LIST_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`risk.lists.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <Field name="value" label={t("risk.lists.value")} required autoComplete="off" defaultValue={r?.values.value} errors={r?.errors} />
        <Field name="reason" label={t("risk.lists.reason")} required defaultValue={r?.values.reason} errors={r?.errors} />
        <button type="submit" className="btn-primary w-full" disabled={busy}>
          {t("risk.lists.submit")}
        </button>
      </PostForm>
      <ul className="space-y-2">
        {d.entries.map((e) => (
          <li key={e.id} className={`card flex items-center justify-between gap-2 ${e.active ? "" : "opacity-60"}`}>
            <div>
              <p className="font-medium">
                <span className={e.list === "black" ? "text-red-700" : "text-green-700"}>{t(`risk.lists.${e.list}` as MessageKey)}</span> · {t(`risk.lists.kind.${e.kind}` as MessageKey)} · {e.masked}
              </p>
              <p className="text-xs text-slate-500">
                {e.reason} · {date(e.at)}
                {e.active ? "" : ` · ${t("risk.lists.removed")}`}
              </p>
            </div>
            {e.active ? (
              <PostForm replace>
                <input type="hidden" name="entryId" value={e.id} />
                <button type="submit" name="intent" value="remove" className="btn-secondary" disabled={busy}>
                  {t("risk.lists.remove")}
                </button>
              </PostForm>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
