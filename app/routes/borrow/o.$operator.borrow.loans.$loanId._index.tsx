import { smsSenderFor } from "../../sms.server";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { domainErrorToFieldErrors, orBadRequest, readForm } from "../../forms.server";
import { newFormKey, stripeSetup } from "../../investor.server";
import { channels, investing, repayment } from "../../services.server";
import { dueProcessingDeps } from "../../due.server";
import { CardRepayForm, OnlineRepayForm } from "../../components/self-service";
import { RepayNowForm } from "../../components/repay-now";
import { Notice, ScheduleTable } from "../../components/borrow";
import { DueLines } from "../../components/due-lines";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params);
  const view = await orBadRequest(repayment.describeLoanRepayment(db, { operatorId: operator.id, loanId: params.loanId ?? "" }));
  // Only the loan's own borrower: someone else's loan is simply not there.
  if (view.borrowerUserId !== actor.userId) throw new Response("Not found", { status: 404 });
  const wallet = await investing.getWallet(db, { operatorId: operator.id, userId: actor.userId });
  const url = new URL(request.url);
  const repayNow = await channels.describeRepayNow(db, { operatorId: operator.id, loanId: view.loanId });
  return {
    cardConfigured: !!stripeSetup(),
    card: await cardPaymentState(db, {
      operatorId: operator.id,
      userId: actor.userId,
      topUpId: url.searchParams.get("card"),
      fromCheckout: url.searchParams.get("from") === "checkout",
      cancelled: url.searchParams.has("cancelled"),
    }),
    base: `/o/${operator.slug}/borrow`,
    walletHref: `/o/${operator.slug}/me/wallet`,
    available: wallet.availableCny.toFixed(2),
    formKey: newFormKey(),
    repayNow: {
      channel: repayNow.channel as "passbook_debit" | "phone_bill" | null,
      inFlight: repayNow.inFlight,
      requests: repayNow.requests.map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() })),
    },
    loan: {
      loanId: view.loanId,
      loanNo: view.loanNo,
      titleZh: view.titleZh,
      amount: view.amount,
      status: view.status as "disbursed" | "closed",
      due: view.due,
      payoffTotal: view.payoffTotal,
      outstandingPrincipal: view.outstandingPrincipal,
      daysPastDue: view.daysPastDue,
      installments: view.installments,
      repayments: view.repayments.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() })),
      certificate: view.certificate,
    },
  };
}

/** What became of a card payment the borrower came back from (?card=<id>): shown above the loan. */
async function cardPaymentState(db: Parameters<typeof investing.getCardTopUp>[0], input: { operatorId: string; userId: string; topUpId: string | null; fromCheckout: boolean; cancelled: boolean }) {
  if (!input.topUpId) return null;
  const topUp = await investing.getCardTopUp(db, { operatorId: input.operatorId, userId: input.userId, topUpId: input.topUpId }).catch(() => null);
  if (!topUp?.loanId) return null;
  const open = input.cancelled ? "cancelled" : input.fromCheckout ? "pending" : "open";
  const state = topUp.status === "open" ? open : topUp.status === "succeeded" || topUp.status === "refunded" ? (topUp.repaymentId ? "repaid" : "refused") : "failed";
  return { state, amount: topUp.amount, checkoutUrl: state === "open" || state === "cancelled" ? topUp.checkoutUrl : null } as const;
}

/** 银行卡还款: open Stripe's hosted checkout for the installment or the payoff; one service call, then off to the card page. */
async function startCard(request: Request, input: { operatorId: string; slug: string; borrowerUserId: string; loanId: string; kind: "installment" | "payoff"; idempotencyKey: string; db: Parameters<typeof repayment.startCardRepayment>[0] }) {
  const stripe = stripeSetup();
  if (!stripe) return { cardErrors: { _form: { key: "error.topup.card_not_configured" } } };
  const back = `${new URL(request.url).origin}/o/${input.slug}/borrow/loans/${input.loanId}`;
  try {
    const { topUp } = await repayment.startCardRepayment(input.db, stripe.checkout, {
      operatorId: input.operatorId,
      borrowerUserId: input.borrowerUserId,
      loanId: input.loanId,
      kind: input.kind,
      idempotencyKey: input.idempotencyKey,
      successUrl: (id) => `${back}?card=${id}&from=checkout`,
      cancelUrl: (id) => `${back}?card=${id}&cancelled=1`,
    });
    // Back to this page with the pay link: the form-action policy lets forms post only to the portal.
    return redirect(`/o/${input.slug}/borrow/loans/${input.loanId}?card=${topUp.id}`);
  } catch (error) {
    return { cardErrors: domainErrorToFieldErrors(error) };
  }
}

