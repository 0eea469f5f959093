import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getConfig } from "../../config.server";
import { domainErrorToFieldErrors, readForm, type FieldErrors } from "../../forms.server";
import { payoutBank } from "../../payouts.server";
import { smsSenderFor } from "../../sms.server";
import { borrowing, ledger, payouts } from "../../services.server";
import { FormError, PostForm } from "../../components/forms";
import { ConfirmPayout, FetchResultsForm, reasonText } from "../../components/payouts";
import { StatusBadge } from "../../components/investor";
import { Notice } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

/**
 * Funded loans to pay out by bank (passbook transfer, payment to a supplier) with the
 * confirmation step before an instruction, the instructions with the bank and their results
 * (a failed one can be sent again), recent payouts, and the ledger check.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const queue = await borrowing.listAwaitingDisbursement(db, { operatorId: operator.id, channels: ["passbook", "supplier"] });
  const attempts = await payouts.listDisbursementPayouts(db, { operatorId: operator.id });
  const cash = await borrowing.listAwaitingDisbursement(db, { operatorId: operator.id, channels: ["store_cash"] });
  const recent = await borrowing.listRecentDisbursements(db, { operatorId: operator.id });
  const url = new URL(request.url);
  const check = url.searchParams.get("check") ? await ledger.checkLedger(db, { operatorId: operator.id }) : null;
  return {
    base: `/o/${operator.slug}/finance`,
    done: url.searchParams.get("done"),
    fetched: url.searchParams.get("paid") !== null ? { paid: url.searchParams.get("paid")!, failed: url.searchParams.get("failed") ?? "0", waiting: url.searchParams.get("waiting") ?? "0", unreachable: Number(url.searchParams.get("unreachable") ?? 0), refused: Number(url.searchParams.get("refused") ?? 0) } : null,
    confirmId: queue.some((q) => q.loanId === url.searchParams.get("confirm")) ? url.searchParams.get("confirm") : null,
    queue: queue.map((q) => {
      const failed = attempts.find((a) => a.loanId === q.loanId && a.status === "failed");
      return { ...q, fundedAt: q.fundedAt?.toISOString() ?? null, lastFailure: failed ? { attempt: failed.attempt, bankStatus: failed.bankStatus ?? "", bankMessage: failed.bankMessage } : null };
    }),
    attempts: attempts.map((a) => ({ ...a, approvedAt: a.approvedAt.toISOString(), instructedAt: a.instructedAt?.toISOString() ?? null })),
    cash: cash.map((q) => ({ loanId: q.loanId, title: q.titleZh, amount: q.amount, store: q.payee })),
    recent: recent.map(({ d, titleZh, by }) => ({ id: d.id, title: titleZh, amount: d.amount, channel: d.channel, payee: d.payeeMasked, at: d.disbursedAt.toISOString(), by, entryIds: d.entryIds as string[] })),
    check: check ? { ok: check.ok, count: check.violationCount, entries: check.counts.entries, violations: check.violations.slice(0, 20) } : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "finance");
  const form = await readForm(request, context);
  const loanId = String(form.get("loanId") ?? "");
  try {
    if (form.get("intent") === "fetch") {
      const r = await payouts.fetchPayoutResults(db, payoutBank(db), { operatorId: operator.id, actorUserId: session.user.id, smsFor: smsSenderFor });
      return redirect(`?paid=${r.paid}&failed=${r.failed}&waiting=${r.waiting - r.paid - r.failed}&unreachable=${r.unreachable}&refused=${r.refused.length}`);
    }
    // Sending money is never one tap: without the confirmation step's "yes", show the step.
    if (form.get("confirm") !== "yes") return redirect(`?confirm=${encodeURIComponent(loanId)}#loan-${encodeURIComponent(loanId)}`);
    await payouts.approveDisbursement(db, payoutBank(db), { operatorId: operator.id, loanId, actor: { userId: session.user.id, roles: session.user.roles }, secretKey: getConfig().secretKey });
  } catch (error) {
    return { loanId, errors: domainErrorToFieldErrors(error) as FieldErrors };
  }
  return redirect("?done=instructed");
}

export default function Disbursements() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, dateTime } = useI18n();
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">{t("finance.disb.lead")}</p>
      {d.done ? <Notice testId="disbursement-done">{t("finance.disb.done")}</Notice> : null}
      {d.fetched ? (
        <Notice testId="payout-fetched" tone={d.fetched.unreachable + d.fetched.refused > 0 ? "amber" : "green"}>
          {t("payout.fetched", { paid: d.fetched.paid, failed: d.fetched.failed, waiting: d.fetched.waiting })}
          {d.fetched.unreachable > 0 ? ` ${t("payout.fetchedUnreachable", { n: d.fetched.unreachable })}` : ""}
          {d.fetched.refused > 0 ? ` ${t("payout.fetchedRefused", { n: d.fetched.refused })}` : ""}
        </Notice>
      ) : null}
      {r && !r.loanId ? <FormError errors={{ _form: Object.values(r.errors)[0]! }} /> : null}
      <FetchResultsForm busy={busy} />
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t("finance.disb.queue")}</h2>
        {d.queue.length === 0 ? <p className="card text-slate-500">{t("finance.disb.none")}</p> : null}
        <ul className="space-y-2" data-testid="disbursement-queue">
          {d.queue.map((q) => (
            <li key={q.loanId} id={`loan-${q.loanId}`} className="card space-y-2">
              <div className="flex justify-between gap-2">
                <p className="font-semibold">{q.titleZh}</p>
                <Money amount={q.amount} className="font-semibold" />
              </div>
              <p className="text-sm text-slate-600">
                {q.borrowerName} · {t(`disbursement.${q.channel}` as MessageKey)} · {q.payee}
              </p>
              {q.lastFailure ? (
                <p className="text-sm font-medium text-red-800" data-testid="disbursement-failure">
                  {t("finance.disb.failed", { n: q.lastFailure.attempt, reason: reasonText(t, q.lastFailure.bankStatus) })}
                </p>
              ) : null}
              {r?.loanId === q.loanId ? <FormError errors={{ _form: Object.values(r.errors)[0]! }} /> : null}
              {d.confirmId === q.loanId ? (
                <ConfirmPayout amount={q.amount} payee={`${q.borrowerName ?? ""} · ${q.payee}`} backTo="?" busy={busy} submitLabel={t("finance.disb.confirm")}>
                  <input type="hidden" name="loanId" value={q.loanId} />
                </ConfirmPayout>
              ) : (
                <PostForm replace>
                  <input type="hidden" name="loanId" value={q.loanId} />
                  <button type="submit" className="btn-primary w-full" disabled={busy}>
                    {q.lastFailure ? t("finance.disb.reinstruct") : t("finance.disb.submit", { channel: t(`disbursement.${q.channel}` as MessageKey) })}
                  </button>
                </PostForm>
              )}
            </li>
          ))}
        </ul>
        {d.cash.length ? (
          <p className="text-sm text-slate-600">{t("finance.disb.cashWaiting", { n: d.cash.length })}</p>
        ) : null}
      </section>

      <AttemptList attempts={d.attempts} />

      <section className="card space-y-2">
        <div className="flex items-center justify-between gap-2">
          <h2 className="font-semibold">{t("finance.disb.check")}</h2>
          <Link to="?check=1" className="btn-secondary" data-testid="run-ledger-check">
            {t("finance.disb.runCheck")}
          </Link>
        </div>
        {d.check ? (
          <div data-testid="ledger-check" data-ok={d.check.ok}>
            <p className={`font-medium ${d.check.ok ? "text-green-700" : "text-red-700"}`}>
              {d.check.ok ? t("finance.disb.checkOk", { n: d.check.entries }) : t("finance.disb.checkBad", { n: d.check.count })}
            </p>
            <ul className="text-xs text-red-700">
              {d.check.violations.map((v, i) => (
                <li key={i}>
                  {v.check} {v.subject}: {v.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t("finance.disb.recent")}</h2>
        <ul className="space-y-2" data-testid="recent-disbursements">
          {d.recent.map((x) => (
            <li key={x.id} className="card space-y-1 text-sm">
              <div className="flex justify-between gap-2">
                <span className="font-medium">{x.title}</span>
                <Money amount={x.amount} />
              </div>
              <p className="text-slate-600">
                {t(`disbursement.${x.channel}` as MessageKey)}
                {x.payee ? ` · ${x.payee}` : ""} · {dateTime(x.at)} · {x.by}
              </p>
              <p className="flex flex-wrap gap-3">
                {x.entryIds.map((id) => (
                  <Link key={id} to={`${d.base}/entries/${id}`} className="text-brand underline">
                    {t("finance.entry")} {id.slice(0, 8)}
                  </Link>
                ))}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

type Attempt = ReturnType<typeof useLoaderData<typeof loader>>["attempts"][number];
const ATTEMPT_TONE = { approving: "amber", approved: "amber", instructed: "blue", paid: "green", failed: "red", cancelled: "slate" } as const;

/** The payout instructions: with the bank (银行处理中) first as they come, then paid and failed ones. */
function AttemptList({ attempts }: { attempts: Attempt[] }) {
  const { t, dateTime } = useI18n();
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold">{t("finance.disb.history")}</h2>
      {attempts.length === 0 ? <p className="card text-slate-500">{t("finance.disb.noneInProgress")}</p> : null}
      <ul className="space-y-2" data-testid="disbursement-attempts">
        {attempts.map((a) => (
          <li key={a.id} className="card space-y-1 text-sm" data-status={a.status}>
            <div className="flex items-center justify-between gap-2">
              <span className="font-medium">{a.titleZh}</span>
              <StatusBadge tone={ATTEMPT_TONE[a.status]}>{t(`payout.status.${a.status}` as MessageKey)}</StatusBadge>
            </div>
            <p className="text-slate-600">
              <Money amount={a.amount} /> · {a.payee} · {t("finance.disb.attempt", { n: a.attempt })}
            </p>
            <p className="text-xs text-slate-500">
              {a.approvedBy ? t("payout.approvedBy", { name: a.approvedBy }) : ""} · {dateTime(a.approvedAt)}
              {a.instructedAt ? ` · ${t("payout.instructedAt", { at: dateTime(a.instructedAt) })}` : ""}
            </p>
            {a.sendError && (a.status === "approved" || a.status === "instructed") ? <p className="text-xs text-amber-800">{t("payout.sendError", { error: a.sendError })}</p> : null}
            {a.status === "failed" && a.bankStatus ? <p className="font-medium text-red-800">{t("withdraw.failedReason", { reason: reasonText(t, a.bankStatus) })}</p> : null}
            {a.settledOn ? <p className="text-xs text-slate-500">{t("payout.settledOn", { date: a.settledOn })}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export const ErrorBoundary = PageErrorBoundary;
