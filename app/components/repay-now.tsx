import type { FieldErrors } from "../forms.server";
import type { MessageKey } from "../i18n/messages";
import { Notice } from "./borrow";
import { FormError, PostForm, translateError } from "./forms";
import { useI18n } from "./i18n";

type RepayNowSource = "passbook_debit" | "phone_bill";

export interface RepayNowRequestView {
  reference: string;
  source: string;
  byBorrower: boolean;
  amount: string;
  collected: string | null;
  state: "in_progress" | "paid" | "failed";
  reason: string | null;
  requestedAt: string;
}

/**
 * 主动还款 on the borrower's loan page: through the loan's own channel (passbook or phone
 * bill), the current installment collected now. A plain form with the form's key; while a
 * collection is out (处理中) there is no button, and nothing says 已还 before the
 * counterparty's answer. Below it, the loan's collections with their states.
 */
export function RepayNowForm(props: { channel: RepayNowSource | null; dueTotal: string; formKey: string; inFlight: boolean; requests: RepayNowRequestView[]; asked: boolean; errors?: FieldErrors }) {
  const { t, money } = useI18n();
  const error = props.errors?.repayNow;
  const out = props.requests.find((r) => r.state === "in_progress");
  if (!props.channel && props.requests.length === 0) return null;
  return (
    <section className="card space-y-3" data-testid="repay-now">
      {props.channel ? (
        <>
          <h2 className="text-lg font-semibold">{t(`repayNow.title.${props.channel}`)}</h2>
          {props.asked && out ? <Notice testId="repay-now-asked">{t("repayNow.asked")}</Notice> : null}
          {out ? (
            <Notice tone="amber" testId="repay-now-in-progress">
              {t("repayNow.inProgress", { amount: money(out.amount) })}
            </Notice>
          ) : (
            <PostForm className="space-y-3" replace>
              <input type="hidden" name="idempotencyKey" value={props.formKey} />
              <FormError errors={props.errors} />
              <p id="field-repayNow-hint" className="text-sm text-slate-600">
                {t(`repayNow.note.${props.channel}`, { amount: money(props.dueTotal) })}
              </p>
              {error ? (
                <p id="field-repayNow-error" className="text-sm font-medium text-red-700" role="alert">
                  {translateError(t, error)}
                </p>
              ) : null}
              <button type="submit" name="intent" value="repayNow" className="btn-primary w-full" data-testid="repay-now-submit" aria-describedby={error ? "field-repayNow-hint field-repayNow-error" : "field-repayNow-hint"}>
                {t(`repayNow.submit.${props.channel}`, { amount: money(props.dueTotal) })}
              </button>
            </PostForm>
          )}
        </>
      ) : null}
      {props.requests.length > 0 ? <RepayNowHistory requests={props.requests} /> : null}
    </section>
  );
}

function RepayNowHistory({ requests }: { requests: RepayNowRequestView[] }) {
  const { t, money, dateTime } = useI18n();
  return (
    <div className="space-y-1">
      <h3 className="font-semibold">{t("repayNow.history")}</h3>
      <ul className="divide-y divide-slate-100 text-sm" data-testid="repay-now-history">
        {requests.map((r) => (
          <li key={r.reference} className="space-y-0.5 py-2" data-state={r.state} data-source={r.source}>
            <div className="flex flex-wrap justify-between gap-x-2">
              <span>
                {dateTime(r.requestedAt)} · {t(`loanView.source.${r.source as RepayNowSource}`)} · {t(r.byBorrower ? "repayNow.by.borrower" : "repayNow.by.due")}
              </span>
              <span className="font-semibold">{money(r.amount)}</span>
            </div>
            <p className={`text-xs ${r.state === "failed" ? "text-red-800" : r.state === "paid" ? "text-green-800" : "text-amber-900"}`} data-testid="repay-now-state">
              {r.state === "paid" ? t("repayNow.state.paid", { amount: money(r.collected ?? "0.00") }) : t(`repayNow.state.${r.state}`)}
              {r.state === "failed" && r.reason ? ` · ${t(`repayNow.reason.${r.reason}` as MessageKey)}` : ""}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
