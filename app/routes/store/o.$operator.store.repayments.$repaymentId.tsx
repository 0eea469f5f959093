import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { orBadRequest } from "../../forms.server";
import { repayment } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "store_clerk");
  const r = await orBadRequest(repayment.getStoreRepaymentReceipt(db, { operatorId: operator.id, clerkUserId: session.user.id, repaymentId: params.repaymentId ?? "" }));
  return {
    base: `/o/${operator.slug}`,
    operatorNameZh: operator.nameZh,
    receipt: {
      id: r.repayment.id,
      receiptNo: r.repayment.reference,
      kind: r.repayment.kind as "installment" | "payoff",
      amount: r.repayment.amount,
      penalty: r.repayment.penalty,
      interest: r.repayment.interest,
      principal: r.repayment.principal,
      overpayment: r.repayment.overpayment,
      receivedAt: r.repayment.receivedAt.toISOString(),
      store: r.store,
      clerkName: r.clerkName,
      borrower: r.borrower,
      loan: { loanId: r.loan.loanId, loanNo: r.loan.loanNo, status: r.loan.status, dueTotal: r.loan.due.total, nextDueDate: r.loan.due.ahead ? r.loan.due.lines[0]!.dueDate : null, payoffTotal: r.loan.payoffTotal },
    },
  };
}

/** Printable repayment receipt (还款收据): header and navigation are hidden in print. */
export default function RepaymentReceipt() {
  const { base, receipt, operatorNameZh } = useLoaderData<typeof loader>();
  const { t, date, dateTime } = useI18n();
  const closed = receipt.loan.status === "closed";
  const rows: Array<[string, React.ReactNode]> = [
    [t("storeReceipt.no"), receipt.receiptNo],
    [t("storeReceipt.time"), dateTime(receipt.receivedAt)],
    [t("storeReceipt.borrower"), `${receipt.borrower.nameMasked} · ${receipt.borrower.phoneMasked}`],
    [t("storeReceipt.loan"), receipt.loan.loanNo],
    [t("storeReceipt.kind"), t(`storeRepay.kind.${receipt.kind}`)],
    [t("storeReceipt.amount"), <Money key="amount" amount={receipt.amount} className="text-lg font-bold" />],
  ];
  const allocation: Array<[string, string]> = [
    [t("storeRepay.penalty"), receipt.penalty],
    [t("storeRepay.interest"), receipt.interest],
    [t("storeRepay.principal"), receipt.principal],
    [t("storeReceipt.overpayment"), receipt.overpayment],
  ];
  const after: Array<[string, React.ReactNode]> = [
    [t("storeReceipt.store"), `${receipt.store.nameZh} (${receipt.store.code})`],
    [t("receipt.address"), receipt.store.addressZh],
    [t("storeReceipt.clerk"), receipt.clerkName ?? "—"],
  ];
  const dl = (items: Array<[string, React.ReactNode]>) => (
    <dl className="divide-y divide-dashed divide-slate-300">
      {items.map(([k, v]) => (
        <div key={k} className="flex justify-between gap-4 py-2 text-sm">
          <dt className="shrink-0 text-slate-500">{k}</dt>
          <dd className="break-all text-right">{v}</dd>
        </div>
      ))}
    </dl>
  );
  return (
    <div className="mx-auto max-w-md space-y-4">
      <style>{`@media print { [data-operator] > header, [data-operator] nav, [data-operator] > footer, .no-print { display: none !important; } main { padding: 0 !important; } body { background: #fff; } }`}</style>
      <article className="card space-y-3 print:border-0 print:shadow-none" data-testid="repayment-receipt">
        <header className="text-center">
          <p className="text-sm text-slate-500">
            {operatorNameZh} · {t("app.name")}
          </p>
          <h1 className="text-xl font-bold">{t("storeReceipt.title")}</h1>
        </header>
        {dl(rows)}
        <h2 className="pt-1 text-sm font-semibold">{t("storeReceipt.allocation")}</h2>
        <dl className="grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm" data-testid="receipt-allocation">
          {allocation.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-slate-600">{k}</dt>
              <dd className="text-right">
                <Money amount={v} />
              </dd>
            </div>
          ))}
        </dl>
        <div className="rounded-lg bg-slate-50 p-2 text-sm" data-testid="receipt-remaining">
          {closed ? (
            <p className="font-semibold text-green-800">{t("storeReceipt.closed")}</p>
          ) : (
            <>
              <p className="flex justify-between gap-2">
                <span>{receipt.loan.nextDueDate ? t("storeReceipt.nextDue", { date: date(receipt.loan.nextDueDate) }) : t("storeReceipt.remaining")}</span>
                <Money amount={receipt.loan.dueTotal} className="font-semibold" />
              </p>
              {receipt.loan.payoffTotal ? (
                <p className="flex justify-between gap-2 text-slate-600">
                  <span>{t("storeReceipt.payoffToday")}</span>
                  <Money amount={receipt.loan.payoffTotal} />
                </p>
              ) : null}
            </>
          )}
        </div>
        {dl(after)}
        <p className="text-xs text-slate-500">{t("storeReceipt.note")}</p>
        <div className="grid grid-cols-2 gap-6 pt-6 text-sm">
          <p className="border-t border-slate-400 pt-1">{t("receipt.signClerk")}</p>
          <p className="border-t border-slate-400 pt-1">{t("storeReceipt.signBorrower")}</p>
        </div>
      </article>
      <div className="no-print flex flex-wrap gap-2">
        <button type="button" className="btn-primary flex-1" onClick={() => window.print()}>
          {t("receipt.print")}
        </button>
        <Link to={`${base}/store/repay`} className="btn-secondary flex-1">
          {t("storeReceipt.next")}
        </Link>
        {closed ? (
          <a href={`${base}/store/certificates/${receipt.loan.loanId}.pdf`} className="btn-secondary w-full" data-testid="print-certificate">
            {t("storeReceipt.certificate")}
          </a>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = PageErrorBoundary;
