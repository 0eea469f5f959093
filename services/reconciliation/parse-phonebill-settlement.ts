import { amountCell, dateCell, maskedPhoneCell, readTable, rejectFile, requiredText } from "./read-table";
import type { PhonebillSettlementLine } from "./types";

export const PHONEBILL_SETTLEMENT_COLUMNS = [
  "settlement_id",
  "request_id",
  "phone_masked",
  "deducted_cny",
  "commission_cny",
  "net_cny",
  "deducted_on",
] as const;

/**
 * The operator's phone-bill settlement: one settlement per file, each line net of the
 * operator's commission. A net that is not deducted − commission means the operator's
 * transfer cannot be explained, so the file is refused rather than half-trusted.
 */
export function parsePhonebillSettlement(bytes: Uint8Array): PhonebillSettlementLine[] {
  const rows = readTable(bytes, { columns: PHONEBILL_SETTLEMENT_COLUMNS, header: "exact", allowNoLines: false });
  const lines = rows.map((row) => {
    const deductedCny = amountCell(row, "deducted_cny", "positive");
    const commissionCny = amountCell(row, "commission_cny", "non_negative");
    const netCny = amountCell(row, "net_cny", "non_negative");
    if (!deductedCny.minus(commissionCny).eq(netCny)) {
      rejectFile(row.line, "net_mismatch", "net_cny is not deducted_cny − commission_cny");
    }
    return {
      line: row.line,
      raw: row.raw,
      settlementId: requiredText(row, "settlement_id"),
      requestId: requiredText(row, "request_id"),
      phoneMasked: maskedPhoneCell(row, "phone_masked"),
      deductedCny,
      commissionCny,
      netCny,
      deductedOn: dateCell(row, "deducted_on"),
    };
  });
  const first = lines[0]!;
  const other = lines.find((line) => line.settlementId !== first.settlementId);
  if (other) rejectFile(other.line, "mixed_file", `a second settlement_id ${other.settlementId} in one file`);
  return lines;
}
