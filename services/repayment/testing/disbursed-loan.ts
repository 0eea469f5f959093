/**
 * TEST FIXTURE: a loan disbursed through the real services — listed (openLoanForFunding),
 * funded by real-named investors through `invest`, paid out by finance through the borrower
 * journey's `disburseLoan` (which writes the installments). Only the application row is
 * inserted directly, with just what disbursement reads (the payout channel).
 */
import { createSmsRecorder } from "../../sms";
import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { loanApplications, userRoles, users } from "../../../db/schema";
import { payOutLoanThroughSandbox } from "../../payouts/pay-out-through-sandbox";
import { encryptField } from "../../shared/crypto/field-encryption";
import { invest } from "../../investing/invest";
import { Cny } from "../../ledger/money";
import { createInvestor, createMarket, listLoan, TEST_SECRET, type Market } from "../../investing/test-fixtures";

export interface DisbursedLoan {
  market: Market;
  loanId: string;
  investorIds: string[];
  financeUserId: string;
}

export async function createDisbursedLoan(
  db: Db,
  input: { investments: readonly string[]; disbursedAt: Date; market?: Market },
): Promise<DisbursedLoan> {
  const market = input.market ?? (await createMarket(db));
  const amount = input.investments.reduce((t, a) => t.plus(a), new Cny(0)).toFixed(2);
  const loan = await listLoan(db, market, amount, { now: new Date(input.disbursedAt.getTime() - 86_400_000) });
  const investorIds: string[] = [];
  for (const [index, part] of input.investments.entries()) {
    const investorId = await createInvestor(db, market, part);
    await invest(db, { operatorId: market.operatorId, investorUserId: investorId, loanId: loan.id, amount: part, idempotencyKey: `fixture-${loan.id.slice(0, 8)}-${index}`, now: new Date(input.disbursedAt.getTime() - 3_600_000) });
    investorIds.push(investorId);
  }
  const [borrower] = await db.select({ phone: users.phone }).from(users).where(eq(users.id, market.borrowerId));
  await db.insert(loanApplications).values({
    operatorId: market.operatorId,
    borrowerUserId: market.borrowerId,
    createdByUserId: market.borrowerId,
    channel: "self",
    status: "approved",
    phone: borrower!.phone,
    fullName: "测试借款人",
    disbursementChannel: "passbook",
    passbookBank: "淮阳农商银行",
    passbookAccountEnc: encryptField(TEST_SECRET, "bank_account", "6230521234569012"),
    passbookAccountMasked: "6230 **** **** 9012",
    loanId: loan.id,
  });
  const [finance] = await db.insert(users).values({ operatorId: market.operatorId, phone: `135${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}` }).returning({ id: users.id });
  await db.insert(userRoles).values({ userId: finance!.id, role: "finance" });
  await payOutLoanThroughSandbox(db, { operatorId: market.operatorId, loanId: loan.id, actor: { userId: finance!.id, roles: ["finance"] }, secretKey: TEST_SECRET, now: input.disbursedAt, smsFor: createSmsRecorder(TEST_SECRET) });
  return { market, loanId: loan.id, investorIds, financeUserId: finance!.id };
}
