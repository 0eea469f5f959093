import { beijingDate } from "../shared/calendar";
import { sumCny } from "../ledger/money";
import type { TheirLine } from "./match-lines";
import type { ParsedStatement, PhonebillSettlementLine } from "./types";

/**
 * Turns a parsed file into the lines the matcher compares. `fileId` names the import so
 * line ids (`<fileId>:<line>`) stay unique when several files are matched together.
 *
 * - Stripe: each balance transaction, reference = its Source (ch_…, re_…, po_…), gross with
 *   the fee beside it, dated on the Beijing day it was created.
 * - Custody statement: signed by direction (DR is negative).
 * - Passbook result: only SUCCESS lines; a failed debit moved no money, so there is
 *   nothing to reconcile (the repayment service records the failure).
 * - Phone-bill settlement: one group line for the settlement — gross deducted, commission
 *   as fee, the request ids as members — because the operator pays the net in one transfer.
 * - Store cash: reference = the receipt number.
 */
export function theirLinesFromStatement(statement: ParsedStatement, fileId: string): TheirLine[] {
  const id = (line: number) => `${fileId}:${line}`;
  switch (statement.source) {
    case "stripe_balance":
      return statement.lines.map((line) => ({
        id: id(line.line),
        source: statement.source,
        ...(line.sourceId !== "" && { reference: line.sourceId }),
        amountCny: line.amountCny,
        feeCny: line.feeCny,
        date: beijingDate(line.createdAt),
        kind: line.type,
        raw: line.raw,
      }));
    case "custody_statement":
      return statement.lines.map((line) => ({
        id: id(line.line),
        source: statement.source,
        reference: line.reference,
        amountCny: line.direction === "DR" ? line.amountCny.negated() : line.amountCny,
        date: line.valueDate,
        kind: line.direction,
        raw: line.raw,
      }));
    case "passbook_result":
      return statement.lines
        .filter((line) => line.status === "SUCCESS")
        .map((line) => ({
          id: id(line.line),
          source: statement.source,
          reference: line.reference,
          amountCny: line.debitedCny,
          date: line.settledOn,
          kind: line.status,
          raw: line.raw,
        }));
    case "phonebill_settlement":
      return settlementGroups(statement.lines).map((lines) => {
        const first = lines[0]!;
        return {
          id: id(first.line),
          source: statement.source,
          reference: first.settlementId,
          amountCny: sumCny(lines.map((line) => line.deductedCny)),
          feeCny: sumCny(lines.map((line) => line.commissionCny)),
          group: {
            key: first.settlementId,
            memberReferences: lines.map((line) => line.requestId),
            netCny: sumCny(lines.map((line) => line.netCny)),
          },
          date: lines.map((line) => line.deductedOn).sort().at(-1)!,
          kind: "SETTLEMENT",
        };
      });
    case "store_cash":
      return statement.lines.map((line) => ({
        id: id(line.line),
        source: statement.source,
        reference: line.receiptNo,
        amountCny: line.amountCny,
        date: line.businessDate,
        kind: line.kind,
        raw: line.raw,
      }));
  }
}

function settlementGroups(lines: readonly PhonebillSettlementLine[]): PhonebillSettlementLine[][] {
  const groups = new Map<string, PhonebillSettlementLine[]>();
  for (const line of lines) groups.set(line.settlementId, [...(groups.get(line.settlementId) ?? []), line]);
  return [...groups.values()];
}
