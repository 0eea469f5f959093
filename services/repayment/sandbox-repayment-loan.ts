/**
 * SANDBOX ONLY (the dev route refuses it in production): a disbursed demo loan for a
 * borrower, made through the real services — listed (openLoanForFunding), funded in full
 * by the sandbox investors through the investing service, paid out by a finance user
 * through `disburseLoan` (which writes the schedule). Only the application row is
 * inserted directly (as the repayment test fixture does), with the borrower's name and
 * a demo ID number, so the store's look-up and the settlement certificate have them.
 */
import { createSmsRecorder } from "../sms";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loanApplications, loans, userRoles, users } from "../../db/schema";
import { encryptField } from "../shared/crypto/field-encryption";
import { lookupHash } from "../shared/crypto/lookup-hash";
import { payOutLoanThroughSandbox } from "../payouts/pay-out-through-sandbox";
import { maskIdNumber, parseResidentId } from "../shared/resident-id";
import { fundLoanWithSandboxInvestors } from "../investing/fund-loan-with-sandbox-investors";
import { listActiveProducts, openLoanForFunding } from "../lending";
import { beijingDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";

export const SANDBOX_BORROWER_ID_NUMBER = "11010519491231002X";

export async function prepareSandboxRepaymentLoan(
  db: Db,
  input: { operatorId: string; borrowerPhone: string; secretKey: Uint8Array; amountCny?: string },
): Promise<{ loanId: string }> {
  const [borrower] = await db.select().from(users).where(and(eq(users.operatorId, input.operatorId), eq(users.phone, input.borrowerPhone)));
  if (!borrower) throw new DomainError("repayment.borrower_not_found", { field: "phone" });
  const [finance] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "finance")))
    .where(eq(users.operatorId, input.operatorId))
    .limit(1);
  if (!finance) throw new Error("no finance user to disburse the sandbox loan");
  const product = (await listActiveProducts(db, input.operatorId)).find((p) => p.code === "Z001") ?? (await listActiveProducts(db, input.operatorId))[0];
  if (!product) throw new Error("no active product");
  const loan = await openLoanForFunding(db, {
    operatorId: input.operatorId,
    borrowerUserId: borrower.id,
    productId: product.id,
    amountCny: input.amountCny ?? product.minAmount,
    titleZh: "演示借款 · 春耕农资",
    regionZh: "河南省周口市",
    fundingWindowDays: 14,
  });
  await fundLoanWithSandboxInvestors(db, { operatorId: input.operatorId, loanId: loan.id, secretKey: input.secretKey });
  const id = parseResidentId(SANDBOX_BORROWER_ID_NUMBER, beijingDate());
  const [app] = await db
    .insert(loanApplications)
    .values({
      operatorId: input.operatorId,
      borrowerUserId: borrower.id,
      createdByUserId: borrower.id,
      channel: "self",
      status: "approved",
      phone: borrower.phone,
      fullName: borrower.name && /^[\u4e00-\u9fa5·]{2,20}$/.test(borrower.name) ? borrower.name : "王小明",
      idNumberEnc: encryptField(input.secretKey, "id_number", id.number),
      idNumberHash: lookupHash(input.secretKey, "id_number", id.number),
      idNumberMasked: maskIdNumber(id.number),
      birthDate: id.birthDate,
      disbursementChannel: "passbook",
      passbookBank: "淮阳农商银行",
      passbookAccountEnc: encryptField(input.secretKey, "bank_account", "6230521234569012"),
      passbookAccountMasked: "6230 **** **** 9012",
      loanId: loan.id,
    })
    .returning({ id: loanApplications.id });
  await db.update(loans).set({ applicationId: app!.id }).where(eq(loans.id, loan.id));
  await payOutLoanThroughSandbox(db, { operatorId: input.operatorId, loanId: loan.id, actor: { userId: finance.id, roles: ["finance"] }, secretKey: input.secretKey, smsFor: createSmsRecorder(input.secretKey) });
  return { loanId: loan.id };
}
