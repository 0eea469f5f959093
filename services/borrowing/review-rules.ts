import Decimal from "decimal.js";
import type { BorrowingSettings } from "./borrowing-settings";
import type { OperatorDataResult } from "./operator-data";

export type Outcome = "approve" | "refer" | "reject";

/** Everything the preliminary review (初审) looks at, gathered before the rules run. */
export interface ReviewFacts {
  amountCny: string;
  annualIncomeCny: string;
  /** Active list entries matching the applicant's ID number, phone or device. */
  blackHits: Array<{ kind: string; masked: string; reason: string }>;
  redHits: Array<{ kind: string; masked: string; reason: string }>;
  /** Other applications in the window with the same ID number, phone or device, at any operator. */
  otherApplications: { total: number; byIdNumber: number; byPhone: number; byDevice: number | null; windowDays: number };
  exposure: { outstandingCny: string };
  operatorData: OperatorDataResult;
}

export interface RuleResult {
  rule:
    | "blacklist"
    | "redlist"
    | "multi_application"
    | "exposure_cap"
    | "operator_subscriber"
    | "real_name"
    | "network_tenure"
    | "phone_bill_arrears"
    | "income_ratio";
  hit: boolean;
  /** What a hit does; null when the rule passed. */
  effect: Outcome | null;
  evidence: Record<string, unknown>;
}

/**
 * The rule set, thresholds from the operator's settings. Every rule is evaluated and
 * recorded, hit or miss. Outcome: any reject → reject; otherwise a red-list hit (a
 * trusted customer) → approve without a call-back; otherwise any refer → refer (call-back
 * and a risk officer); otherwise approve (to the risk officer's queue).
 */
export function evaluateRules(facts: ReviewFacts, s: BorrowingSettings): { outcome: Outcome; results: RuleResult[] } {
  const results: RuleResult[] = [];
  const add = (rule: RuleResult["rule"], effect: Outcome | null, evidence: Record<string, unknown>) =>
    results.push({ rule, hit: effect !== null, effect, evidence });

  add("blacklist", facts.blackHits.length > 0 ? "reject" : null, { hits: facts.blackHits });
  add("redlist", facts.redHits.length > 0 ? "approve" : null, { hits: facts.redHits });

  const others = facts.otherApplications;
  add(
    "multi_application",
    others.total >= s.multiAppRejectCount ? "reject" : others.total >= s.multiAppReferCount ? "refer" : null,
    { ...others, referFrom: s.multiAppReferCount, rejectFrom: s.multiAppRejectCount },
  );

  const after = new Decimal(facts.exposure.outstandingCny).plus(facts.amountCny);
  add("exposure_cap", after.gt(s.exposureCap) ? "reject" : null, {
    outstanding: facts.exposure.outstandingCny,
    requested: facts.amountCny,
    after: after.toFixed(2),
    cap: s.exposureCap,
  });

  const data = facts.operatorData;
  // No data (not a subscriber, or the operator could not answer): a person decides, and sees why.
  add("operator_subscriber", data.subscriber ? null : "refer", {
    subscriber: data.subscriber,
    source: data.source,
    ...("unavailable" in data ? { unavailable: data.unavailable } : {}),
  });
  if (data.subscriber) {
    add("real_name", data.realNameMatch ? null : "reject", { match: data.realNameMatch });
    add("network_tenure", data.tenureMonths < s.minTenureMonths ? "reject" : data.tenureMonths < s.referTenureMonths ? "refer" : null, {
      months: data.tenureMonths,
      rejectBelow: s.minTenureMonths,
      referBelow: s.referTenureMonths,
    });
    const arrears = new Decimal(data.arrearsCny);
    add("phone_bill_arrears", arrears.gt(s.arrearsRejectCny) ? "reject" : arrears.gt(s.arrearsReferCny) ? "refer" : null, {
      arrears: data.arrearsCny,
      referAbove: s.arrearsReferCny,
      rejectAbove: s.arrearsRejectCny,
    });
  }

  const limit = new Decimal(facts.annualIncomeCny).times(s.incomeReferRatio);
  add("income_ratio", new Decimal(facts.amountCny).gt(limit) ? "refer" : null, {
    amount: facts.amountCny,
    annualIncome: facts.annualIncomeCny,
    ratio: s.incomeReferRatio,
    limit: limit.toFixed(2),
  });

  const effects = results.map((r) => r.effect);
  const outcome: Outcome = effects.includes("reject") ? "reject" : effects.includes("approve") ? "approve" : effects.includes("refer") ? "refer" : "approve";
  return { outcome, results };
}
