import { useI18n } from "./i18n";

/** An amount as ¥1,234.56, right-aligned digits; empty for a zero debit/credit cell when `blankZero`. */
export function Money({ amount, blankZero = false, className = "" }: { amount: string; blankZero?: boolean; className?: string }) {
  const { money } = useI18n();
  if (blankZero && /^-?0+(\.0+)?$/.test(amount)) return <span className={className} />;
  return <span className={`tabular-nums whitespace-nowrap ${className}`}>{money(amount)}</span>;
}
