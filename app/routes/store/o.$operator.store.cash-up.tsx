import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { domainErrorToFieldErrors, orBadRequest, readForm, validateForm } from "../../forms.server";
import { repayment } from "../../services.server";
import { FormError, PostForm } from "../../components/forms";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "store_clerk");
  const day = await orBadRequest(repayment.getStoreDay(db, { operatorId: operator.id, clerkUserId: session.user.id }));
  return {
    base: `/o/${operator.slug}`,
    store: { code: day.store.code, nameZh: day.store.nameZh, nameEn: day.store.nameEn },
    businessDate: day.businessDate,
    repaymentCount: day.repaymentCount,
    repaymentTotal: day.repaymentTotal,
    topUpCount: day.topUpCount,
    topUpTotal: day.topUpTotal,
    disbursementCount: day.disbursementCount,
    disbursementTotal: day.disbursementTotal,
    total: day.total,
    closedAt: day.cashUp?.closedAt.toISOString() ?? null,
    lines: day.lines.map((l) => ({ id: l.id, kind: l.kind, receiptNo: l.receiptNo, amount: l.amount, at: l.at.toISOString() })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "store_clerk");
  const form = await readForm(request, context);
  const parsed = validateForm(z.object({ confirm: z.literal("close", { message: "repayment.invalid_date" }) }), form);
  if (!parsed.ok) return { errors: parsed.errors };
  try {
    await repayment.closeStoreDay(db, { operatorId: operator.id, clerkUserId: session.user.id });
    return redirect(`/o/${operator.slug}/store/cash-up`);
  } catch (error) {
    return { errors: domainErrorToFieldErrors(error) };
  }
}

export default function CashUp() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t, date, locale, dateTime } = useI18n();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{t("cashUp.title")}</h1>
      <p className="text-slate-600">
        {locale === "zh-CN" ? d.store.nameZh : d.store.nameEn} ({d.store.code}) · {t("cashUp.date", { date: date(d.businessDate) })}
      </p>
      <section className="card" data-testid="cash-up-totals">
        <dl className="grid grid-cols-[1fr_auto_auto] gap-x-3 gap-y-2 text-sm">
          <dt>{t("cashUp.repayments")}</dt>
          <dd className="text-right text-slate-600">{t("cashUp.count", { count: d.repaymentCount })}</dd>
          <dd className="text-right">
            <Money amount={d.repaymentTotal} />
          </dd>
          <dt>{t("cashUp.topUps")}</dt>
          <dd className="text-right text-slate-600">{t("cashUp.count", { count: d.topUpCount })}</dd>
          <dd className="text-right">
            <Money amount={d.topUpTotal} />
          </dd>
          {d.disbursementCount > 0 ? (
            <>
              <dt>{t("cashUp.disbursements")}</dt>
              <dd className="text-right text-slate-600">{t("cashUp.count", { count: d.disbursementCount })}</dd>
              <dd className="text-right">
                −<Money amount={d.disbursementTotal} />
              </dd>
            </>
          ) : null}
          <dt className="font-semibold">{t(d.total.startsWith("-") ? "cashUp.owedToStore" : "cashUp.total")}</dt>
          <dd />
          <dd className="text-right text-lg font-bold" data-testid="cash-up-total">
            <Money amount={d.total.replace(/^-/, "")} />
          </dd>
        </dl>
      </section>
      {d.closedAt ? (
        <p className="card border-green-300 bg-green-50 font-medium text-green-900" role="status" data-testid="cash-up-closed">
          {t("cashUp.closed", { time: dateTime(d.closedAt) })}
        </p>
      ) : (
        <PostForm className="card space-y-2" replace>
          <FormError errors={result?.errors} />
          <input type="hidden" name="confirm" value="close" />
          <p className="text-sm text-slate-600">{t("cashUp.closeHint")}</p>
          <button type="submit" className="btn-primary w-full" disabled={busy} data-testid="close-day">
            {t("cashUp.close")}
          </button>
        </PostForm>
      )}
      <a href={`${d.base}/store/cash-up.csv?date=${d.businessDate}`} className="btn-secondary w-full" download data-testid="cash-report">
        {t("cashUp.download")}
      </a>
      <section className="card space-y-2">
        <h2 className="text-lg font-semibold">{t("cashUp.lines")}</h2>
        {d.lines.length === 0 ? (
          <p className="text-sm text-slate-500">{t("cashUp.none")}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="cash-up-lines">
            {d.lines.map((l) => (
              <li key={l.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                <span className="min-w-0">
                  <span className="font-medium">{t(`cashUp.kind.${l.kind}`)}</span> · {l.receiptNo}
                  <span className="block text-xs text-slate-500">{dateTime(l.at)}</span>
                </span>
                <Link to={l.kind === "REPAYMENT" ? `${d.base}/store/repayments/${l.id}` : `${d.base}/store/receipts/${l.id}`} className="font-medium text-brand underline">
                  <Money amount={l.amount} />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
