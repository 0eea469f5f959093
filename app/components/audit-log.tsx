import { Form, Link } from "@remix-run/react";
import type { FieldErrors } from "../forms.server";
import type { MessageKey, Translate } from "../i18n/messages";
import { Field, FormError } from "./forms";
import { useI18n } from "./i18n";

/** The label of an action in the page's language; an action without one is 「其他操作」 (its code in a tooltip). */
export function actionLabel(t: Translate, action: string): string {
  const key = `audit.action.${action}` as MessageKey;
  const label = t(key);
  return label === key ? t("audit.action.other") : label;
}

export interface AuditLogData {
  filter: { phone?: string | null; action?: string | null; from?: string | null; to?: string | null };
  errors: FieldErrors | null;
  actions: string[];
  rows: Array<{ id: string; action: string; subject: string | null; createdAt: string; actor: string | null; reason: string | null }>;
  olderHref: string | null;
  firstHref: string | null;
  csvHref: string;
}

function Filters({ data }: { data: AuditLogData }) {
  const { t } = useI18n();
  const errors = data.errors ?? undefined;
  return (
    // Keyed by the filter, so the fields show what the page was loaded with after any navigation.
    <Form key={JSON.stringify(data.filter)} method="get" className="card grid gap-3 sm:grid-cols-2" data-testid="audit-filters">
      <Field name="phone" label={t("audit.filter.phone")} hint={t("audit.filter.phoneHint")} inputMode="numeric" defaultValue={data.filter.phone ?? ""} errors={errors} />
      <div className="space-y-1">
        <label htmlFor="field-action" className="block text-sm font-medium text-slate-800">
          {t("audit.filter.action")}
        </label>
        <select id="field-action" name="action" className="field-input" defaultValue={data.filter.action ?? ""}>
          <option value="">{t("audit.filter.anyAction")}</option>
          {data.actions.map((a) => (
            <option key={a} value={a}>
              {actionLabel(t, a)}
            </option>
          ))}
        </select>
      </div>
      <Field name="from" type="date" label={t("audit.filter.from")} defaultValue={data.filter.from ?? ""} errors={errors} />
      <Field name="to" type="date" label={t("audit.filter.to")} defaultValue={data.filter.to ?? ""} errors={errors} />
      <FormError errors={errors} />
      <div className="flex flex-wrap gap-2 sm:col-span-2">
        <button type="submit" className="btn-primary">
          {t("audit.filter.apply")}
        </button>
        <Link to="?" className="btn-secondary">
          {t("audit.filter.clear")}
        </Link>
        <a href={data.csvHref} className="btn-secondary" data-testid="audit-csv" download>
          {t("audit.export")}
        </a>
      </div>
    </Form>
  );
}

/** The audit log (finance and admin): filters, one page as cards on a phone and a table from `sm` up, paging, CSV. */
export function AuditLogView({ data }: { data: AuditLogData }) {
  const { t, dateTime } = useI18n();
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">{t("audit.lead")}</p>
      <Filters data={data} />
      {data.rows.length === 0 ? (
        <p className="card text-slate-500">{t("audit.none")}</p>
      ) : (
        <ul className="card divide-y divide-slate-100 p-0 text-sm" data-testid="audit-log">
          {data.rows.map((e) => (
            <li key={e.id} className="space-y-0.5 px-3 py-2" data-testid="audit-row" data-action={e.action}>
              <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                <span className="font-medium" title={e.action}>
                  {actionLabel(t, e.action)}
                </span>
                <span className="text-xs whitespace-nowrap text-slate-500">{dateTime(e.createdAt)}</span>
              </div>
              <div className="text-slate-700">
                <span className="text-slate-500">{t("audit.actor")}</span> {e.actor ?? t("audit.system")}
              </div>
              {e.subject ? <div className="text-xs break-all text-slate-500">{t("audit.subject")} {e.subject}</div> : null}
              {e.reason ? <div className="text-xs break-all text-slate-700">{t("audit.reason", { reason: e.reason })}</div> : null}
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap gap-2">
        {data.firstHref ? (
          <Link to={data.firstHref} className="btn-secondary">
            {t("audit.first")}
          </Link>
        ) : null}
        {data.olderHref ? (
          <Link to={data.olderHref} className="btn-secondary" data-testid="audit-older">
            {t("audit.older")}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
