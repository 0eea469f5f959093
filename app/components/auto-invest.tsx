import { Link } from "@remix-run/react";
import type { FieldErrors } from "../forms.server";
import type { MessageKey } from "../i18n/messages";
import { Field, FormError, PostForm, translateError } from "./forms";
import { useI18n } from "./i18n";
import { StatusBadge } from "./investor";
import { Money } from "./money";
import { REPAYMENT_METHODS, RISK_LEVELS } from "../../db/enums";
import type { autoInvest } from "../services.server";

/** The rule form's values: the service's own form shape (services/auto-invest/parse-rule.ts). */
export type RuleFormValues = autoInvest.RuleForm;

const METHODS = REPAYMENT_METHODS;
const LEVELS = RISK_LEVELS;

function FieldError({ name, errors }: { name: string; errors?: FieldErrors }) {
  const { t } = useI18n();
  const error = errors?.[name];
  return error ? (
    <p id={`field-${name}-error`} className="text-sm font-medium text-red-700" role="alert">
      {translateError(t, error)}
    </p>
  ) : null;
}

/** A group of checkboxes with its error beside it. */
function Choices({ name, legend, options, checked, errors, label }: { name: string; legend: string; options: readonly string[]; checked: readonly string[]; errors?: FieldErrors; label: (o: string) => string }) {
  return (
    <fieldset className="space-y-2" aria-invalid={errors?.[name] ? true : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="flex flex-wrap gap-2">
        {options.map((o) => (
          <label key={o} className="flex min-h-11 items-center gap-2 rounded-lg border border-slate-200 px-3 has-[:checked]:border-brand has-[:checked]:bg-brand-soft">
            <input type="checkbox" name={name} value={o} defaultChecked={checked.includes(o)} className="size-5" />
            <span className="text-sm">{label(o)}</span>
          </label>
        ))}
      </div>
      <FieldError name={name} errors={errors} />
    </fieldset>
  );
}

/** Two fields side by side (a range), each with its own error. */
function Range({ children }: { children: React.ReactNode }) {
  return <div className="grid grid-cols-2 gap-3">{children}</div>;
}

/** The rule form (create or edit): every field, the save and preview buttons; submits without JavaScript. */
export function RuleFormCard({ values, errors, busy, title, saveLabel }: { values: RuleFormValues; errors?: FieldErrors; busy: boolean; title: string; saveLabel: string }) {
  const { t } = useI18n();
  const num = { inputMode: "decimal" as const, autoComplete: "off" };
  return (
    <PostForm className="card space-y-4" replace data-testid="rule-form">
      <h2 className="text-lg font-semibold">{title}</h2>
      <FormError errors={errors?._form ? errors : undefined} />
      <Field name="name" label={t("auto.field.name")} defaultValue={values.name} errors={errors} maxLength={30} required />
      <Range>
        <Field name="minRate" label={t("auto.field.minRate")} defaultValue={values.minRate} errors={errors} {...num} required />
        <Field name="maxRate" label={t("auto.field.maxRate")} defaultValue={values.maxRate} errors={errors} {...num} required />
      </Range>
      <Range>
        <Field name="minTerm" label={t("auto.field.minTerm")} defaultValue={values.minTerm} errors={errors} inputMode="numeric" required />
        <Field name="maxTerm" label={t("auto.field.maxTerm")} defaultValue={values.maxTerm} errors={errors} inputMode="numeric" required />
      </Range>
      <Choices name="methods" legend={t("auto.field.methods")} options={METHODS} checked={values.methods} errors={errors} label={(m) => t(`method.${m}` as MessageKey)} />
      <Choices name="riskLevels" legend={t("auto.field.riskLevels")} options={LEVELS} checked={values.riskLevels} errors={errors} label={(l) => t(`risk.level.${l}` as MessageKey)} />
      <Field name="amountPerLoan" label={t("auto.field.amountPerLoan")} hint={t("auto.hint.amountPerLoan")} defaultValue={values.amountPerLoan} errors={errors} {...num} required />
      <Field name="maxTotal" label={t("auto.field.maxTotal")} defaultValue={values.maxTotal} errors={errors} {...num} required />
      <Field name="cashToKeep" label={t("auto.field.cashToKeep")} hint={t("auto.hint.cashToKeep")} defaultValue={values.cashToKeep} errors={errors} {...num} />
      <label className="flex min-h-11 items-start gap-3">
        <input type="checkbox" name="reinvest" defaultChecked={values.reinvest} className="mt-1 size-5" />
        <span>
          <span className="block text-sm font-medium">{t("auto.field.reinvest")}</span>
          <span className="block text-xs text-slate-500">{t("auto.hint.reinvest")}</span>
        </span>
      </label>
      <div className="grid grid-cols-2 gap-2">
        <button type="submit" name="intent" value="preview" className="btn-secondary" disabled={busy} data-testid="rule-preview">
          {t("auto.preview")}
        </button>
        <button type="submit" name="intent" value="save" className="btn-primary" disabled={busy} data-testid="rule-save">
          {saveLabel}
        </button>
      </div>
    </PostForm>
  );
}

export interface RuleCardView extends RuleFormValues {
  id: string;
  paused: boolean;
  investmentCount: number;
  investedTotal: string;
  lastAllocatedAt: string | null;
}

/** Pause or resume a rule: a small form of its own. */
export function PauseForm({ ruleId, paused, busy }: { ruleId: string; paused: boolean; busy: boolean }) {
  const { t } = useI18n();
  return (
    <PostForm replace>
      <input type="hidden" name="ruleId" value={ruleId} />
      <button type="submit" name="intent" value={paused ? "resume" : "pause"} className="btn-secondary w-full" disabled={busy} data-testid="rule-toggle">
        {paused ? t("auto.resume") : t("auto.pause")}
      </button>
    </PostForm>
  );
}

/** One rule in the list: its terms, what it has invested, edit and pause/resume. */
export function RuleCard({ rule, base, busy }: { rule: RuleCardView; base: string; busy: boolean }) {
  const { t, dateTime } = useI18n();
  const line = (label: string, value: React.ReactNode) => (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
  return (
    <li className="card space-y-3" data-testid="rule">
      <div className="flex items-start justify-between gap-2">
        <h3 className="min-w-0 break-words font-semibold" data-testid="rule-name">
          {rule.name}
        </h3>
        <StatusBadge tone={rule.paused ? "slate" : "green"} testId="rule-status">
          {rule.paused ? t("auto.status.paused") : t("auto.status.active")}
        </StatusBadge>
      </div>
      <dl className="grid grid-cols-2 gap-2 text-sm">
        {line(t("auto.rate"), `${rule.minRate}% – ${rule.maxRate}%`)}
        {line(t("auto.term"), `${t("invest.months", { months: rule.minTerm })} – ${t("invest.months", { months: rule.maxTerm })}`)}
        {line(t("auto.field.amountPerLoan"), <Money amount={rule.amountPerLoan} />)}
        {line(t("auto.field.maxTotal"), <Money amount={rule.maxTotal} />)}
        {line(t("auto.field.cashToKeep"), <Money amount={rule.cashToKeep} />)}
        {line(t("auto.field.reinvest"), rule.reinvest ? t("auto.yes") : t("auto.no"))}
        {line(t("auto.invested"), <span data-testid="rule-invested">{t("auto.investedValue", { count: rule.investmentCount })} · <Money amount={rule.investedTotal} /></span>)}
        {line(t("auto.lastAllocated"), rule.lastAllocatedAt ? dateTime(rule.lastAllocatedAt) : "—")}
      </dl>
      <p className="text-xs text-slate-500">
        {rule.methods.map((m) => t(`method.${m}` as MessageKey)).join("、")} · {rule.riskLevels.map((l) => t(`risk.level.${l}` as MessageKey)).join("、")}
      </p>
      <div className="grid grid-cols-2 gap-2">
        <Link to={`${base}/me/auto-invest/${rule.id}`} className="btn-secondary" data-testid="rule-edit">
          {t("auto.edit")}
        </Link>
        <PauseForm ruleId={rule.id} paused={rule.paused} busy={busy} />
      </div>
    </li>
  );
}

export interface PreviewData {
  from: string;
  to: string;
  listed: number;
  total: string;
  bought: Array<{ loanId: string; titleZh: string; listedAt: string; ratePercent: string; termMonths: number; amount: string }>;
}

/** What the rule would have bought over the last 30 days. */
export function RulePreview({ preview }: { preview: PreviewData }) {
  const { t, date } = useI18n();
  return (
    <section className="card space-y-3" data-testid="rule-preview-result">
      <h2 className="text-lg font-semibold">{t("auto.previewTitle")}</h2>
      <p className="text-sm text-slate-600">
        {t("auto.previewSummary", { from: date(preview.from), to: date(preview.to), listed: preview.listed, count: preview.bought.length })} <Money amount={preview.total} />
      </p>
      {preview.bought.length === 0 ? (
        <p className="text-sm text-slate-500">{t("auto.previewNone")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {preview.bought.map((b) => (
            <li key={b.loanId} className="flex items-start justify-between gap-2 py-2">
              <span className="min-w-0">
                <span className="block break-words font-medium">{b.titleZh}</span>
                <span className="block text-xs text-slate-500">
                  {date(b.listedAt)} · {b.ratePercent} · {t("invest.months", { months: b.termMonths })}
                </span>
              </span>
              <Money amount={b.amount} className="shrink-0 font-medium" />
            </li>
          ))}
        </ul>
      )}
      <p className="text-xs text-slate-500">{t("auto.previewNote")}</p>
    </section>
  );
}
