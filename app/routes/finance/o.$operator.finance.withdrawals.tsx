import Decimal from "decimal.js";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getConfig } from "../../config.server";
import { smsSenderFor } from "../../sms.server";
import { domainErrorToFieldErrors, readForm, validateForm, type FieldErrors } from "../../forms.server";
import { decideWithdrawalForm } from "../../investor-forms.server";
import { payoutBank } from "../../payouts.server";
import { investing, payouts } from "../../services.server";
import { PostForm, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { Notice, StatusBadge } from "../../components/investor";
import { ConfirmPayout, FetchResultsForm, PayoutTrail } from "../../components/payouts";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

const FILTERS = { open: ["requested"], bank: ["processing"], all: null } as const;
type Filter = keyof typeof FILTERS;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "finance");
  const url = new URL(request.url);
  const show = (url.searchParams.get("show") ?? "open") as Filter;
  const filter: Filter = show in FILTERS ? show : "open";
  const statuses = FILTERS[filter];
  const rows = await investing.listWithdrawals(db, { operatorId: operator.id, status: statuses ? [...statuses] : null });
  const confirmId = url.searchParams.get("confirm");
  return {
    filter,
    me: session.user.id,
    done: url.searchParams.get("done"),
    fetched: url.searchParams.get("paid") !== null ? { paid: url.searchParams.get("paid")!, failed: url.searchParams.get("failed") ?? "0", waiting: url.searchParams.get("waiting") ?? "0", unreachable: Number(url.searchParams.get("unreachable") ?? 0), refused: Number(url.searchParams.get("refused") ?? 0) } : null,
    threshold: payouts.SECOND_APPROVAL_ABOVE_CNY,
    confirmId: rows.some((w) => w.id === confirmId && w.status === "requested") ? confirmId : null,
    withdrawals: rows.map((w) => ({
      id: w.id,
      amount: w.amount,
      status: w.status,
      investor: w.investor,
      bankCode: w.bankCode,
      bankCardMasked: w.bankCardMasked,
      requestedAt: w.requestedAt.toISOString(),
      rejectReason: w.rejectReason,
      needsTwo: new Decimal(w.amount).gt(payouts.SECOND_APPROVAL_ABOVE_CNY),
      payout: w.payout
        ? {
            ...w.payout,
            firstApprovedBy: w.payout.firstApprovedBy.name ?? "—",
            firstApprovedById: w.payout.firstApprovedBy.id,
            secondApprovedBy: w.payout.secondApprovedBy?.name ?? null,
            firstApprovedAt: w.payout.firstApprovedAt.toISOString(),
            instructedAt: w.payout.instructedAt?.toISOString() ?? null,
          }
        : null,
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "finance");
  const form = await readForm(request, context);
  try {
    if (form.get("intent") === "fetch") {
      const r = await payouts.fetchPayoutResults(db, payoutBank(db), { operatorId: operator.id, actorUserId: session.user.id, smsFor: smsSenderFor });
      return redirect(`?show=all&paid=${r.paid}&failed=${r.failed}&waiting=${r.waiting - r.paid - r.failed}&unreachable=${r.unreachable}&refused=${r.refused.length}`);
    }
    const parsed = validateForm(decideWithdrawalForm, form);
    if (!parsed.ok) return { withdrawalId: String(form.get("withdrawalId") ?? ""), errors: parsed.errors };
    const { withdrawalId, intent, reason, confirm } = parsed.data;
    if (intent === "reject") {
      await investing.rejectWithdrawal(db, { operatorId: operator.id, withdrawalId, decidedByUserId: session.user.id, reason, smsFor: smsSenderFor });
      return redirect(`?done=rejected&show=all#withdrawal-${withdrawalId}`);
    }
    // An approval sends money: without the confirmation step's "yes", show the step.
    if (confirm !== "yes") return redirect(`?confirm=${withdrawalId}#withdrawal-${withdrawalId}`);
    const approval = await payouts.approveWithdrawal(db, payoutBank(db), { operatorId: operator.id, withdrawalId, approverUserId: session.user.id, secretKey: getConfig().secretKey });
    const done = approval.awaitingSecondApproval ? "first" : approval.instruction?.delivered ? "instructed" : "queued";
    return redirect(`?done=${done}&show=${done === "first" ? "open" : "bank"}#withdrawal-${withdrawalId}`);
  } catch (error) {
    const errors: FieldErrors = domainErrorToFieldErrors(error);
    return { withdrawalId: String(form.get("withdrawalId") ?? ""), errors };
  }
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["withdrawals"][number];

const TONE = { requested: "amber", processing: "blue", paid: "green", rejected: "red", failed: "red" } as const;

function statusLabel(w: Row): MessageKey {
  if (w.status === "requested" && w.payout?.status === "approving") return "withdraw.status.second";
  return `withdraw.status.${w.status}` as MessageKey;
}

export default function FinanceWithdrawals() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t, money } = useI18n();
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">{t("finance.wd.lead")}</p>
      <p className="text-sm text-slate-600">{t("payout.needsSecond", { amount: money(data.threshold) })}</p>
      {data.done ? (
        <Notice testId="withdrawal-done" tone={data.done === "queued" ? "amber" : "green"}>
          {t(data.done === "rejected" ? "finance.wd.rejected" : (`finance.wd.done.${data.done}` as MessageKey))}
        </Notice>
      ) : null}
      {data.fetched ? (
        <Notice testId="payout-fetched" tone={data.fetched.unreachable + data.fetched.refused > 0 ? "amber" : "green"}>
          {t("payout.fetched", { paid: data.fetched.paid, failed: data.fetched.failed, waiting: data.fetched.waiting })}
          {data.fetched.unreachable > 0 ? ` ${t("payout.fetchedUnreachable", { n: data.fetched.unreachable })}` : ""}
          {data.fetched.refused > 0 ? ` ${t("payout.fetchedRefused", { n: data.fetched.refused })}` : ""}
        </Notice>
      ) : null}
      {result && !result.withdrawalId ? (
        <p className="rounded-lg bg-red-50 p-3 text-sm font-medium text-red-800" role="alert">
          {translateError(t, Object.values(result.errors)[0]!)}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {(Object.keys(FILTERS) as Filter[]).map((f) => (
          <Link key={f} to={`?show=${f}`} className={`rounded-full px-3 py-1 ${data.filter === f ? "bg-brand text-white" : "bg-white text-slate-600"}`}>
            {t(`finance.wd.filter.${f}` as MessageKey)}
          </Link>
        ))}
      </div>
      <FetchResultsForm busy={busy} />
      {data.withdrawals.length === 0 ? (
        <p className="card text-slate-500">{t("finance.none")}</p>
      ) : (
        <ul className="space-y-3" data-testid="withdrawal-queue">
          {data.withdrawals.map((w) => (
            <WithdrawalItem key={w.id} w={w} me={data.me} threshold={data.threshold} confirming={data.confirmId === w.id} busy={busy} error={result?.withdrawalId === w.id ? Object.values(result.errors)[0] : undefined} />
          ))}
        </ul>
      )}
    </div>
  );
}

function WithdrawalItem({ w, me, threshold, confirming, busy, error }: { w: Row; me: string; threshold: string; confirming: boolean; busy: boolean; error?: { key: string; params?: Record<string, string | number> } }) {
  const { t, dateTime, money } = useI18n();
  const second = w.payout?.status === "approving";
  const needsTwo = !w.payout && w.needsTwo;
  const bank = `${t(`bank.${w.bankCode}` as MessageKey)} ${w.bankCardMasked}`;
  return (
    <li id={`withdrawal-${w.id}`} className="card space-y-2" data-status={w.status}>
      <div className="flex items-center justify-between gap-2">
        <p className="text-lg font-semibold">
          <Money amount={w.amount} />
        </p>
        <StatusBadge tone={second ? "amber" : TONE[w.status]} testId="finance-withdrawal-status">
          {t(statusLabel(w))}
        </StatusBadge>
      </div>
      <p className="text-sm">
        {w.investor.legalName ?? "—"} · {w.investor.phoneMasked}
      </p>
      <p className="text-sm text-slate-600">
        {bank} · {dateTime(w.requestedAt)}
      </p>
      {needsTwo ? <p className="text-xs text-amber-900">{t("payout.needsSecondShort", { amount: money(threshold) })}</p> : null}
      {w.payout ? <PayoutTrail payout={w.payout} threshold={threshold} /> : null}
      {w.rejectReason ? <p className="text-sm text-red-800">{t("withdraw.reason", { reason: w.rejectReason })}</p> : null}
      {error ? (
        <p className="rounded-lg bg-red-50 p-3 text-sm font-medium text-red-800" role="alert">
          {translateError(t, error)}
        </p>
      ) : null}
      {w.status === "requested" && confirming ? (
        <ConfirmPayout amount={w.amount} payee={`${w.investor.legalName ?? ""} ${bank}`} backTo="?show=open" busy={busy} submitLabel={t(needsTwo ? "finance.wd.confirmFirst" : "finance.wd.confirmApprove")} note={needsTwo ? t("payout.needsSecond", { amount: money(threshold) }) : null}>
          <input type="hidden" name="withdrawalId" value={w.id} />
          <input type="hidden" name="intent" value="approve" />
        </ConfirmPayout>
      ) : null}
      {w.status === "requested" && !confirming ? <DecideForm id={w.id} busy={busy} second={second} mine={w.payout?.firstApprovedById === me} /> : null}
    </li>
  );
}

/** Approve (leads to the confirmation step) or refuse with a reason. */
function DecideForm({ id, busy, second, mine }: { id: string; busy: boolean; second: boolean; mine: boolean }) {
  const { t } = useI18n();
  return (
    <PostForm className="space-y-2" replace>
      <input type="hidden" name="withdrawalId" value={id} />
      <label htmlFor={`reason-${id}`} className="block text-sm font-medium">
        {t("finance.wd.reason")}
      </label>
      <input id={`reason-${id}`} name="reason" className="field-input" maxLength={300} />
      <div className="flex gap-2">
        <button type="submit" name="intent" value="approve" className="btn-primary flex-1" disabled={busy || mine}>
          {t(second ? "finance.wd.approveSecond" : "finance.wd.approve")}
        </button>
        <button type="submit" name="intent" value="reject" className="btn-secondary flex-1" disabled={busy}>
          {t("finance.wd.reject")}
        </button>
      </div>
    </PostForm>
  );
}

export const ErrorBoundary = PageErrorBoundary;
