import type { repayment } from "../services.server";
import { useI18n } from "./i18n";
import { Money } from "./money";

type DueLine = Pick<repayment.DueLine, "n" | "dueDate" | "total" | "principal" | "interest" | "penalty" | "daysOverdue">;

/** What is due now, an installment a row, overdue ones in red with their days late (borrower's loan page and the store counter). */
export function DueLines({ lines }: { lines: readonly DueLine[] }) {
  const { t, money, date } = useI18n();
  return (
    <ul className="space-y-2">
      {lines.map((line) => (
        <li key={line.n} className={`rounded-lg border p-2 text-sm ${line.daysOverdue > 0 ? "border-red-200 bg-red-50" : "border-slate-200"}`}>
          <div className="flex flex-wrap justify-between gap-x-2">
            <span>{t("storeRepay.installment", { n: line.n, date: date(line.dueDate) })}</span>
            <Money amount={line.total} className="font-semibold" />
          </div>
          <p className="text-xs text-slate-600">
            {t("loanView.allocation", { principal: money(line.principal), interest: money(line.interest), penalty: money(line.penalty) })}
            {line.daysOverdue > 0 ? <strong className="text-red-700"> · {t("storeRepay.overdueDays", { days: line.daysOverdue })}</strong> : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
