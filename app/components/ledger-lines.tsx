import { Link } from "@remix-run/react";
import { useI18n } from "./i18n";
import { Money } from "./money";
import type { MessageKey } from "../i18n/messages";
import type { finance } from "../services.server";

export interface LedgerLine {
  accountId: string;
  code: string;
  /** What a person reads instead of the code (services/finance nameAccounts); the code stays as the link's title. */
  name?: finance.AccountName;
  /** Shown beside the code when given (trial balance). */
  type?: string;
  debit: string;
  credit: string;
}

/** Account / debit / credit rows, each account linking to its statement: trial balance, entries, adjustments. */
export function LedgerLinesTable({ lines, base, testId }: { lines: LedgerLine[]; base: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid={testId}>
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-500">
            <th className="py-2 pr-2 font-medium">{t("finance.account")}</th>
            <th className="whitespace-nowrap py-2 pr-2 text-right font-medium">{t("finance.debit")}</th>
            <th className="whitespace-nowrap py-2 text-right font-medium">{t("finance.credit")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.accountId} className="border-b border-slate-100">
              <td className="py-2 pr-2 align-top">
                <Link to={`${base}/accounts/${line.accountId}`} className="text-brand underline" title={line.code} data-code={line.code}>
                  {line.name ? t(`accountFamily.${line.name.family}` as MessageKey) : <span className="break-all">{line.code}</span>}
                </Link>
                {line.name?.person || line.name?.loan || line.name?.store ? (
                  <span className="block text-xs text-slate-600">{[line.name.store, line.name.person, line.name.loan].filter(Boolean).join(" · ")}</span>
                ) : null}
                {line.type ? <span className="ml-1 text-xs text-slate-500">{t(`accountType.${line.type}` as MessageKey)}</span> : null}
              </td>
              <td className="py-2 pr-2 text-right align-top">
                <Money amount={line.debit} blankZero />
              </td>
              <td className="py-2 text-right align-top">
                <Money amount={line.credit} blankZero />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
