import Decimal from "decimal.js";
import type { Db } from "../../db/client";
import { findOrCreateUser } from "../identity/find-or-create-user";
import { chart, openAccount, postEntry } from "../ledger";
import { getLoan } from "../lending/open-loan-for-funding";
import { DomainError } from "../shared/errors";
import { INVESTOR_AGREEMENTS } from "./agreements";
import { getInvestorStatus } from "./get-investor-status";
import { residentIdCheckChar } from "../shared/resident-id";
import { invest } from "./invest";
import { registerInvestor } from "./register-investor";
import { submitRiskAssessment } from "./submit-risk-assessment";

/** Sandbox investors' phones; outside production only (the dev route refuses in production). */
const SANDBOX_INVESTOR_PHONES = ["17700000091", "17700000092"] as const;
const AGGRESSIVE_ANSWERS = { age: "b", income: "d", share: "a", experience: "d", horizon: "d", loss: "d", reaction: "d" };

/** A Luhn-valid demo card number derived from the phone. */
function sandboxCardNumber(phone: string): string {
  const body = `622202${phone.slice(-9)}`;
  for (let check = 0; check <= 9; check++) {
    const digits = `${body}${check}`;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error("no Luhn check digit");
}

/**
 * DEMO AND BROWSER TESTS ONLY: funds a loan in `funding` to its full amount through the real
 * investor journey — two sandbox investors are real-named, assessed, topped up (a card
 * top-up entry) and invest through `invest`, in the loan's steps. Lets the borrower journey
 * be walked to disbursement without a crowd of real investors.
 */
export async function fundLoanWithSandboxInvestors(
  db: Db,
  input: { operatorId: string; loanId: string; secretKey: Uint8Array },
): Promise<{ investmentIds: string[] }> {
  const loan = await getLoan(db, { operatorId: input.operatorId, loanId: input.loanId });
  if (loan.status !== "funding") throw new DomainError("loan.invalid", { field: "loanId" });
  const remaining = new Decimal(loan.amount).minus(loan.fundedAmount);
  const step = new Decimal(loan.investmentStep);
  // Half in whole steps to the first investor, the rest (what is left may be off-step) to the second.
  const firstPart = remaining.div(2).div(step).floor().times(step);
  const parts = firstPart.gte(loan.minInvestment) ? [firstPart, remaining.minus(firstPart)] : [remaining];
  const investmentIds: string[] = [];
  for (const [index, part] of parts.entries()) {
    const phone = SANDBOX_INVESTOR_PHONES[index]!;
    const user = await findOrCreateUser(db, input.operatorId, phone);
    const status = await getInvestorStatus(db, { operatorId: input.operatorId, userId: user.id });
    if (!status.profile) {
      const first17 = `11010119850101${phone.slice(-3)}`;
      await registerInvestor(db, {
        operatorId: input.operatorId,
        userId: user.id,
        legalName: index === 0 ? "沙箱出借人甲" : "沙箱出借人乙",
        idNumber: first17 + residentIdCheckChar(first17),
        bankCode: "ICBC",
        bankCard: sandboxCardNumber(phone),
        consentedAgreements: INVESTOR_AGREEMENTS.map((a) => a.code),
        secretKey: input.secretKey,
      });
    }
    if (!status.ready) await submitRiskAssessment(db, { operatorId: input.operatorId, userId: user.id, answers: AGGRESSIVE_ANSWERS });
    const clearing = await openAccount(db, { operatorId: input.operatorId, ...chart.clearingCard() });
    const wallet = await openAccount(db, { operatorId: input.operatorId, ...chart.walletAvailable(user.id) });
    await postEntry(db, {
      operatorId: input.operatorId,
      idempotencyKey: `sandbox-top-up:${loan.id}:${index + 1}`,
      kind: "top_up",
      memo: "沙箱出借人充值 Sandbox investor top-up",
      cause: { type: "top_up", id: `sandbox:${loan.id}:${index + 1}` },
      postedBy: { system: "sandbox-funding" },
      postings: [
        { accountId: clearing.id, amountCny: part.toFixed(2) },
        { accountId: wallet.id, amountCny: part.negated().toFixed(2) },
      ],
    });
    const result = await invest(db, {
      operatorId: input.operatorId,
      investorUserId: user.id,
      loanId: loan.id,
      amount: part.toFixed(2),
      idempotencyKey: `sandbox-invest-${loan.id}-${index + 1}`,
    });
    investmentIds.push(result.investment.id);
  }
  return { investmentIds };
}
