import type { FieldErrors } from "../forms.server";
import { FormError, PostForm, translateError } from "./forms";
import { useI18n } from "./i18n";

/**
 * The borrower's own way out before signing: 撤回申请 while it is being filled in or
 * reviewed, 放弃借款 once the offer is out. A plain form (works before JavaScript), the
 * reason optional.
 */
export function WithdrawApplicationForm({ declining, maxReason, errors, reason }: { declining: boolean; maxReason: number; errors?: FieldErrors; reason?: string }) {
  const { t } = useI18n();
  const error = errors?.reason;
  return (
    <details className="card" data-testid="withdraw" open={!!errors}>
      <summary className="cursor-pointer font-semibold text-slate-700">{t(declining ? "self.decline.title" : "self.withdraw.title")}</summary>
      <PostForm className="mt-3 space-y-3" replace>
        <FormError errors={errors} />
        <p className="text-sm text-slate-600">{t(declining ? "self.decline.note" : "self.withdraw.note")}</p>
        <div className="space-y-1">
          <label htmlFor="field-reason" className="block text-sm font-medium text-slate-800">
            {t("self.closeReason")}
          </label>
          <textarea
            id="field-reason"
            name="reason"
            rows={2}
            maxLength={maxReason}
            defaultValue={reason}
            className="field-input"
            aria-describedby={error ? "field-reason-hint field-reason-error" : "field-reason-hint"}
            aria-invalid={error ? true : undefined}
          />
          <p id="field-reason-hint" className="text-xs text-slate-500">
            {t("self.closeReasonHint", { max: maxReason })}
          </p>
          {error ? (
            <p id="field-reason-error" className="text-sm font-medium text-red-700" role="alert">
              {translateError(t, error)}
            </p>
          ) : null}
        </div>
        <button type="submit" name="intent" value="withdraw" className="btn-secondary w-full" data-testid="withdraw-submit">
          {t(declining ? "self.decline.submit" : "self.withdraw.submit")}
        </button>
      </PostForm>
    </details>
  );
}

/**
 * One pending investment in a loan still funding, with the button that cancels it (撤销出借):
 * a plain form; the reason a cancel was refused (the loan filled meanwhile) shows here.
 */
export function CancelInvestmentForm({ investment, errors }: { investment: { id: string; amount: string; createdAt: string }; errors?: FieldErrors }) {
  const { t, money, dateTime } = useI18n();
  return (
    <PostForm className="space-y-2 rounded-lg border border-slate-200 p-3" replace data-testid="cancel-investment">
      <input type="hidden" name="investmentId" value={investment.id} />
      <p className="text-sm">{t("portfolio.cancel.amount", { at: dateTime(investment.createdAt), amount: money(investment.amount) })}</p>
      <FormError errors={errors} />
      <p className="text-xs text-slate-500">{t("portfolio.cancel.note")}</p>
      <button type="submit" name="intent" value="cancelInvestment" className="btn-secondary w-full">
        {t("portfolio.cancel.button")}
      </button>
    </PostForm>
  );
}

/**
 * 在线还款 on the borrower's loan page: the wallet's available balance, an amount (the
 * installment due by default) and two buttons, repay or pay off at today's payoff amount;
 * a link to top up by card when the balance is short. Plain forms with the form's key.
 */
