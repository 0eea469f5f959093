import type { ReactNode } from "react";
import { useI18n } from "./i18n";
import { Money } from "./money";
import type { MessageKey } from "../i18n/messages";

const TONE: Record<string, string> = {
  draft: "bg-slate-100 text-slate-700",
  referred: "bg-amber-50 text-amber-900",
  in_review: "bg-sky-50 text-sky-900",
  pending_confirmation: "bg-amber-50 text-amber-900",
  approved: "bg-green-50 text-green-800",
  rejected: "bg-red-50 text-red-800",
  withdrawn: "bg-slate-100 text-slate-700",
  declined: "bg-slate-100 text-slate-700",
  expired: "bg-slate-100 text-slate-700",
  signed: "bg-green-50 text-green-800",
  funding: "bg-sky-50 text-sky-900",
  funded: "bg-green-50 text-green-800",
  disbursing: "bg-sky-50 text-sky-900",
  disbursed: "bg-green-100 text-green-900",
  closed: "bg-slate-100 text-slate-700",
  failed: "bg-red-50 text-red-800",
};

/** An application's status, or its loan's once signed. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <span className={`inline-block shrink-0 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${TONE[status] ?? "bg-slate-100"}`} data-testid={testId} data-status={status}>
      {t(`borrow.status.${status}` as MessageKey)}
    </span>
  );
}

export interface ScheduleRow {
  n: number;
  dueDate?: string | null;
  principal: string;
  interest: string;
  /** The installment's payment (principal + interest); the loan page's schedule shows `paid` instead. */
  payment?: string;
  /** What has been paid on it (the loan page's schedule shows this instead of the payment). */
  paid?: string;
  status?: string;
}

/**
 * The repayment schedule as a compact table that fits a 360-px screen (amounts in yuan, no
 * currency sign per cell). The last column is each installment's payment, or with
 * `lastColumn="paid"` what has been paid on it (paid installments greyed).
 */
export function ScheduleTable({
  rows,
  highlight,
  testId = "schedule",
  lastColumn = "payment",
}: {
  rows: ScheduleRow[];
  highlight?: number | null;
  testId?: string;
  lastColumn?: "payment" | "paid";
}) {
  const { t, money, date } = useI18n();
  const yuan = (amount: string) => money(amount).replace("¥", "");
  return (
    <div className="-mx-1 overflow-x-auto">
      <table className="w-full text-xs tabular-nums sm:text-sm" data-testid={testId}>
        <caption className="pb-1 text-left text-xs text-slate-500">{t("borrow.schedule.caption")}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-500">
            <th className="px-0.5 py-1 font-medium">{t("borrow.schedule.n")}</th>
            <th className="px-0.5 py-1 font-medium">{t("borrow.schedule.due")}</th>
            <th className="px-0.5 py-1 text-right font-medium">{t("borrow.schedule.principal")}</th>
            <th className="px-0.5 py-1 text-right font-medium">{t("borrow.schedule.interest")}</th>
            <th className="px-0.5 py-1 text-right font-medium">{t(lastColumn === "paid" ? "loanView.paid" : "borrow.schedule.payment")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.n}
              className={`border-b border-slate-100 ${highlight === r.n ? "bg-brand-soft font-semibold" : ""} ${r.status === "paid" ? "text-slate-400" : ""}`}
              data-n={r.n}
              data-status={r.status}
            >
              <td className="px-0.5 py-1">{r.n}</td>
              <td className="px-0.5 py-1 whitespace-nowrap">{r.dueDate ? date(r.dueDate) : t("borrow.schedule.afterDisbursement", { n: r.n })}</td>
              <td className="px-0.5 py-1 text-right">{yuan(r.principal)}</td>
              <td className="px-0.5 py-1 text-right">{yuan(r.interest)}</td>
              <td className="px-0.5 py-1 text-right">{yuan((lastColumn === "paid" ? r.paid : r.payment) ?? "0")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Facts({ items, testId }: { items: Array<[string, ReactNode]>; testId?: string }) {
  return (
    <dl className="divide-y divide-slate-100 text-sm" data-testid={testId}>
      {items.map(([label, value]) => (
        <div key={label} className="flex justify-between gap-3 py-1.5">
          <dt className="shrink-0 text-slate-500">{label}</dt>
          <dd className="text-right font-medium break-all">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface OfferView {
  productNameZh: string;
  productNameEn: string;
  productCode: string;
  productVersion: number;
  amount: string;
  rate: string;
  termMonths: number;
  method: string;
  totalRepay: string;
  totalInterest: string;
  cost: string;
  cap: string;
  installments: ScheduleRow[];
}

export function OfferSummary({ offer, withSchedule = true }: { offer: OfferView; withSchedule?: boolean }) {
  const { t, locale } = useI18n();
  return (
    <div className="space-y-3" data-testid="offer">
      <Facts
        items={[
          [t("borrow.offer.product"), `${locale === "zh-CN" ? offer.productNameZh : offer.productNameEn} · ${offer.productCode} v${offer.productVersion}`],
          [t("borrow.offer.amount"), <Money key="a" amount={offer.amount} />],
          [t("borrow.offer.rate"), offer.rate],
          [t("borrow.offer.term"), t("borrow.months", { n: offer.termMonths })],
          [t("borrow.offer.method"), t(`method.${offer.method}` as MessageKey)],
          [t("borrow.offer.totalInterest"), <Money key="i" amount={offer.totalInterest} />],
          [t("borrow.offer.totalRepay"), <Money key="r" amount={offer.totalRepay} />],
          [t("borrow.offer.cost"), <span key="c" data-testid="offer-cost">{offer.cost}</span>],
        ]}
      />
      <p className="text-xs text-slate-500">{t("borrow.offer.costNote", { cap: offer.cap })}</p>
      {withSchedule ? <ScheduleTable rows={offer.installments} /> : null}
    </div>
  );
}

export interface TimelineItem {
  id: string;
  kind: string;
  at: string;
  actor: string | null;
  note: string | null;
}

export function Timeline({ items }: { items: TimelineItem[] }) {
  const { t, dateTime } = useI18n();
  return (
    <ol className="relative space-y-3 border-l-2 border-slate-200 pl-4" data-testid="timeline">
      {items.map((e) => (
        <li key={e.id} className="relative" data-kind={e.kind}>
          <span className="absolute -left-[1.4rem] top-1 size-3 rounded-full bg-brand" aria-hidden="true" />
          <p className="font-medium">{t(`borrow.event.${e.kind}` as MessageKey)}</p>
          <p className="text-xs text-slate-500">
            {dateTime(e.at)}
            {e.actor ? ` · ${e.actor}` : ""}
          </p>
          {e.note ? <p className="text-sm text-slate-600">{e.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}

export function Notice({ children, tone = "green", testId }: { children: ReactNode; tone?: "green" | "amber" | "red"; testId?: string }) {
  const cls = tone === "green" ? "bg-green-50 text-green-800" : tone === "amber" ? "bg-amber-50 text-amber-900" : "bg-red-50 text-red-800";
  return (
    <p className={`rounded-lg p-3 text-sm font-medium ${cls}`} role="status" data-testid={testId}>
      {children}
    </p>
  );
}
