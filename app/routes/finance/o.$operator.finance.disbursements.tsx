import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { domainErrorToFieldErrors, readForm, type FieldErrors } from "../../forms.server";
import { borrowing, ledger } from "../../services.server";
import { FormError, PostForm } from "../../components/forms";
import { Notice } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

/** Funded loans to pay out (passbook transfer, payment to a supplier), recent payouts, and the ledger check. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const queue = await borrowing.listAwaitingDisbursement(db, { operatorId: operator.id, channels: ["passbook", "supplier"] });
  const cash = await borrowing.listAwaitingDisbursement(db, { operatorId: operator.id, channels: ["store_cash"] });
  const recent = await borrowing.listRecentDisbursements(db, { operatorId: operator.id });
  const url = new URL(request.url);
  const check = url.searchParams.get("check") ? await ledger.checkLedger(db, { operatorId: operator.id }) : null;
  return {
    base: `/o/${operator.slug}/finance`,
    done: url.searchParams.get("done"),
    queue: queue.map((q) => ({ ...q, fundedAt: q.fundedAt?.toISOString() ?? null })),
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
    await borrowing.disburseLoan(db, { operatorId: operator.id, loanId, actor: { userId: session.user.id, roles: session.user.roles } });
  } catch (error) {
    return { loanId, errors: domainErrorToFieldErrors(error) as FieldErrors };
  }
  return redirect("?done=disbursed");
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
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t("finance.disb.queue")}</h2>
        {d.queue.length === 0 ? <p className="card text-slate-500">{t("finance.disb.none")}</p> : null}
        <ul className="space-y-2" data-testid="disbursement-queue">
          {d.queue.map((q) => (
            <li key={q.loanId} className="card space-y-2">
              <div className="flex justify-between gap-2">
                <p className="font-semibold">{q.titleZh}</p>
                <Money amount={q.amount} className="font-semibold" />
              </div>
              <p className="text-sm text-slate-600">
                {q.borrowerName} · {t(`disbursement.${q.channel}` as MessageKey)} · {q.payee}
              </p>
              {r?.loanId === q.loanId ? <FormError errors={{ _form: Object.values(r.errors)[0]! }} /> : null}
              <PostForm replace>
                <input type="hidden" name="loanId" value={q.loanId} />
                <button type="submit" className="btn-primary w-full" disabled={busy}>
                  {t("finance.disb.submit", { channel: t(`disbursement.${q.channel}` as MessageKey) })}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
        {d.cash.length ? (
          <p className="text-sm text-slate-600">{t("finance.disb.cashWaiting", { n: d.cash.length })}</p>
        ) : null}
      </section>

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

export const ErrorBoundary = PageErrorBoundary;
