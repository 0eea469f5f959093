import { toCsv } from "../../../shared/csv";
import { SETTLEMENT_COLUMNS } from "./settlement-statement";

/** A settlement line as the (sandbox) operator writes it; reading is settlement-statement.ts. */
export interface SettlementLine {
  settlementId: string;
  requestId: string;
  phoneMasked: string;
  deducted: string;
  commission: string;
  net: string;
  deductedOn: string;
}

export function settlementFileName(operatorSlug: string, date: string): string {
  return `phonebill-settlement-${operatorSlug}-${date.replaceAll("-", "")}.csv`;
}

export function writeSettlement(lines: readonly SettlementLine[]): string {
  return toCsv([
    [...SETTLEMENT_COLUMNS],
    ...lines.map((l) => [l.settlementId, l.requestId, l.phoneMasked, { amount: l.deducted }, { amount: l.commission }, { amount: l.net }, l.deductedOn]),
  ]);
}
