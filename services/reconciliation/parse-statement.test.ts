import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors";
import { parseCustodyStatement } from "./parse-custody-statement";
import { readDebitResult as parsePassbookResult } from "../repayment/channels/passbook-debit/debit-result-statement";
import { readSettlement as parsePhonebillSettlement } from "../repayment/channels/phone-bill/settlement-statement";
import { readStoreCashReport as parseStoreCash } from "../repayment/channels/store-cash/store-cash-statement";
import { STATEMENT_SOURCES } from "./channels";
import { parseStatement } from "./parse-statement";
import { parseStripeBalance } from "./parse-stripe-balance";
import type { StatementSource } from "./types";

function fixture(name: string): Buffer {
  return readFileSync(join(import.meta.dirname, "fixtures", name));
}

function bytes(text: string): Buffer {
  return Buffer.from(text, "utf8");
}

/** Runs a parser expecting the whole file refused, and returns the error's details. */
function rejection(parse: () => unknown): { line: number; reason: string; message: string } {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("statement.file_rejected");
    return (error as DomainError).details as { line: number; reason: string; message: string };
  }
  throw new Error("the file was accepted");
}

describe("parseStripeBalance", () => {
  it("reads Stripe's export, ignoring the columns we do not use", () => {
    const lines = parseStripeBalance(fixture("stripe-balance.csv"));
    expect(lines).toHaveLength(4);
    const [charge, second, refund, payout] = lines;
    expect(charge).toMatchObject({ line: 2, id: "txn_3QAa1BcD", type: "charge", sourceId: "ch_3QAa1BcD", description: "充值 TU-20261120-0001, 张伟" });
    expect(charge!.amountCny.toFixed(2)).toBe("1000.00");
    expect(charge!.feeCny.toFixed(2)).toBe("34.00");
    expect(charge!.netCny.toFixed(2)).toBe("966.00");
    expect(charge!.createdAt.toISOString()).toBe("2026-11-20T02:15:00.000Z");
    expect(charge!.raw.startsWith("txn_3QAa1BcD,charge,")).toBe(true);
    expect(second!.description).toBe('充值 TU-20261120-0002 "王芳"');
    expect(second!.createdAt.toISOString()).toBe("2026-11-20T06:40:12.000Z");
    expect(refund!.amountCny.toFixed(2)).toBe("-200.00");
    expect(payout).toMatchObject({ line: 5, type: "payout", sourceId: "po_1QZz9XyZ" });
  });

  it("accepts the columns in another order and a quiet period with no lines", () => {
    const text = "Description,Net,Fee,Amount,Source,Type,id,Currency,Available On (UTC),Created (UTC)\r\n退款,-5.00,0.00,-5.00,re_1,refund,txn_1,CNY,2026-11-21 00:00,2026-11-20 23:59\r\n";
    expect(parseStripeBalance(bytes(text))[0]).toMatchObject({ id: "txn_1", type: "refund", description: "退款" });
    expect(parseStripeBalance(bytes("id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Available On (UTC),Description\n"))).toEqual([]);
  });

  it("refuses a file without a column we read", () => {
    expect(rejection(() => parseStripeBalance(fixture("stripe-balance-missing-column.csv")))).toMatchObject({ line: 1, reason: "wrong_columns" });
  });

  it("refuses Net ≠ Amount − Fee, another currency and a bad time", () => {
    const header = "id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Available On (UTC),Description\n";
    const good = "txn_1,charge,ch_1,100.00,3.40,96.60,cny,2026-11-20 02:15,2026-11-27 00:00,x\n";
    expect(rejection(() => parseStripeBalance(bytes(header + good + "txn_2,charge,ch_2,100.00,3.40,96.61,cny,2026-11-20 02:15,2026-11-27 00:00,x\n")))).toMatchObject({ line: 3, reason: "net_mismatch" });
    expect(rejection(() => parseStripeBalance(bytes(header + "txn_2,charge,ch_2,100.00,3.40,96.60,usd,2026-11-20 02:15,2026-11-27 00:00,x\n")))).toMatchObject({ line: 2, reason: "bad_currency" });
    expect(rejection(() => parseStripeBalance(bytes(header + "txn_2,charge,ch_2,100.00,3.40,96.60,cny,2026-02-30 02:15,2026-11-27 00:00,x\n")))).toMatchObject({ line: 2, reason: "bad_date" });
  });
});

