import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { domainErrorToFieldErrors, readForm, validateForm } from "../../forms.server";
import { withdrawForm } from "../../investor-forms.server";
import { newFormKey, withdrawalDailyLimit } from "../../investor.server";
import { investing, ledger } from "../../services.server";
import { Field, FormError, PostForm } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { Notice, StatusBadge } from "../../components/investor";
import { reasonText } from "../../components/payouts";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";
import { PLAIN_HTML } from "../../route-handle";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const status = await investing.getInvestorStatus(db, { operatorId: operator.id, userId: session.user.id });
  const wallet = await investing.getWallet(db, { operatorId: operator.id, userId: session.user.id });
  const limit = withdrawalDailyLimit();
  const mine = await investing.listMyWithdrawals(db, { operatorId: operator.id, userId: session.user.id });
  return {
    base: `/o/${operator.slug}`,
    card: status.profile ? { bankCode: status.profile.bankCode, masked: status.profile.bankCardMasked } : null,
    available: ledger.formatCny(wallet.availableCny),
    dailyLimit: limit,
    leftToday: await investing.withdrawalAllowanceToday(db, { userId: session.user.id, dailyLimitCny: limit }),
    formKey: newFormKey(),
    withdrawals: mine.map((w) => ({
      id: w.id,
      amount: w.amount,
      status: w.status,
      bankCardMasked: w.bankCardMasked,
      requestedAt: w.requestedAt.toISOString(),
      decidedAt: w.decidedAt?.toISOString() ?? null,
      rejectReason: w.rejectReason,
      // 待复核: a first approval is in, a second finance user must approve before the bank is instructed.
      awaitingSecond: w.status === "requested" && w.payout?.status === "approving",
      bankStatus: w.status === "failed" ? (w.payout?.bankStatus ?? null) : null,
      settledOn: w.status === "paid" ? (w.payout?.settledOn ?? null) : null,
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const form = await readForm(request, context);
  const parsed = validateForm(withdrawForm, form);
  if (!parsed.ok) return { errors: parsed.errors, amount: String(form.get("amount") ?? "").slice(0, 30) };
  const { amount, idempotencyKey } = parsed.data;
  try {
    await investing.requestWithdrawal(db, {
      operatorId: operator.id,
      userId: session.user.id,
      amount,
      idempotencyKey,
      dailyLimitCny: withdrawalDailyLimit(),
    });
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error), amount };
  }
  return redirect(`/o/${operator.slug}/me/withdraw?requested=1`);
}

const TONE = { requested: "amber", processing: "blue", paid: "green", rejected: "red", failed: "red" } as const;

/** Plain HTML: every form here posts without JavaScript; no client logic needs React. */
export const handle = PLAIN_HTML;

export default function Withdraw() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const { t, money, dateTime } = useI18n();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t("withdraw.title")}</h1>
      {search.get("requested") === "1" ? <Notice testId="withdraw-requested">{t("withdraw.requested")}</Notice> : null}
      {!data.card ? (
        <p className="card">
          {t("withdraw.registerFirst")}{" "}
          <Link to={`${data.base}/invest/register`} className="text-brand underline">
            {t("invest.ready.go")}
          </Link>
        </p>
      ) : (
        <PostForm className="card space-y-3" replace>
          <input type="hidden" name="idempotencyKey" value={data.formKey} />
          <dl className="grid grid-cols-2 gap-y-1 text-sm">
            <dt className="text-slate-500">{t("withdraw.to")}</dt>
            <dd className="text-right" data-testid="withdraw-card">
              {t(`bank.${data.card.bankCode}` as MessageKey)} {data.card.masked}
            </dd>
            <dt className="text-slate-500">{t("wallet.available")}</dt>
            <dd className="text-right font-semibold">
              <Money amount={data.available} />
            </dd>
            <dt className="text-slate-500">{t("withdraw.leftToday")}</dt>
            <dd className="text-right">
              <Money amount={data.leftToday} />
            </dd>
          </dl>
          <FormError errors={result?.errors} />
          <Field
            name="amount"
            label={t("withdraw.amount")}
            hint={t("withdraw.hint", { limit: money(data.dailyLimit) })}
            inputMode="decimal"
            autoComplete="off"
            required
            defaultValue={result?.amount}
            errors={result?.errors}
          />
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            {t("withdraw.submit")}
          </button>
          <p className="text-xs text-slate-500">{t("withdraw.note")}</p>
        </PostForm>
      )}

      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("withdraw.history")}</h2>
        {data.withdrawals.length === 0 ? (
          <p className="text-sm text-slate-500">{t("withdraw.none")}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="withdrawals">
            {data.withdrawals.map((w) => (
              <li key={w.id} className="space-y-1 py-2" data-status={w.status}>
                <div className="flex items-center justify-between gap-2">
                  <p className="font-medium">
                    <Money amount={w.amount} /> → {w.bankCardMasked}
                  </p>
                  <StatusBadge tone={TONE[w.status]} testId="withdrawal-status">
                    {t(w.awaitingSecond ? "withdraw.status.second" : (`withdraw.status.${w.status}` as MessageKey))}
                  </StatusBadge>
                </div>
                <p className="text-xs text-slate-500">
                  {t("withdraw.requestedAt", { at: dateTime(w.requestedAt) })}
                  {w.decidedAt ? ` · ${t("withdraw.decidedAt", { at: dateTime(w.decidedAt) })}` : ""}
                  {w.settledOn ? ` · ${t("withdraw.paidOn", { date: w.settledOn })}` : ""}
                </p>
                {w.rejectReason ? <p className="text-sm text-red-800">{t("withdraw.reason", { reason: w.rejectReason })}</p> : null}
                {w.bankStatus ? (
                  <p className="text-sm text-red-800" data-testid="withdrawal-failure">
                    {t("withdraw.failedReason", { reason: reasonText(t, w.bankStatus) })}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
