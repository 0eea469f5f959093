import type { Db } from "../../db/client";
import type { Loan } from "../lending";
import { DomainError } from "../shared/errors";
import { getInvestorStatus } from "./get-investor-status";
import { gradeAllows, gradeNeededFor } from "./risk-questionnaire";

/** The investor may invest in this loan: registered, a current risk assessment that allows its level, not their own loan. */
export async function checkInvestor(db: Db, input: { operatorId: string; investorUserId: string; loan: Loan; now: Date }) {
  const status = await getInvestorStatus(db, { operatorId: input.operatorId, userId: input.investorUserId, now: input.now });
  if (!status.isInvestor || !status.profile) throw new DomainError("investor.not_registered");
  if (!status.risk) throw new DomainError("risk.assessment_required");
  if (status.risk.expired) throw new DomainError("risk.assessment_expired");
  if (!gradeAllows(status.risk.grade, input.loan.riskLevel)) {
    throw new DomainError("risk.grade_too_low", { details: { grade: status.risk.grade, needed: gradeNeededFor(input.loan.riskLevel) } });
  }
  if (input.loan.borrowerUserId === input.investorUserId) throw new DomainError("invest.own_loan");
}
