import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beijingDate } from "../shared/calendar";

/** One transfer to an investor's bank card. */
export interface PayoutInstruction {
  withdrawalId: string;
  operatorId: string;
  amountCny: string;
  bankCode: string;
  accountNumber: string;
  accountName: string;
  requestedAt: Date;
}

/**
 * The boundary to the custodian bank's payment service. A real adapter submits the
 * transfer and returns the bank's reference; it must be idempotent by withdrawal id
 * (an approval retried after a crash asks again for the same transfer).
 */
export interface PayoutAdapter {
  readonly name: string;
  pay(instruction: PayoutInstruction): Promise<{ reference: string }>;
}

/**
 * Used when no bank is configured: each approved withdrawal becomes a bank transfer file
 * (CSV, one line, UTF-8) under `<dir>/<Beijing date>/<withdrawalId>.csv`, readable only by
 * the portal's user — the file a person would upload to the bank's corporate portal.
 * Writing the same withdrawal again overwrites the same file, so a retry pays once.
 */
export function createSandboxPayoutAdapter(dir: string): PayoutAdapter {
  return {
    name: "sandbox-bank-file",
    async pay(instruction) {
      const day = beijingDate(new Date());
      const folder = path.join(dir, day);
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const reference = `SBX-${instruction.withdrawalId.replace(/-/g, "").slice(0, 16).toUpperCase()}`;
      const header = "reference,withdrawal_id,bank_code,account_number,account_name,amount_cny,currency,requested_at";
      const line = [
        reference,
        instruction.withdrawalId,
        instruction.bankCode,
        instruction.accountNumber,
        `"${instruction.accountName.replace(/"/g, '""')}"`,
        instruction.amountCny,
        "CNY",
        instruction.requestedAt.toISOString(),
      ].join(",");
      writeFileSync(path.join(folder, `${instruction.withdrawalId}.csv`), `${header}\r\n${line}\r\n`, { mode: 0o600 });
      return { reference };
    },
  };
}
