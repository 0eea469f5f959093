import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { orBadRequest } from "../../forms.server";
import { investing } from "../../services.server";
import { useI18n } from "../../components/i18n";
import { Money } from "../../components/money";
import { PageErrorBoundary } from "../../components/page-error-boundary";
import { requireUser } from "../../guard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "store_clerk");
  const r = await orBadRequest(investing.getCashReceipt(db, { operatorId: operator.id, clerkUserId: session.user.id, topUpId: params.topUpId ?? "" }));
  return {
    base: `/o/${operator.slug}`,
    operatorNameZh: operator.nameZh,
    receipt: {
      id: r.topUp.id,
      receiptNo: r.topUp.receiptNo,
      amount: r.topUp.amount,
      createdAt: r.topUp.createdAt.toISOString(),
      entryId: r.topUp.entryId,
      store: r.store,
      clerkName: r.clerkName,
      investor: r.investor,
    },
  };
}

/** Printable receipt (收据): the page prints on its own; header and navigation are hidden in print. */
export default function Receipt() {
  const { base, receipt, operatorNameZh } = useLoaderData<typeof loader>();
  const { t, dateTime } = useI18n();
  const rows: Array<[string, React.ReactNode]> = [
    [t("receipt.no"), receipt.receiptNo],
    [t("receipt.time"), dateTime(receipt.createdAt)],
    [t("receipt.investor"), `${receipt.investor.nameMasked} · ${receipt.investor.phoneMasked}`],
    [t("receipt.amount"), <Money key="amount" amount={receipt.amount} className="text-lg font-bold" />],
    [t("receipt.store"), `${receipt.store.nameZh} (${receipt.store.code})`],
    [t("receipt.address"), receipt.store.addressZh],
    [t("receipt.clerk"), receipt.clerkName ?? "—"],
    [t("receipt.reference"), receipt.id],
  ];
  return (
    <div className="mx-auto max-w-md space-y-4">
      <style>{`@media print { [data-operator] > header, [data-operator] nav, [data-operator] > footer, .no-print { display: none !important; } main { padding: 0 !important; } body { background: #fff; } }`}</style>
      <article className="card space-y-3 print:border-0 print:shadow-none" data-testid="receipt">
        <header className="text-center">
          <p className="text-sm text-slate-500">{operatorNameZh} · {t("app.name")}</p>
          <h1 className="text-xl font-bold">{t("receipt.title")}</h1>
        </header>
        <dl className="divide-y divide-dashed divide-slate-300">
          {rows.map(([k, v]) => (
            <div key={k} className="flex justify-between gap-4 py-2 text-sm">
              <dt className="shrink-0 text-slate-500">{k}</dt>
              <dd className="break-all text-right">{v}</dd>
            </div>
          ))}
        </dl>
        <p className="text-xs text-slate-500">{t("receipt.note")}</p>
        <div className="grid grid-cols-2 gap-6 pt-6 text-sm">
          <p className="border-t border-slate-400 pt-1">{t("receipt.signClerk")}</p>
          <p className="border-t border-slate-400 pt-1">{t("receipt.signInvestor")}</p>
        </div>
      </article>
      <div className="no-print flex gap-2">
        <PrintButton label={t("receipt.print")} />
        <Link to={`${base}/store`} className="btn-secondary flex-1">
          {t("receipt.next")}
        </Link>
      </div>
    </div>
  );
}

function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="btn-primary flex-1" onClick={() => window.print()}>
      {label}
    </button>
  );
}

export const ErrorBoundary = PageErrorBoundary;
