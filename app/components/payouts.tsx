import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { PostForm } from "./forms";
import { useI18n } from "./i18n";
import { Money } from "./money";
import type { MessageKey } from "../i18n/messages";

/** A payout's trail as finance reads it: approvals, the instruction, the bank's answer. */
export interface PayoutTrailView {
  status: string;
  approvalsRequired: number;
  firstApprovedBy: string | null;
  secondApprovedBy: string | null;
  instructedAt: string | null;
  sendError: string | null;
  bankStatus: string | null;
  bankMessage: string | null;
  bankReference: string | null;
  settledOn: string | null;
}

export function PayoutTrail({ payout, threshold }: { payout: PayoutTrailView; threshold: string }) {
  const { t, dateTime, money } = useI18n();
  return (
    <ul className="space-y-0.5 text-xs text-slate-600" data-testid="payout-trail" data-payout-status={payout.status}>
      {payout.approvalsRequired === 2 ? <li>{t("payout.needsSecondShort", { amount: money(threshold) })}</li> : null}
      {payout.firstApprovedBy ? <li>{t("payout.approvedBy", { name: payout.firstApprovedBy })}</li> : null}
      {payout.secondApprovedBy ? <li>{t("payout.secondBy", { name: payout.secondApprovedBy })}</li> : null}
      {payout.instructedAt ? <li>{t("payout.instructedAt", { at: dateTime(payout.instructedAt) })}</li> : null}
      {payout.sendError && (payout.status === "approved" || payout.status === "instructed") ? <li className="text-amber-800">{t("payout.sendError", { error: payout.sendError })}</li> : null}
      {payout.bankStatus && payout.bankStatus !== "SUCCESS" ? (
        <li className="font-medium text-red-800">{t("withdraw.failedReason", { reason: reasonText(t, payout.bankStatus) })}</li>
      ) : null}
      {payout.bankMessage ? <li>{t("payout.bankMessage", { message: payout.bankMessage })}</li> : null}
      {payout.settledOn ? <li>{t("payout.settledOn", { date: payout.settledOn })}</li> : null}
      {payout.bankReference ? <li className="break-all">{t("payout.bankReference", { reference: payout.bankReference })}</li> : null}
    </ul>
  );
}

/** The bank's reason in the reader's language (the code when the catalogue has none). */
export function reasonText(t: (key: MessageKey, params?: Record<string, string | number>) => string, status: string): string {
  const key = `payout.reason.${status}` as MessageKey;
  const text = t(key);
  return text === key ? status : text;
}

/** 获取银行结果: one button, a plain form. */
export function FetchResultsForm({ busy }: { busy: boolean }) {
  const { t } = useI18n();
  return (
    <PostForm replace>
      <input type="hidden" name="intent" value="fetch" />
      <button type="submit" className="btn-secondary w-full sm:w-auto" disabled={busy} data-testid="fetch-bank-results">
        {t("payout.fetch")}
      </button>
    </PostForm>
  );
}

/** The confirmation step before money is sent: what, to whom, a confirm button (POST) and a way back (a link). */
export function ConfirmPayout(props: { amount: string; payee: string; note?: ReactNode; backTo: string; submitLabel: string; busy: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <section className="card space-y-3 border-2 border-amber-300" data-testid="payout-confirm">
      <h2 className="text-lg font-semibold">{t("payout.confirm.title")}</h2>
      <p className="text-sm text-slate-600">{t("payout.confirm.lead")}</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">{t("payout.confirm.amount")}</dt>
        <dd className="text-right font-semibold">
          <Money amount={props.amount} />
        </dd>
        <dt className="text-slate-500">{t("payout.confirm.payee")}</dt>
        <dd className="break-words text-right">{props.payee}</dd>
      </dl>
      {props.note ? <div className="text-sm text-amber-900">{props.note}</div> : null}
      <PostForm className="space-y-2" replace>
        {props.children}
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" className="btn-primary w-full" disabled={props.busy} data-testid="confirm-payout">
          {props.submitLabel}
        </button>
      </PostForm>
      <Link to={props.backTo} className="block text-center text-sm text-brand underline">
        {t("payout.confirm.cancel")}
      </Link>
    </section>
  );
}
