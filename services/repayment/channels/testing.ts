/** TEST FIXTURE: a disbursed loan on a given repayment channel (rows inserted directly). */
import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { agreementSignatures, loanApplications, loanRepaymentChannels, loans } from "../../../db/schema";
import { encryptField } from "../../shared/crypto/field-encryption";
import { TEST_SECRET } from "../../investing/test-fixtures";
import { startOfBeijingDay } from "../../shared/calendar";
import { createDisbursedLoan, type DisbursedLoan } from "../testing/disbursed-loan";

export { TEST_SECRET };

export const at = (date: string, hour = 10) => new Date(startOfBeijingDay(date).getTime() + hour * 3_600_000);

/** ¥10,000 at 12 % over 6 months, equal principal, disbursed 2026-01-15: installment 1 is 1766.67 due 2026-02-15. */
export async function loanOnChannel(db: Db, channel: string, options: { accountNo?: string; market?: DisbursedLoan["market"] } = {}): Promise<DisbursedLoan & { operatorId: string }> {
  const loan = await createDisbursedLoan(db, { investments: ["6000.00", "4000.00"], disbursedAt: at("2026-01-15"), ...(options.market ? { market: options.market } : {}) });
  const operatorId = loan.market.operatorId;
  const [app] = await db.select().from(loanApplications).where(eq(loanApplications.loanId, loan.loanId));
  const [row] = await db.select({ borrower: loans.borrowerUserId }).from(loans).where(eq(loans.id, loan.loanId));
  let entrustmentSignatureId: string | null = null;
  if (channel === "passbook_debit") {
    await db
      .update(loanApplications)
      .set({ fullName: "王小明", passbookAccountEnc: encryptField(TEST_SECRET, "bank_account", options.accountNo ?? "6230123456789012") })
      .where(eq(loanApplications.id, app!.id));
    const [signature] = await db
      .insert(agreementSignatures)
      .values({ operatorId, applicationId: app!.id, kind: "debit", templateVersion: "1", title: "委托划扣协议书", content: "…", documentHash: "0".repeat(64), signerUserId: row!.borrower, signedAt: at("2026-01-10"), ip: "127.0.0.1", userAgent: "test" })
      .returning({ id: agreementSignatures.id });
    entrustmentSignatureId = signature!.id;
  }
  await db.insert(loanRepaymentChannels).values({ operatorId, loanId: loan.loanId, channel: channel as typeof loanRepaymentChannels.$inferInsert.channel, entrustmentSignatureId, chosenByUserId: row!.borrower, createdAt: at("2026-01-10") });
  return { ...loan, operatorId };
}