describe("parseCustodyStatement", () => {
  it("reads the bank's statement (BOM, CRLF, quoted memo with a comma)", () => {
    const lines = parseCustodyStatement(fixture("custody-statement.csv"));
    expect(lines.map((line) => [line.line, line.reference, line.direction, line.amountCny.toFixed(2)])).toEqual([
      [2, "PDS20261121", "CR", "3650.00"],
      [3, "ST-CM-20261120", "CR", "1181.00"],
      [4, "WD20261121000087", "DR", "5000.00"],
      [5, "B2026112100091", "CR", "7000.00"],
    ]);
    expect(lines[0]).toMatchObject({ valueDate: "2026-11-21", counterparty: "中国邮政储蓄银行", memo: "存折代扣归集, 2 笔成功" });
    expect(lines.map((line) => line.balanceCny.toFixed(2))).toEqual(["13650.00", "14831.00", "9831.00", "16831.00"]);
  });

  it("accepts a day without movements", () => {
    expect(parseCustodyStatement(bytes("value_date,reference,direction,amount_cny,counterparty,memo,balance_cny\n"))).toEqual([]);
  });

  it("refuses columns in the wrong order and an unknown direction", () => {
    expect(rejection(() => parseCustodyStatement(fixture("custody-statement-wrong-columns.csv")))).toMatchObject({ line: 1, reason: "wrong_columns" });
    expect(rejection(() => parseCustodyStatement(fixture("custody-statement-bad-direction.csv")))).toMatchObject({ line: 3, reason: "bad_direction" });
  });

  it("refuses a line with a missing cell and a non-amount", () => {
    const header = "value_date,reference,direction,amount_cny,counterparty,memo,balance_cny\r\n";
    expect(rejection(() => parseCustodyStatement(bytes(header + "2026-11-21,R1,CR,10.00,张三,x\r\n")))).toMatchObject({ line: 2, reason: "wrong_columns" });
    expect(rejection(() => parseCustodyStatement(bytes(header + "2026-11-21,R1,CR,\"1,000.00\",张三,x,0\r\n")))).toMatchObject({ line: 2, reason: "bad_amount" });
    expect(rejection(() => parseCustodyStatement(bytes(header + "2026-11-21,R1,CR,¥10.00,张三,x,0\r\n")))).toMatchObject({ line: 2, reason: "bad_amount" });
    expect(rejection(() => parseCustodyStatement(bytes(header + "2026-11-21,R1,CR,10.00,张三,x,十元\r\n")))).toMatchObject({ line: 2, reason: "bad_amount" });
    expect(rejection(() => parseCustodyStatement(bytes(header + "2026-11-21,,CR,10.00,张三,x,10.00\r\n")))).toMatchObject({ line: 2, reason: "missing_value" });
  });

  it("counts lines across a quoted line break", () => {
    const header = "value_date,reference,direction,amount_cny,counterparty,memo,balance_cny\n";
    const text = header + '2026-11-21,R1,CR,10.00,张三,"两行\n备注",10.00\n2026-11-21,R2,CR,1.001,李四,x,11.00\n';
    expect(rejection(() => parseCustodyStatement(bytes(text)))).toMatchObject({ line: 4, reason: "bad_amount" });
  });
});

describe("parsePassbookResult", () => {
  it("reads the bank's debit result", () => {
    const lines = parsePassbookResult(fixture("passbook-result.csv"));
    expect(lines.map((line) => [line.reference, line.status, line.debitedCny.toFixed(2), line.message])).toEqual([
      ["PD20261121U000123", "SUCCESS", "1216.67", ""],
      ["PD20261121U000124", "INSUFFICIENT_FUNDS", "0.00", "余额不足"],
      ["PD20261121U000125", "SUCCESS", "2433.33", "扣款成功"],
      ["PD20261121U000126", "ACCOUNT_CLOSED", "0.00", "账户已销户, 请联系借款人"],
    ]);
  });

  it("refuses more than two decimals, an unknown status and a header without lines", () => {
    expect(rejection(() => parsePassbookResult(fixture("passbook-result-bad-amount.csv")))).toMatchObject({ line: 3, reason: "bad_amount" });
    expect(rejection(() => parsePassbookResult(fixture("passbook-result-bad-status.csv")))).toMatchObject({ line: 3, reason: "bad_status" });
    expect(rejection(() => parsePassbookResult(fixture("passbook-result-header-only.csv")))).toMatchObject({ line: 1, reason: "empty" });
  });

  it("refuses money on a failed debit", () => {
    const text = "reference,status,debited_cny,settled_on,message\nPD1,ACCOUNT_CLOSED,10.00,2026-11-21,\n";
    expect(rejection(() => parsePassbookResult(bytes(text)))).toMatchObject({ line: 2, reason: "bad_amount" });
  });
});

