import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getConfig } from "../../config.server";
import { smsSenderFor } from "../../sms.server";
import { domainErrorToFieldErrors, readForm, validateForm, type FieldErrors } from "../../forms.server";
import { decideWithdrawalForm } from "../../investor-forms.server";
import { payoutAdapter } from "../../investor.server";
import { investing } from "../../services.server";
import { PostForm, translateError } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { Notice, StatusBadge } from "../../components/investor";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import type { MessageKey } from "../../i18n/messages";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const url = new URL(request.url);
  const showAll = url.searchParams.get("show") === "all";
  const rows = await investing.listWithdrawals(db, { operatorId: operator.id, status: showAll ? null : "requested" });
  return {
    showAll,
    done: url.searchParams.get("done"),
    adapter: payoutAdapter().name,
    withdrawals: rows.map((w) => ({
      id: w.id,
      amount: w.amount,
      status: w.status,
      investor: w.investor,
      bankCode: w.bankCode,
      bankCardMasked: w.bankCardMasked,
      requestedAt: w.requestedAt.toISOString(),
      decidedAt: w.decidedAt?.toISOString() ?? null,
      rejectReason: w.rejectReason,
      payoutReference: w.payoutReference,
      payoutEntryId: w.payoutEntryId,
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "finance");
  const form = await readForm(request, context);
  const parsed = validateForm(decideWithdrawalForm, form);
  if (!parsed.ok) return { withdrawalId: String(form.get("withdrawalId") ?? ""), errors: parsed.errors };
  const { withdrawalId, intent, reason } = parsed.data;
  try {
    if (intent === "approve") {
      await investing.approveWithdrawal(db, payoutAdapter(), { operatorId: operator.id, withdrawalId, decidedByUserId: session.user.id, secretKey: getConfig().secretKey, smsFor: smsSenderFor });
    } else {
      await investing.rejectWithdrawal(db, { operatorId: operator.id, withdrawalId, decidedByUserId: session.user.id, reason, smsFor: smsSenderFor });
    }
  } catch (error) {
    const errors: FieldErrors = domainErrorToFieldErrors(error);
    return { withdrawalId, errors };
  }
  return redirect(`?done=${intent === "approve" ? "paid" : "rejected"}&show=all#withdrawal-${withdrawalId}`);
}

const TONE = { requested: "amber", paid: "green", rejected: "red" } as const;

export default function FinanceWithdrawals() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t, dateTime } = useI18n();
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">{t("finance.wd.lead", { adapter: data.adapter })}</p>
      {data.done ? <Notice testId="withdrawal-done">{data.done === "paid" ? t("finance.wd.paid") : t("finance.wd.rejected")}</Notice> : null}
      <div className="flex gap-2 text-sm">
        <Link to="?" className={`rounded-full px-3 py-1 ${data.showAll ? "bg-white text-slate-600" : "bg-brand text-white"}`}>
          {t("finance.wd.filter.open")}
        </Link>
        <Link to="?show=all" className={`rounded-full px-3 py-1 ${data.showAll ? "bg-brand text-white" : "bg-white text-slate-600"}`}>
          {t("finance.wd.filter.all")}
        </Link>
      </div>
      {data.withdrawals.length === 0 ? (
        <p className="card text-slate-500">{t("finance.none")}</p>
      ) : (
        <ul className="space-y-3" data-testid="withdrawal-queue">
          {data.withdrawals.map((w) => {
            const errors = result?.withdrawalId === w.id ? result.errors : undefined;
            const error = errors ? Object.values(errors)[0] : undefined;
            return (
              <li key={w.id} id={`withdrawal-${w.id}`} className="card space-y-2" data-status={w.status}>
                <div className="flex items-center justify-between gap-2">
                  <p className="text-lg font-semibold">
                    <Money amount={w.amount} />
                  </p>
                  <StatusBadge tone={TONE[w.status]}>{t(`withdraw.status.${w.status}` as MessageKey)}</StatusBadge>
                </div>
                <p className="text-sm">
                  {w.investor.legalName ?? "—"} · {w.investor.phoneMasked}
                </p>
                <p className="text-sm text-slate-600">
                  {t(`bank.${w.bankCode}` as MessageKey)} {w.bankCardMasked} · {dateTime(w.requestedAt)}
                </p>
                {w.payoutReference ? <p className="text-xs text-slate-500">{t("finance.wd.reference", { reference: w.payoutReference })}</p> : null}
                {w.rejectReason ? <p className="text-sm text-red-800">{t("withdraw.reason", { reason: w.rejectReason })}</p> : null}
                {error ? (
                  <p className="rounded-lg bg-red-50 p-3 text-sm font-medium text-red-800" role="alert">
                    {translateError(t, error)}
                  </p>
                ) : null}
                {w.status === "requested" ? (
                  <PostForm className="space-y-2" replace>
                    <input type="hidden" name="withdrawalId" value={w.id} />
                    <label htmlFor={`reason-${w.id}`} className="block text-sm font-medium">
                      {t("finance.wd.reason")}
                    </label>
                    <input id={`reason-${w.id}`} name="reason" className="field-input" maxLength={300} />
                    <div className="flex gap-2">
                      <button type="submit" name="intent" value="approve" className="btn-primary flex-1" disabled={busy}>
                        {t("finance.wd.approve")}
                      </button>
                      <button type="submit" name="intent" value="reject" className="btn-secondary flex-1" disabled={busy}>
                        {t("finance.wd.reject")}
                      </button>
                    </div>
                  </PostForm>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
