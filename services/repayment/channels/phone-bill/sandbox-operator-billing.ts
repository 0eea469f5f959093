import { createHash } from "node:crypto";
import Decimal from "decimal.js";
import { and, asc, eq, gte, isNull, lt } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { phonebillDeductions } from "../../../../db/schema";
import { Cny } from "../../../ledger/money";
import { endOfBeijingDay, startOfBeijingDay } from "../../../shared/calendar";
import type { BillingAnswer, OperatorBillingAdapter } from "./operator-billing-adapter";
import { operatorRefs } from "../channel-loans";
import { maskPhone } from "../../../shared/mask-phone";
import { settlementFileName, writeSettlement, type SettlementLine } from "./settlement-file";

/** The sandbox operator's commission on what it deducts: 1 %. */
export const SANDBOX_COMMISSION_RATE = "0.01";

/**
 * The sandbox's answer to a request, fixed by its id (a hash): 7 in 10 confirmed in full,
 * 2 in 10 confirmed for half (rounded down to the fen; the bill had room for no more),
 * 1 in 10 refused.
 */
export function sandboxBillingAnswer(requestId: string, amount: string): BillingAnswer {
  const bucket = createHash("sha256").update(requestId).digest()[0]! % 10;
  if (bucket < 7) return { requestId, status: "confirmed", deductedAmount: new Cny(amount).toFixed(2), reason: null };
  if (bucket < 9) {
    const half = new Cny(amount).div(2).toDecimalPlaces(2, Decimal.ROUND_DOWN);
    if (half.gt(0)) return { requestId, status: "confirmed", deductedAmount: half.toFixed(2), reason: "话费额度不足，部分扣款" };
  }
  return { requestId, status: "refused", deductedAmount: "0.00", reason: "账户欠费停机" };
}

/**
 * SANDBOX: a pretend operator billing system. Requests are not answered when made but on
 * the next poll: it answers every deduction request still `requested` in our table (which
 * holds all it needs: id, amount) with sandboxBillingAnswer. Nothing else is stored: the
 * answers are recomputed, so redelivery gives the same answer. It also writes the
 * operator's settlement file for a day (confirmed deductions answered that day and not yet
 * settled, commission SANDBOX_COMMISSION_RATE rounded half up to the fen).
 */
export class SandboxOperatorBilling implements OperatorBillingAdapter {
  constructor(
    private readonly db: DbOrTx,
    private readonly operatorId: string,
    private readonly options: { commissionRate?: string } = {},
  ) {}

  async requestDeduction(request: { requestId: string; phone: string; amount: string }): Promise<void> {
    if (!/^1\d{10}$/.test(request.phone)) throw new Error(`sandbox billing: not a mobile number: ${request.phone}`);
  }

  async pollAnswers(): Promise<BillingAnswer[]> {
    const waiting = await this.db
      .select({ requestId: phonebillDeductions.requestId, amount: phonebillDeductions.requestedAmount })
      .from(phonebillDeductions)
      .where(and(eq(phonebillDeductions.operatorId, this.operatorId), eq(phonebillDeductions.status, "requested")))
      .orderBy(asc(phonebillDeductions.requestId));
    return waiting.map((w) => sandboxBillingAnswer(w.requestId, w.amount));
  }

  /** The settlement file the operator would send for `date`, or null when nothing is to settle. */
  async settlementFile(date: string): Promise<{ fileName: string; csv: string; settlementId: string; lines: SettlementLine[] } | null> {
    const rate = new Cny(this.options.commissionRate ?? SANDBOX_COMMISSION_RATE);
    const rows = await this.db
      .select()
      .from(phonebillDeductions)
      .where(
        and(
          eq(phonebillDeductions.operatorId, this.operatorId),
          eq(phonebillDeductions.status, "confirmed"),
          isNull(phonebillDeductions.settlementId),
          gte(phonebillDeductions.answeredAt, startOfBeijingDay(date)),
          lt(phonebillDeductions.answeredAt, new Date(endOfBeijingDay(date).getTime() + 1)),
        ),
      )
      .orderBy(asc(phonebillDeductions.requestId));
    if (rows.length === 0) return null;
    const { slug, prefix } = await operatorRefs(this.db, this.operatorId);
    const settlementId = `ST${date.replaceAll("-", "")}${prefix}`;
    const lines = rows.map((r) => {
      const deducted = new Cny(r.deductedAmount!);
      const commission = deducted.times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      return {
        settlementId,
        requestId: r.requestId,
        phoneMasked: maskPhone(r.phone),
        deducted: deducted.toFixed(2),
        commission: commission.toFixed(2),
        net: deducted.minus(commission).toFixed(2),
        deductedOn: date,
      };
    });
    return { fileName: settlementFileName(slug, date), csv: writeSettlement(lines), settlementId, lines };
  }
}
