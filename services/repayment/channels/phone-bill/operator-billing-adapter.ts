/** One answer of the operator's billing to a deduction request. */
export interface BillingAnswer {
  requestId: string;
  status: "confirmed" | "refused";
  /** What was taken from the phone bill (`0.00` when refused; may be less than asked). */
  deductedAmount: string;
  reason: string | null;
}

/**
 * The operator's billing system (话费划扣): we ask it to add an amount to a subscriber's
 * phone bill; it answers asynchronously. Asking again with the same request id must be
 * harmless (the operator deduplicates by request id).
 */
export interface OperatorBillingAdapter {
  requestDeduction(request: { requestId: string; phone: string; amount: string }): Promise<void>;
  /** Answers not yet delivered (an answer may be delivered more than once). */
  pollAnswers(): Promise<BillingAnswer[]>;
}

/**
 * The operator's billing cannot be reached (timeouts, 5xx, an open circuit, an answer whose
 * signature does not verify): the due step reports the channel unavailable for the day
 * instead of failing the run; requests already written are asked about again next time.
 */
export class BillingUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`operator billing unavailable: ${reason}`);
    this.name = "BillingUnavailableError";
  }
}

/** The operator refused one request outright (e.g. not its subscriber): recorded as a refusal. */
export class BillingRequestRefusedError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = "BillingRequestRefusedError";
  }
}