/** 在线还款 from the wallet or by card, or 主动还款 through the loan's channel: one service call each. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params);
  const form = await readForm(request, context);
  const intent = form.get("intent");
  const amount = String(form.get("amount") ?? "");
  const idempotencyKey = String(form.get("idempotencyKey") ?? "");
  if (intent === "card-installment" || intent === "card-payoff") {
    const kind = intent === "card-payoff" ? "payoff" : "installment";
    return startCard(request, { operatorId: operator.id, slug: operator.slug, borrowerUserId: actor.userId, loanId: params.loanId ?? "", kind, idempotencyKey, db });
  }
  if (intent !== "repay" && intent !== "payoff" && intent !== "repayNow") throw new Response("Unknown intent", { status: 400 });
  try {
    if (intent === "repayNow") {
      await channels.requestRepayNow(db, { operatorId: operator.id, borrowerUserId: actor.userId, loanId: params.loanId ?? "", idempotencyKey, deps: dueProcessingDeps() });
      return redirect(`/o/${operator.slug}/borrow/loans/${params.loanId}?asked=1`);
    }
    const paid = await repayment.repayFromWallet(db, {
      operatorId: operator.id,
      borrowerUserId: actor.userId,
      loanId: params.loanId ?? "",
      amount,
      kind: intent === "payoff" ? "payoff" : "installment",
      idempotencyKey,
      notify: smsSenderFor,
    });
    return redirect(`/o/${operator.slug}/borrow/loans/${paid.loanId}?repaid=${paid.amount}`);
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error), amount: amount.slice(0, 30), intent };
  }
}
const CARD_TONE = { open: "amber", pending: "amber", repaid: "green", refused: "amber", failed: "red", cancelled: "amber" } as const;

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function BorrowerLoan() {
  const { base, loan, walletHref, available, formKey, cardConfigured, card, repayNow } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const [search] = useSearchParams();
  const repaid = search.get("repaid");
  const { t, date, dateTime, money } = useI18n();
  const closed = loan.status === "closed";
  return (
    <div className="space-y-4">
      <p>
        <Link to={base} className="text-sm text-brand underline">
          ← {t("borrow.home.title")}
        </Link>
      </p>
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t("loanView.title")}</h1>
        <p className="text-slate-600">
          {loan.titleZh} · <Money amount={loan.amount} /> · {loan.loanNo}
        </p>
        <p>
          <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${closed ? "bg-green-100 text-green-800" : "bg-brand-soft text-brand"}`} data-testid="loan-status">
            {t(`loanView.status.${loan.status}`)}
          </span>
        </p>
      </header>

      {repaid && /^\d+\.\d{2}$/.test(repaid) && !refused ? <Notice testId="repaid">{t("online.done", { amount: money(repaid) })}</Notice> : null}
      {card ? (
        <Notice testId={`card-${card.state}`} tone={CARD_TONE[card.state]}>
          {t(`card.${card.state}`, { amount: money(card.amount) })}
        </Notice>
      ) : null}
      {card?.checkoutUrl ? (
        <a href={card.checkoutUrl} className="btn-primary w-full" data-testid="card-checkout" rel="noopener">
          {t("card.goPay", { amount: money(card.amount) })}
        </a>
      ) : null}

      {closed && loan.certificate ? (
        <section className="card space-y-3" data-testid="loan-settled">
          <Notice>{t("loanView.settled", { date: loan.certificate.settledOn, no: loan.certificate.certificateNo })}</Notice>
          <a href={`${base}/loans/${loan.loanId}/certificate.pdf`} className="btn-primary w-full" data-testid="certificate-link" download>
            {t("loanView.certificate")}
          </a>
        </section>
      ) : (
        <section className="card space-y-3" data-testid="loan-due">
          <h2 className="text-lg font-semibold">{t(loan.due.ahead ? "loanView.dueAhead" : "loanView.dueNow")}</h2>
          {loan.daysPastDue > 0 ? <Notice tone="red">{t("loanView.overdue", { days: loan.daysPastDue })}</Notice> : null}
          {loan.due.ahead ? (
            <p className="text-sm text-slate-600" data-testid="due-ahead">
              {t("loanView.dueAheadNote", { date: date(loan.due.lines[0]!.dueDate) })}
            </p>
          ) : null}
          {loan.due.lines.length === 0 ? (
            <p className="text-sm text-slate-500">{t("loanView.nothingDue")}</p>
          ) : (
            <DueLines lines={loan.due.lines} />
          )}
          <dl className="grid grid-cols-2 gap-y-1 text-sm">
            <dt className="font-medium">{t(loan.due.ahead ? "loanView.dueAhead" : "loanView.dueNow")}</dt>
            <dd className="text-right font-semibold" data-testid="loan-due-total">
              <Money amount={loan.due.total} />
            </dd>
            <dt>{t("loanView.payoff")}</dt>
            <dd className="text-right" data-testid="loan-payoff">
              {loan.payoffTotal ? <Money amount={loan.payoffTotal} /> : "—"}
            </dd>
            <dt>{t("storeRepay.outstanding")}</dt>
            <dd className="text-right">
              <Money amount={loan.outstandingPrincipal} />
            </dd>
          </dl>
          <p className="text-xs text-slate-500">{t("loanView.payoffHint")}</p>
        </section>
      )}

      {!closed || repayNow.requests.length > 0 ? (
        <RepayNowForm
          channel={closed ? null : repayNow.channel}
          dueTotal={loan.due.total}
          formKey={`${formKey}-now`}
          inFlight={repayNow.inFlight}
          requests={repayNow.requests}
          asked={search.get("asked") === "1"}
          errors={refused && "intent" in refused && refused.intent === "repayNow" ? refused.errors : undefined}
        />
      ) : null}

      {!closed ? (
        <OnlineRepayForm
          available={available}
          dueTotal={loan.due.total}
          payoffTotal={loan.payoffTotal}
          formKey={formKey}
          walletHref={walletHref}
          errors={refused && "intent" in refused && refused.intent !== "repayNow" ? refused.errors : undefined}
          amount={refused && "amount" in refused ? refused.amount : undefined}
          collecting={repayNow.inFlight}
        />
      ) : null}
      {!closed && cardConfigured && !repayNow.inFlight ? <CardRepayForm dueTotal={loan.due.total} payoffTotal={loan.payoffTotal} formKey={formKey} errors={refused && "cardErrors" in refused ? refused.cardErrors : undefined} /> : null}

      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("loanView.history")}</h2>
        {loan.repayments.length === 0 ? (
          <p className="text-sm text-slate-500">{t("loanView.noHistory")}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="repayment-history">
            {loan.repayments.map((r) => (
              <li key={r.id} className="space-y-0.5 py-2 text-sm">
                <div className="flex flex-wrap justify-between gap-x-2">
                  <span>
                    {dateTime(r.receivedAt)} · {t(r.source === "wallet" && r.reference.startsWith("card:") ? "loanView.source.card" : `loanView.source.${r.source as "store_cash"}`)}
                    {r.storeNameZh ? ` · ${r.storeNameZh}` : ""}
                  </span>
                  <Money amount={r.amount} className="font-semibold" />
                </div>
                <p className="text-xs text-slate-600">
                  {t("loanView.allocation", { principal: money(r.principal), interest: money(r.interest), penalty: money(r.penalty) })}
                  {r.overpayment !== "0.00" ? ` · ${t("loanView.overpaid", { amount: money(r.overpayment) })}` : ""}
                  {" · "}
                  {/* Phone-bill request ids are 40-odd characters without a space: they wrap rather than widen the page. */}
                  <span className="break-all">{r.reference}</span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("loanView.schedule")}</h2>
        <ScheduleTable
          testId="loan-schedule"
          lastColumn="paid"
          rows={loan.installments.map((i) => ({ n: i.n, dueDate: i.dueDate, principal: i.principal, interest: i.interest, paid: i.paid, status: i.status }))}
        />
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