export function OnlineRepayForm(props: {
  available: string;
  dueTotal: string;
  payoffTotal: string | null;
  formKey: string;
  walletHref: string;
  errors?: FieldErrors;
  amount?: string;
  /** A bank debit or bill deduction of the loan awaits its answer: no form, so nothing is paid twice. */
  collecting?: boolean;
}) {
  const { t, money } = useI18n();
  const error = props.errors?.amount;
  const balance = (
    <p className="flex justify-between text-sm">
      <span>{t("online.balance")}</span>
      <span className="font-semibold" data-testid="wallet-available">
        {money(props.available)}
      </span>
    </p>
  );
  if (props.collecting) {
    return (
      <section className="card space-y-3" data-testid="online-repay">
        <h2 className="text-lg font-semibold">{t("online.title")}</h2>
        {balance}
        <p className="rounded bg-amber-50 p-2 text-sm text-amber-900" data-testid="online-collecting">
          {t("online.collecting")}
        </p>
      </section>
    );
  }
  return (
    <section className="card space-y-3" data-testid="online-repay">
      <h2 className="text-lg font-semibold">{t("online.title")}</h2>
      {balance}
      <PostForm className="space-y-3" replace>
        <input type="hidden" name="idempotencyKey" value={props.formKey} />
        <FormError errors={props.errors} />
        <div className="space-y-1">
          <label htmlFor="field-amount" className="block text-sm font-medium text-slate-800">
            {t("online.amount")}
          </label>
          <input id="field-amount" name="amount" inputMode="decimal" defaultValue={props.amount ?? props.dueTotal} className="field-input" aria-describedby={error ? "field-amount-hint field-amount-error" : "field-amount-hint"} aria-invalid={error ? true : undefined} />
          <p id="field-amount-hint" className="text-xs text-slate-500">
            {t("online.amountHint")}
          </p>
          {error ? (
            <p id="field-amount-error" className="text-sm font-medium text-red-700" role="alert">
              {translateError(t, error)}
            </p>
          ) : null}
        </div>
        <button type="submit" name="intent" value="repay" className="btn-primary w-full" data-testid="online-pay">
          {t("online.pay")}
        </button>
      </PostForm>
      {props.payoffTotal ? (
        <PostForm replace>
          <input type="hidden" name="idempotencyKey" value={`${props.formKey}-payoff`} />
          <input type="hidden" name="amount" value={props.payoffTotal} />
          <button type="submit" name="intent" value="payoff" className="btn-secondary w-full" data-testid="online-payoff">
            {t("online.payoff")} {money(props.payoffTotal)}
          </button>
        </PostForm>
      ) : null}
      <p className="text-sm">
        <a href={props.walletHref} className="text-brand underline" data-testid="top-up-link">
          {t("online.topUp")}
        </a>
      </p>
      <p className="text-xs text-slate-500">{t("online.cardNote")}</p>
    </section>
  );
}

/**
 * 银行卡还款: pay the installment due (or pay off) by card on Stripe's hosted page, no top-up
 * first. Each button is its own plain form (works before JavaScript); the amount is the loan's.
 */
export function CardRepayForm(props: { dueTotal: string; payoffTotal: string | null; formKey: string; errors?: FieldErrors }) {
  const { t, money } = useI18n();
  return (
    <section className="card space-y-3" data-testid="card-repay">
      <h2 className="text-lg font-semibold">{t("card.title")}</h2>
      <p className="text-sm text-slate-600">{t("card.note")}</p>
      <FormError errors={props.errors} />
      {props.errors?.kind ? (
        <p className="text-sm font-medium text-red-700" role="alert">
          {translateError(t, props.errors.kind)}
        </p>
      ) : null}
      {props.dueTotal !== "0.00" ? (
        <PostForm replace>
          <input type="hidden" name="idempotencyKey" value={`${props.formKey}-card`} />
          <button type="submit" name="intent" value="card-installment" className="btn-primary w-full" data-testid="card-pay">
            {t("card.payDue", { amount: money(props.dueTotal) })}
          </button>
        </PostForm>
      ) : null}
      {props.payoffTotal ? (
        <PostForm replace>
          <input type="hidden" name="idempotencyKey" value={`${props.formKey}-card-payoff`} />
          <button type="submit" name="intent" value="card-payoff" className="btn-secondary w-full" data-testid="card-payoff">
            {t("card.payoff", { amount: money(props.payoffTotal) })}
          </button>
        </PostForm>
      ) : null}
    </section>
  );
}
