import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { offerView, timelineView } from "../../borrowing.server";
import { domainErrorToFieldErrors, orBadRequest, readForm } from "../../forms.server";
import { borrowing } from "../../services.server";
import { PostForm } from "../../components/forms";
import { Facts, Notice, OfferSummary, ScheduleTable, StatusBadge, Timeline } from "../../components/borrow";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { WithdrawApplicationForm } from "../../components/self-service";

const FLASHES = ["submitted", "signed", "channel", "withdrawn", "declined"] as const;
/** Before signing the borrower may end it: withdrawn before an offer, declined after. */
const WITHDRAWABLE = ["draft", "referred", "in_review", "pending_confirmation", "approved"];
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params);
  const detail = await orBadRequest(borrowing.applicationDetail(db, { operatorId: operator.id, applicationId: params.applicationId ?? "", actor }));
  const { app, loan } = detail;
  const url = new URL(request.url);
  const channel = detail.repaymentChannels[0] ?? null;
  return {
    base: `/o/${operator.slug}/borrow/applications/${app.id}`,
    flash: FLASHES.find((f) => url.searchParams.get(f)) ?? null,
    as: detail.as,
    status: app.status,
    loanStatus: loan?.status ?? null,
    amount: app.finalAmount ?? app.amount,
    purposeNote: app.purposeNote,
    channel: app.channel,
    intakeStore: detail.stores.intake,
    rejectReasons: (app.rejectReasons as string[] | null) ?? [],
    decisionNote: app.status === "rejected" ? app.decisionNote : null,
    canWithdraw: detail.as === "borrower" && WITHDRAWABLE.includes(app.status) && !app.loanId,
    closed: app.closedAt ? { at: app.closedAt.toISOString(), reason: app.closeReason } : null,
    offerExpiresAt: app.status === "approved" && app.decidedAt ? borrowing.offerExpiresAt(app.decidedAt).toISOString() : null,
    offerValidDays: borrowing.OFFER_VALID_DAYS,
    maxReason: borrowing.CLOSE_REASON_MAX_CHARS,
    offer: offerView(detail.offer),
    timeline: timelineView(detail),
    loan: loan
      ? { amount: loan.amount, fundedAmount: loan.fundedAmount, fundingDeadline: loan.fundingDeadline.toISOString(), disbursedAt: loan.disbursedAt?.toISOString() ?? null }
      : null,
    installments: detail.installments.map((i) => ({ n: i.n, dueDate: i.dueDate, principal: i.principal, interest: i.interest, payment: i.payment, status: i.status })),
    nextDue: detail.nextDue ? { n: detail.nextDue.n, dueDate: detail.nextDue.dueDate, payment: detail.nextDue.payment } : null,
    signatures: detail.signatures.map((s) => ({ kind: s.kind, title: s.title, signedAt: s.signedAt.toISOString(), version: s.templateVersion, hash: s.documentHash, witness: s.witness })),
    repayment: channel ? { channel: channel.channel, store: channel.storeName } : null,
    disbursement: detail.disbursement ? { channel: detail.disbursement.channel, payee: detail.disbursement.payeeMasked, at: detail.disbursement.disbursedAt.toISOString() } : null,
    disbursementChannel: app.disbursementChannel,
    operatorSlug: operator.slug,
    loanId: loan?.id ?? null,
  };
}

