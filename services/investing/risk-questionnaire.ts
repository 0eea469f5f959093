import { DomainError } from "../shared/errors";
import type { RiskLevel } from "../lending";

export type RiskGrade = "conservative" | "balanced" | "aggressive";
export const RISK_GRADES: readonly RiskGrade[] = ["conservative", "balanced", "aggressive"];

export const QUESTIONNAIRE_VERSION = "2026-11";

/**
 * The questionnaire (风险承受能力评估): each option carries points; the total decides the
 * grade. Texts live in the i18n catalogue under `risk.q.<id>` and `risk.q.<id>.<option>`.
 */
export const RISK_QUESTIONS: ReadonlyArray<{ id: string; options: ReadonlyArray<{ id: string; points: number }> }> = [
  { id: "age", options: [{ id: "a", points: 2 }, { id: "b", points: 4 }, { id: "c", points: 3 }, { id: "d", points: 1 }] },
  { id: "income", options: [{ id: "a", points: 1 }, { id: "b", points: 2 }, { id: "c", points: 3 }, { id: "d", points: 4 }] },
  { id: "share", options: [{ id: "a", points: 4 }, { id: "b", points: 3 }, { id: "c", points: 2 }, { id: "d", points: 1 }] },
  { id: "experience", options: [{ id: "a", points: 1 }, { id: "b", points: 2 }, { id: "c", points: 3 }, { id: "d", points: 4 }] },
  { id: "horizon", options: [{ id: "a", points: 1 }, { id: "b", points: 2 }, { id: "c", points: 3 }, { id: "d", points: 4 }] },
  { id: "loss", options: [{ id: "a", points: 0 }, { id: "b", points: 2 }, { id: "c", points: 3 }, { id: "d", points: 5 }] },
  { id: "reaction", options: [{ id: "a", points: 1 }, { id: "b", points: 2 }, { id: "c", points: 3 }, { id: "d", points: 4 }] },
];

/** Score bands: up to 13 conservative, up to 21 balanced, above aggressive (max 29). */
export function gradeForScore(score: number): RiskGrade {
  if (score <= 13) return "conservative";
  if (score <= 21) return "balanced";
  return "aggressive";
}

/** Every question answered with one of its options; returns the answers and their score. */
export function scoreAnswers(answers: Record<string, string | undefined>): { answers: Record<string, string>; score: number; grade: RiskGrade } {
  const kept: Record<string, string> = {};
  let score = 0;
  for (const question of RISK_QUESTIONS) {
    const choice = answers[question.id];
    const option = question.options.find((o) => o.id === choice);
    if (!option) throw new DomainError("risk.incomplete", { field: `q_${question.id}` });
    kept[question.id] = option.id;
    score += option.points;
  }
  return { answers: kept, score, grade: gradeForScore(score) };
}

/** DESIGN §3 / funding contract: conservative → low, balanced → up to medium, aggressive → up to high. */
const MAX_LEVEL: Record<RiskGrade, number> = { conservative: 0, balanced: 1, aggressive: 2 };
const LEVEL: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };

export function gradeAllows(grade: RiskGrade, level: RiskLevel): boolean {
  return LEVEL[level] <= MAX_LEVEL[grade];
}

/** The least grade that may fund a loan of this level. */
export function gradeNeededFor(level: RiskLevel): RiskGrade {
  return level === "low" ? "conservative" : level === "medium" ? "balanced" : "aggressive";
}
