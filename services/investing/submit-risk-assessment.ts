import type { DbOrTx } from "../../db/client";
import { inTransaction } from "../ledger/db-helpers";
import { riskAssessments } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { RISK_ASSESSMENT_VALID_DAYS } from "./limits";
import { QUESTIONNAIRE_VERSION, scoreAnswers, type RiskGrade } from "./risk-questionnaire";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Records a completed questionnaire and its grade, valid for a year. Any user may take it
 * (registration can come before or after); investing needs both.
 */
export async function submitRiskAssessment(
  db: DbOrTx,
  input: { operatorId: string; userId: string; answers: Record<string, string | undefined>; now?: Date },
): Promise<{ grade: RiskGrade; score: number; expiresAt: Date }> {
  const now = input.now ?? new Date();
  const scored = scoreAnswers(input.answers);
  const expiresAt = new Date(now.getTime() + RISK_ASSESSMENT_VALID_DAYS * DAY_MS);
  await inTransaction(db, async (tx) => {
    await tx.insert(riskAssessments).values({
      operatorId: input.operatorId,
      userId: input.userId,
      questionnaireVersion: QUESTIONNAIRE_VERSION,
      answers: scored.answers,
      score: scored.score,
      grade: scored.grade,
      assessedAt: now,
      expiresAt,
    });
    await recordAudit(
      tx,
      { operatorId: input.operatorId, actorUserId: input.userId, action: "investor.risk_assessed", subject: input.userId, details: { grade: scored.grade, score: scored.score } },
      now,
    );
  });
  return { grade: scored.grade, score: scored.score, expiresAt };
}