describe("parsePhonebillSettlement", () => {
  it("reads the operator's settlement", () => {
    const lines = parsePhonebillSettlement(fixture("phonebill-settlement.csv"));
    expect(lines.map((line) => [line.requestId, line.deductedCny.toFixed(2), line.commissionCny.toFixed(2), line.netCny.toFixed(2)])).toEqual([
      ["PB20261120000001", "500.00", "10.00", "490.00"],
      ["PB20261120000002", "300.00", "6.00", "294.00"],
      ["PB20261120000003", "405.10", "8.10", "397.00"],
    ]);
    expect(lines[0]).toMatchObject({ settlementId: "ST-CM-20261120", phoneMasked: "138****0001", deductedOn: "2026-11-20" });
  });

  it("refuses net ≠ deducted − commission, two settlements in one file and an unmasked phone", () => {
    expect(rejection(() => parsePhonebillSettlement(fixture("phonebill-settlement-net-mismatch.csv")))).toMatchObject({ line: 3, reason: "net_mismatch" });
    const header = "settlement_id,request_id,phone_masked,deducted_cny,commission_cny,net_cny,deducted_on\n";
    const mixed = header + "ST1,PB1,138****0001,5.00,0.10,4.90,2026-11-20\nST2,PB2,138****0002,5.00,0.10,4.90,2026-11-20\n";
    expect(rejection(() => parsePhonebillSettlement(bytes(mixed)))).toMatchObject({ line: 3, reason: "mixed_file" });
    const unmasked = header + "ST1,PB1,13800000001,5.00,0.10,4.90,2026-11-20\n";
    expect(rejection(() => parsePhonebillSettlement(bytes(unmasked)))).toMatchObject({ line: 2, reason: "bad_phone" });
  });
});

describe("parseStoreCash", () => {
  it("reads a store's daily cash report", () => {
    const lines = parseStoreCash(fixture("store-cash.csv"));
    expect(lines.map((line) => [line.line, line.receiptNo, line.kind, line.amountCny.toFixed(2)])).toEqual([
      [2, "R2026112100001", "REPAYMENT", "1216.67"],
      [3, "R2026112100002", "TOP_UP", "5000.00"],
      [4, "R2026112100003", "REPAYMENT", "783.33"],
    ]);
  });

  it("refuses a bad date, a negative amount, an unknown kind and another store's line", () => {
    expect(rejection(() => parseStoreCash(fixture("store-cash-bad-date.csv")))).toMatchObject({ line: 3, reason: "bad_date" });
    expect(rejection(() => parseStoreCash(fixture("store-cash-negative-amount.csv")))).toMatchObject({ line: 2, reason: "bad_amount" });
    const header = "store_code,business_date,receipt_no,kind,amount_cny,clerk\r\n";
    expect(rejection(() => parseStoreCash(bytes(header + "S001,2026-11-21,R1,WITHDRAWAL,5.00,138****5678\r\n")))).toMatchObject({ line: 2, reason: "bad_kind" });
    const twoStores = header + "S001,2026-11-21,R1,TOP_UP,5.00,138****5678\r\nS002,2026-11-21,R2,TOP_UP,5.00,138****5678\r\n";
    expect(rejection(() => parseStoreCash(bytes(twoStores)))).toMatchObject({ line: 3, reason: "mixed_file" });
  });
});

describe("every source", () => {
  // "张三" saved by Excel as GBK: D5 C5 C8 FD is not UTF-8.
  const gbkName = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]);
  const headers: Record<StatementSource, string> = {
    stripe_balance: "id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Available On (UTC),Description",
    custody_statement: "value_date,reference,direction,amount_cny,counterparty,memo,balance_cny",
    passbook_result: "reference,status,debited_cny,settled_on,message",
    phonebill_settlement: "settlement_id,request_id,phone_masked,deducted_cny,commission_cny,net_cny,deducted_on",
    store_cash: "store_code,business_date,receipt_no,kind,amount_cny,clerk",
  };

  it.each(STATEMENT_SOURCES)("%s: refuses GBK bytes with the line they are on", (source) => {
    const gbk = Buffer.concat([bytes(`${headers[source]}\r\nfirst,line\r\n`), gbkName, bytes(",x\r\n")]);
    expect(rejection(() => parseStatement(source, gbk))).toMatchObject({ line: 3, reason: "not_utf8" });
  });

  it.each(STATEMENT_SOURCES)("%s: refuses an empty file, a lone BOM and blank lines only", (source) => {
    expect(rejection(() => parseStatement(source, fixture("empty.csv")))).toMatchObject({ line: 1, reason: "empty" });
    expect(rejection(() => parseStatement(source, Buffer.from([0xef, 0xbb, 0xbf])))).toMatchObject({ line: 1, reason: "empty" });
    expect(rejection(() => parseStatement(source, bytes("\r\n\r\n")))).toMatchObject({ line: 1, reason: "empty" });
  });

  it.each(STATEMENT_SOURCES)("%s: refuses an unterminated quote", (source) => {
    expect(rejection(() => parseStatement(source, bytes(`${headers[source]}\n"open,x\n`)))).toMatchObject({ line: 2, reason: "bad_csv" });
  });

  it("reads each sample through parseStatement", () => {
    const samples: Record<StatementSource, string> = {
      stripe_balance: "stripe-balance.csv",
      custody_statement: "custody-statement.csv",
      passbook_result: "passbook-result.csv",
      phonebill_settlement: "phonebill-settlement.csv",
      store_cash: "store-cash.csv",
    };
    for (const source of STATEMENT_SOURCES) {
      const parsed = parseStatement(source, fixture(samples[source]!));
      expect(parsed.source).toBe(source);
      expect(parsed.lines.length).toBeGreaterThan(0);
    }
  });
});
