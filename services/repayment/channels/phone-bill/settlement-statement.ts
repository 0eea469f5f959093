import type Decimal from "decimal.js";
import { amountCell, dateCell, maskedPhoneCell, readStatementFile, referenceCell, rejectFile } from "../../../statements/read-statement-file";
import type { LineOrigin } from "../../../statements/statement-channel";

export const SETTLEMENT_COLUMNS = ["settlement_id", "request_id", "phone_masked", "deducted_cny", "commission_cny", "net_cny", "deducted_on"] as const;

/** The operator's settlement ids (`ST20260215U`) and our deduction request ids. */
const SETTLEMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const REQUEST_ID = /^[A-Za-z0-9]{1,100}$/;

export type SettlementStatementLine = LineOrigin & {
  settlementId: string;
  requestId: string;
  phoneMasked: string;
  deductedCny: Decimal;
  commissionCny: Decimal;
  netCny: Decimal;
  deductedOn: string;
};

/**
 * The operator's settlement file: the one reader, used when finance records a settlement
 * on the channel's page and by reconciliation. One settlement per file, each line net of
 * the operator's commission. A net that is not deducted − commission means the operator's
 * transfer cannot be explained, so the file is refused rather than half-trusted; a
 * settlement always pays something, so a header without lines is refused too.
 */
export function readSettlement(bytes: Uint8Array | string): SettlementStatementLine[] {
  const rows = readStatementFile(bytes, { columns: SETTLEMENT_COLUMNS, header: "exact", allowNoLines: false });
  const lines = rows.map((row) => {
    const deductedCny = amountCell(row, "deducted_cny", "positive");
    const commissionCny = amountCell(row, "commission_cny", "non_negative");
    const netCny = amountCell(row, "net_cny", "non_negative");
    if (!deductedCny.minus(commissionCny).eq(netCny)) rejectFile(row.line, "net_mismatch", "net_cny is not deducted_cny − commission_cny");
    return {
      line: row.line,
      raw: row.raw,
      settlementId: referenceCell(row, "settlement_id", SETTLEMENT_ID),
      requestId: referenceCell(row, "request_id", REQUEST_ID),
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
