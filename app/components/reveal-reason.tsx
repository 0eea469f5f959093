import { Form } from "@remix-run/react";
import type { FieldErrors } from "../forms.server";
import { Field } from "./forms";
import { useI18n } from "./i18n";

/**
 * Asked before a page shows a person's unmasked data when the operator requires a stated
 * reason (services/audit/reveal-personal-data.ts). A GET form, so it works before
 * JavaScript loads; the page reloads with `reason` and the view is audited with it.
 */
export function RevealReasonForm({ errors, keep = {} }: { errors?: FieldErrors; keep?: Record<string, string> }) {
  const { t } = useI18n();
  return (
    <Form method="get" className="space-y-2 rounded-lg border border-amber-200 bg-amber-50 p-3" data-testid="reveal-form">
      <p className="text-sm font-medium">{t("reveal.title")}</p>
      <p className="text-sm text-slate-600">{t("reveal.lead")}</p>
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Field name="reason" label={t("reveal.reason")} required maxLength={200} errors={errors} />
      <button type="submit" className="btn-primary">
        {t("reveal.submit")}
      </button>
    </Form>
  );
}
