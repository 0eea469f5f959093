/**
 * The port to an operator's subscriber data (运营商数据): network tenure, phone-bill arrears
 * and whether the subscriber's real name matches the applicant. In production each operator's
 * HTTPS API (operator-api-subscriber-data.ts); outside it, where no API is configured, the
 * sandbox below serves the demo subscribers. A lookup never throws: when the operator cannot
 * answer, the result says why and the review refers the application to a person.
 */
export interface OperatorSubscriberData {
  subscriber: true;
  tenureMonths: number;
  /** Phone-bill arrears, a decimal string in CNY. */
  arrearsCny: string;
  realNameMatch: boolean;
  source: string;
}

/**
 * Why there is no answer: `unreachable` (timeout, 5xx, circuit open, an answer that is not the
 * protocol's), `bad_signature` (the answer's signature did not verify), `refused` (the operator
 * refused our request, e.g. our credentials), `not_configured` (no API for this operator).
 */
export const OPERATOR_DATA_UNAVAILABLE_REASONS = ["unreachable", "bad_signature", "refused", "not_configured"] as const;
export type OperatorDataUnavailableReason = (typeof OPERATOR_DATA_UNAVAILABLE_REASONS)[number];

export interface OperatorDataUnavailable {
  subscriber: null;
  unavailable: OperatorDataUnavailableReason;
  source: string;
}

export type OperatorDataResult = OperatorSubscriberData | { subscriber: false; source: string } | OperatorDataUnavailable;

export interface OperatorDataQuery {
  operatorSlug: string;
  phone: string;
  fullName: string;
  idNumber: string;
  /** Names the look-up at the operator (its idempotency key), e.g. the application id. */
  lookupId?: string;
}

export interface OperatorDataAdapter {
  readonly name: string;
  lookup(query: OperatorDataQuery): Promise<OperatorDataResult>;
}

/** The demo operators' number prefixes (services/demo/seed-demo.ts) and their sandbox subscribers by the last four digits. */
const DEMO_PREFIXES = ["1860000", "1380000", "1890000"];
export const SANDBOX_SUBSCRIBERS: Record<string, { name: string; tenureMonths: number; arrearsCny: string }> = {
  "0001": { name: "王小明", tenureMonths: 86, arrearsCny: "0.00" },
  "0002": { name: "李娟", tenureMonths: 120, arrearsCny: "0.00" },
  "0011": { name: "陈新", tenureMonths: 4, arrearsCny: "0.00" },
  "0021": { name: "刘大山", tenureMonths: 40, arrearsCny: "0.00" },
  "0022": { name: "张桂兰", tenureMonths: 30, arrearsCny: "0.00" },
  "0023": { name: "周秀英", tenureMonths: 48, arrearsCny: "0.00" },
  "0024": { name: "吴桂芳", tenureMonths: 36, arrearsCny: "0.00" },
  "0025": { name: "郑春花", tenureMonths: 44, arrearsCny: "0.00" },
  "0031": { name: "赵有才", tenureMonths: 52, arrearsCny: "120.00" },
  "0032": { name: "孙欠费", tenureMonths: 60, arrearsCny: "860.00" },
};

export function createSandboxOperatorData(): OperatorDataAdapter {
  return {
    name: "sandbox",
    async lookup({ phone, fullName }) {
      const prefix = phone.slice(0, 7);
      const entry = DEMO_PREFIXES.includes(prefix) ? SANDBOX_SUBSCRIBERS[phone.slice(7)] : undefined;
      if (!entry) return { subscriber: false, source: "sandbox" };
      return { subscriber: true, tenureMonths: entry.tenureMonths, arrearsCny: entry.arrearsCny, realNameMatch: entry.name === fullName.trim(), source: "sandbox" };
    },
  };
}