/** The borrower withdraws the application or declines the offer (reason optional); one service call. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params);
  const form = await readForm(request, context);
  const reason = String(form.get("reason") ?? "");
  if (form.get("intent") !== "withdraw") throw new Response("Unknown intent", { status: 400 });
  try {
    const app = await borrowing.withdrawApplication(db, { operatorId: operator.id, applicationId: params.applicationId ?? "", actor, reason });
    return redirect(`/o/${operator.slug}/borrow/applications/${app.id}?${app.status}=1`);
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error), reason: reason.slice(0, 300) };
  }
}
/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function ApplicationDetail() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const { t, date, dateTime } = useI18n();
  const shown = d.loanStatus ?? d.status;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <div className="flex items-start justify-between gap-2">
        <div>
          <h1 className="text-2xl font-bold">{t("borrow.detail.title")}</h1>
          {d.amount || d.purposeNote ? (
            <p className="text-sm text-slate-600">
              {d.amount ? <Money amount={d.amount} /> : null}
              {d.amount && d.purposeNote ? " · " : null}
              {d.purposeNote}
              {d.channel === "store" && d.intakeStore ? ` · ${t("borrow.detail.atStore", { store: d.intakeStore })}` : ""}
            </p>
          ) : null}
        </div>
        <StatusBadge status={shown} testId="application-status" />
      </div>

      {d.flash ? <Notice testId="flash">{t(`borrow.flash.${d.flash}` as MessageKey)}</Notice> : null}
      <Notice tone={shown === "rejected" || shown === "failed" ? "red" : shown === "referred" ? "amber" : "green"} testId="status-explained">
        {t(`borrow.explain.${shown}` as MessageKey, { days: d.offerValidDays })}
      </Notice>
      {d.closed ? (
        <section className="card space-y-1 text-sm text-slate-600" data-testid="closed">
          <p>{t("self.closed.at", { at: dateTime(d.closed.at) })}</p>
          {d.closed.reason ? <p>{t("self.closed.reason", { reason: d.closed.reason })}</p> : null}
        </section>
      ) : null}
      {d.rejectReasons.length ? (
        <section className="card">
          <h2 className="font-semibold">{t("borrow.detail.rejectReasons")}</h2>
          <ul className="list-disc pl-5 text-sm">
            {d.rejectReasons.map((r) => (
              <li key={r}>{t(`borrow.rejectReason.${r}` as MessageKey)}</li>
            ))}
          </ul>
          {d.decisionNote ? <p className="mt-1 text-sm text-slate-600">{d.decisionNote}</p> : null}
        </section>
      ) : null}

      {d.status === "approved" && d.offer ? (
        <section className="card space-y-3">
          <h2 className="text-lg font-semibold">{t("borrow.detail.offer")}</h2>
          <OfferSummary offer={d.offer} withSchedule={false} />
          {d.offerExpiresAt ? (
            <p className="text-sm font-medium text-amber-900" data-testid="offer-expires">
              {t("self.offer.expiresAt", { date: date(d.offerExpiresAt) })}
            </p>
          ) : null}
          <Link to="sign" className="btn-primary w-full" data-testid="go-sign">
            {t("borrow.detail.goSign")}
          </Link>
        </section>
      ) : null}

      {d.loan ? (
        <section className="card space-y-3" data-testid="loan">
          <h2 className="text-lg font-semibold">{t("borrow.detail.loan")}</h2>
          {d.loanStatus === "funding" ? (
            <p className="text-sm">
              {t("borrow.detail.funding")} <Money amount={d.loan.fundedAmount} /> / <Money amount={d.loan.amount} /> · {t("borrow.detail.deadline", { date: date(d.loan.fundingDeadline) })}
            </p>
          ) : null}
          {d.loanStatus === "funding" && d.loanId ? (
            <Link to={`/o/${d.operatorSlug}/invest/loans/${d.loanId}`} className="text-sm text-brand underline" data-testid="loan-listing-link">
              {t("borrow.detail.viewListing")}
            </Link>
          ) : null}
          {d.disbursement ? (
            <Facts
              items={[
                [t("borrow.detail.disbursedAt"), dateTime(d.disbursement.at)],
                [t("borrow.detail.disbursedBy"), `${t(`disbursement.${d.disbursement.channel}` as MessageKey)}${d.disbursement.payee ? ` · ${d.disbursement.payee}` : ""}`],
              ]}
            />
          ) : d.disbursementChannel ? (
            <p className="text-sm text-slate-600">{t("borrow.detail.willDisburse", { channel: t(`disbursement.${d.disbursementChannel}` as MessageKey) })}</p>
          ) : null}
          {d.nextDue ? (
            <p className="rounded-lg bg-brand-soft p-3 text-sm font-semibold" data-testid="next-due">
              {t("borrow.detail.nextDue", { n: d.nextDue.n, date: date(d.nextDue.dueDate) })} <Money amount={d.nextDue.payment} />
            </p>
          ) : null}
          {d.loanId && (d.loanStatus === "disbursed" || d.loanStatus === "closed") ? (
            <Link to={`/o/${d.operatorSlug}/borrow/loans/${d.loanId}`} className="btn-primary w-full" data-testid="loan-view-link">
              {t("loanView.link")}
            </Link>
          ) : null}
          {d.installments.length ? <ScheduleTable rows={d.installments} highlight={d.nextDue?.n} /> : d.offer ? <ScheduleTable rows={d.offer.installments} /> : null}
          {d.offer ? (
            <p className="text-xs text-slate-500">
              {t("borrow.offer.totalRepay")} <Money amount={d.offer.totalRepay} /> · {t("borrow.offer.cost")} {d.offer.cost}
            </p>
          ) : null}
        </section>
      ) : null}

      {d.repayment ? (
        <section className="card space-y-2">
          <h2 className="text-lg font-semibold">{t("borrow.detail.repayment")}</h2>
          <p data-testid="repayment-channel">
            {t(`repayment.${d.repayment.channel}` as MessageKey)}
            {d.repayment.store ? ` · ${d.repayment.store}` : ""}
          </p>
          {d.loanStatus !== "closed" && d.loanStatus !== "failed" ? (
            <Link to="channel" className="text-sm text-brand underline">
              {t("borrow.detail.changeChannel")}
            </Link>
          ) : null}
        </section>
      ) : null}

      {d.signatures.length ? (
        <section className="card space-y-2">
          <h2 className="text-lg font-semibold">{t("borrow.detail.agreements")}</h2>
          <ul className="divide-y divide-slate-100" data-testid="agreements">
            {d.signatures.map((s) => (
              <li key={s.kind} className="py-2">
                <p className="font-medium">{s.title}</p>
                <p className="text-xs text-slate-500">
                  {t("borrow.detail.signedAt", { at: dateTime(s.signedAt) })} · {s.version}
                  {s.witness ? ` · ${t("borrow.detail.witness", { name: s.witness })}` : ""}
                </p>
                <p className="flex gap-4 text-sm">
                  <Link to={`agreements/${s.kind}`} className="text-brand underline">
                    {t("borrow.detail.read")}
                  </Link>
                  <a href={`${d.base}/agreements/${s.kind}/pdf`} className="text-brand underline" data-testid={`pdf-${s.kind}`}>
                    {t("borrow.detail.pdf")}
                  </a>
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.canWithdraw ? <WithdrawApplicationForm declining={d.status === "approved"} maxReason={d.maxReason} errors={r?.errors} reason={r?.reason} /> : null}

      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("borrow.detail.timeline")}</h2>
        <Timeline items={d.timeline} />
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
