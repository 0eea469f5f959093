import { toCsv } from "../../shared/csv";
import { isCalendarDate } from "../../shared/calendar";
import { Cny } from "../../ledger/money";
import { isAmountText, readCsv, rejected } from "./read-csv";

export const SETTLEMENT_HEADER = ["settlement_id", "request_id", "phone_masked", "deducted_cny", "commission_cny", "net_cny", "deducted_on"] as const;

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
    [...SETTLEMENT_HEADER],
    ...lines.map((l) => [l.settlementId, l.requestId, l.phoneMasked, { amount: l.deducted }, { amount: l.commission }, { amount: l.net }, l.deductedOn]),
  ]);
}

/** The operator's settlement file, read strictly: one settlement id, amounts that add up (net = deducted − commission). */
export function readSettlement(fileBytes: Uint8Array | string): SettlementLine[] {
  const rows = readCsv(fileBytes, SETTLEMENT_HEADER);
  if (rows.length === 0) throw rejected(1, "no lines");
  const lines = rows.map(({ line, cells }) => {
    const [settlementId, requestId, phoneMasked, deducted, commission, net, deductedOn] = cells as [string, string, string, string, string, string, string];
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(settlementId)) throw rejected(line, "bad settlement_id");
    if (settlementId !== rows[0]!.cells[0]) throw rejected(line, "more than one settlement_id");
    if (!/^[A-Za-z0-9]{1,100}$/.test(requestId)) throw rejected(line, "bad request_id");
    for (const amount of [deducted, commission, net]) if (!isAmountText(amount)) throw rejected(line, "bad amount");
    if (!new Cny(deducted).minus(commission).eq(net)) throw rejected(line, "bad amount: net is not deducted − commission");
    if (!new Cny(deducted).gt(0)) throw rejected(line, "bad amount: nothing deducted");
    if (!isCalendarDate(deductedOn)) throw rejected(line, "bad deducted_on date");
    return { line, settlementId, requestId, phoneMasked, deducted, commission, net, deductedOn };
  });
  return lines;
}
