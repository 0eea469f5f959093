import { formatCny } from "../../../ledger/money";
import { toCsv } from "../../../shared/csv";
import { defineStatementChannel } from "../../../statements/statement-channel";
import { listRepaymentsOnChannel } from "../list-repayments-on-channel";
import { DEBIT_RESULT_COLUMNS, readDebitResult } from "./debit-result-statement";
import { PASSBOOK_CLEARING } from "./clearing";
import { itemRange as dayRange } from "../../../statements/day-range";

/**
 * The bank's debit result as reconciliation reads it (statement `passbook_result`):
 * only SUCCESS lines are matched (a failed debit moved no money, so there is nothing to
 * reconcile; importPassbookResults records the failure), against the channel's
 * repayments (reference = the instruction reference).
 */
export const DEBIT_RESULT_STATEMENT = defineStatementChannel({
  source: "passbook_result",
  columns: DEBIT_RESULT_COLUMNS,
  read: readDebitResult,
  storedLines: (lines) =>
    lines.map((l) => ({ lineNo: l.line, raw: l.raw, reference: l.reference, amount: l.debitedCny, fee: null, date: l.settledOn, kind: l.status, groupKey: null })),
  theirLines: (lines, fileId) =>
    lines
      .filter((line) => line.status === "SUCCESS")
      .map((line) => ({ id: `${fileId}:${line.line}`, source: "passbook_result", reference: line.reference, amountCny: line.debitedCny, date: line.settledOn, kind: line.status, raw: line.raw })),
  async listOurItems(db, range) {
    const rows = await listRepaymentsOnChannel(db, "passbook_debit", range);
    return rows.map((r) => ({ id: `repayment:${r.id}`, reference: r.reference, amountCny: r.amountCny, date: r.date, entryIds: r.entryIds, label: `存折划扣还款 ${r.reference}` }));
  },
  clearing: { code: PASSBOOK_CLEARING.code },
  feeAccount: PASSBOOK_CLEARING,
  async sandboxStatements(db, { operatorId, date }) {
    const items = await this.listOurItems(db, dayRange(operatorId, date));
    if (items.length === 0) return []; // a result always answers a batch: no file for a quiet day
    const csv = toCsv([[...DEBIT_RESULT_COLUMNS], ...items.map((i) => [i.reference!, "SUCCESS", { amount: formatCny(i.amountCny) }, i.date, "扣款成功"])]);
    return [{ source: "passbook_result", fileName: `passbook-result-sandbox-${date.replace(/-/g, "")}-1.csv`, bytes: new TextEncoder().encode(csv) }];
  },
});
