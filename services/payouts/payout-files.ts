import type Decimal from "decimal.js";
import { PAYOUT_INSTRUCTION_PREFIX } from "../bank-exchange/payout-bank";
import { toCsv } from "../shared/csv";
import { amountCell, choiceCell, dateCell, readStatementFile, referenceCell, rejectFile, requiredText } from "../statements/read-statement-file";
import type { LineOrigin } from "../statements/statement-channel";

/**
 * The two files of a bank payout (docs/file-formats.md, "Payout instruction" and "Payout
 * result"); each has one reader, through the project's statement reader, so a file is refused
 * the same way (line and reason) wherever it is read.
 */

/** Our instruction: one payout per file; the reference is the payout's id. */
export const PAYOUT_INSTRUCTION_COLUMNS = ["reference", "kind", "bank", "account_no", "account_name", "amount_cny", "currency", "memo"] as const;

/** The bank's answer, one line per instruction it settled. */
export const PAYOUT_RESULT_COLUMNS = ["reference", "status", "paid_cny", "settled_on", "bank_reference", "message"] as const;

/**
 * SUCCESS: paid in full. Every other status is a failed payout that moved nothing (the
 * bank's reason): ACCOUNT_CLOSED 账户已销户, ACCOUNT_NOT_FOUND 账户不存在, NAME_MISMATCH
 * 户名不符, ACCOUNT_FROZEN 账户冻结, REJECTED 银行拒绝.
 */
export const PAYOUT_RESULT_STATUSES = ["SUCCESS", "ACCOUNT_CLOSED", "ACCOUNT_NOT_FOUND", "NAME_MISMATCH", "ACCOUNT_FROZEN", "REJECTED"] as const;
export type PayoutResultStatus = (typeof PAYOUT_RESULT_STATUSES)[number];

/** Our references are payout ids (UUIDs). */
const PAYOUT_REFERENCE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface PayoutInstructionLine {
  reference: string;
  kind: "withdrawal" | "disbursement";
  bank: string;
  accountNo: string;
  accountName: string;
  amount: string;
  memo: string;
}

export type PayoutResultLine = LineOrigin & {
  reference: string;
  status: PayoutResultStatus;
  paidCny: Decimal;
  settledOn: string;
  bankReference: string;
  message: string;
};

export function payoutInstructionFileName(payoutId: string): string {
  return `${PAYOUT_INSTRUCTION_PREFIX}${payoutId}.csv`;
}

/** Deterministic for a payout: the same payout always gives the same bytes (a re-send is the same file). */
export function writePayoutInstruction(line: PayoutInstructionLine): string {
  return toCsv([
    [...PAYOUT_INSTRUCTION_COLUMNS],
    [line.reference, line.kind, line.bank, line.accountNo, line.accountName, { amount: line.amount }, "CNY", line.memo],
  ]);
}

/** Our instruction read back (the sandbox bank reads what we sent). */
export function readPayoutInstruction(csv: Uint8Array | string): PayoutInstructionLine[] {
  return readStatementFile(csv, { columns: PAYOUT_INSTRUCTION_COLUMNS, header: "exact", allowNoLines: false }).map((row) => ({
    reference: referenceCell(row, "reference", PAYOUT_REFERENCE),
    kind: choiceCell(row, "kind", ["withdrawal", "disbursement"] as const, "bad_kind"),
    bank: requiredText(row, "bank"),
    accountNo: requiredText(row, "account_no"),
    accountName: requiredText(row, "account_name"),
    amount: amountCell(row, "amount_cny", "positive").toFixed(2),
    memo: row.get("memo"),
  }));
}

/**
 * The bank's payout result, strictly: exact header, at least one line, a known status, a
 * SUCCESS that paid something, a failure that paid 0.00, a settlement date. Checks against
 * our payouts (unknown reference, amount other than instructed, a contradicting answer)
 * are importPayoutResults'.
 */
export function readPayoutResult(bytes: Uint8Array | string): PayoutResultLine[] {
  return readStatementFile(bytes, { columns: PAYOUT_RESULT_COLUMNS, header: "exact", allowNoLines: false }).map((row) => {
    const reference = referenceCell(row, "reference", PAYOUT_REFERENCE);
    const status = choiceCell(row, "status", PAYOUT_RESULT_STATUSES, "bad_status");
    const paidCny = amountCell(row, "paid_cny", "non_negative");
    if (status === "SUCCESS" && paidCny.isZero()) rejectFile(row.line, "bad_amount", "a SUCCESS line paid 0.00");
    if (status !== "SUCCESS" && !paidCny.isZero()) rejectFile(row.line, "bad_amount", `a ${status} line must pay 0.00`);
    const settledOn = dateCell(row, "settled_on");
    return { line: row.line, raw: row.raw, reference, status, paidCny, settledOn, bankReference: row.get("bank_reference").trim(), message: row.get("message").trim() };
  });
}

export interface PayoutResultDraft {
  reference: string;
  status: PayoutResultStatus;
  paid: string;
  settledOn: string;
  bankReference: string;
  message: string;
}

/** The result file as the sandbox bank (and tests) write it. */
export function writePayoutResult(lines: readonly PayoutResultDraft[]): string {
  return toCsv([[...PAYOUT_RESULT_COLUMNS], ...lines.map((l) => [l.reference, l.status, { amount: l.paid }, l.settledOn, l.bankReference, l.message])]);
}
