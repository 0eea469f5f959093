import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { investorProfiles, riskAssessments, userRoles } from "../../db/schema";
import type { RiskGrade } from "./risk-questionnaire";
import { maskIdNumber } from "../shared/resident-id";

export interface InvestorStatus {
  isInvestor: boolean;
  profile: null | {
    legalName: string;
    idNumberMasked: string;
    bankCode: string;
    bankCardMasked: string;
    verifiedAt: Date;
  };
  /** The newest assessment, expired or not. */
  risk: null | { grade: RiskGrade; score: number; assessedAt: Date; expiresAt: Date; expired: boolean };
  /** Real-named, with an unexpired assessment: may invest (within the grade). */
  ready: boolean;
}

/** Where an investor stands: real name, risk assessment, and whether they may invest now. */
export async function getInvestorStatus(db: DbOrTx, input: { operatorId: string; userId: string; now?: Date }): Promise<InvestorStatus> {
  const now = input.now ?? new Date();
  const [profile] = await db
    .select()
    .from(investorProfiles)
    .where(and(eq(investorProfiles.userId, input.userId), eq(investorProfiles.operatorId, input.operatorId)));
  const [role] = await db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(and(eq(userRoles.userId, input.userId), eq(userRoles.role, "investor")));
  const [risk] = await db
    .select()
    .from(riskAssessments)
    .where(and(eq(riskAssessments.userId, input.userId), eq(riskAssessments.operatorId, input.operatorId)))
    .orderBy(desc(riskAssessments.assessedAt))
    .limit(1);
  const riskView = risk
    ? { grade: risk.grade, score: risk.score, assessedAt: risk.assessedAt, expiresAt: risk.expiresAt, expired: risk.expiresAt.getTime() <= now.getTime() }
    : null;
  return {
    isInvestor: !!role,
    profile: profile
      ? {
          legalName: profile.legalName,
          idNumberMasked: maskIdNumber(profile.idNumberMasked),
          bankCode: profile.bankCode,
          bankCardMasked: profile.bankCardMasked,
          verifiedAt: profile.verifiedAt,
        }
      : null,
    risk: riskView,
    ready: !!role && !!profile && !!riskView && !riskView.expired,
  };
}
