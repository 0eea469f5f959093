import { z } from "zod";
import { OperatorApiError, type OperatorApiClient } from "./operator-api-client";

/**
 * The calls of the operator API (docs/operator-api.md) with their answers checked: phone-bill
 * deductions (话费代扣) and subscriber data for the credit review. Amounts travel as decimal
 * strings in yuan with two places, never as JSON numbers.
 */
const AMOUNT = /^\d{1,12}\.\d{2}$/;
/** Request ids per query: one page of the due run's outstanding deductions. */
export const MAX_QUERY_IDS = 500;

const accepted = z.object({ requestId: z.string(), status: z.literal("accepted") });
const answer = z.object({
  requestId: z.string(),
  status: z.enum(["pending", "confirmed", "refused"]),
  deductedAmountCny: z.string().regex(AMOUNT),
  reason: z.string().nullable(),
});
const answers = z.object({ answers: z.array(answer).max(MAX_QUERY_IDS) });
const subscriber = z.union([
  z.object({ subscriber: z.literal(true), tenureMonths: z.number().int().min(0).max(1200), arrearsCny: z.string().regex(AMOUNT), realNameMatch: z.boolean() }),
  z.object({ subscriber: z.literal(false) }),
]);

export type DeductionAnswer = z.infer<typeof answer>;
export type SubscriberAnswer = z.infer<typeof subscriber>;

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new OperatorApiError("unavailable", "MALFORMED_ANSWER", `operator's ${what} answer is malformed`);
  return parsed.data;
}

/** Asks the operator to add `amountCny` to the subscriber's bill; safe to repeat with the same id. */
export async function requestDeduction(client: OperatorApiClient, input: { requestId: string; phone: string; amountCny: string }): Promise<void> {
  if (!AMOUNT.test(input.amountCny)) throw new Error(`deduction amount must be a decimal string with two places: ${input.amountCny}`);
  const result = checked(accepted, await client.post("/v1/billing/deductions", input, `deduction:${input.requestId}`), "deduction");
  if (result.requestId !== input.requestId) throw new OperatorApiError("unavailable", "MALFORMED_ANSWER", "operator answered for another request");
}

/** The current answer to each of these deduction requests (pending ones included). */
export async function queryDeductions(client: OperatorApiClient, requestIds: readonly string[]): Promise<DeductionAnswer[]> {
  if (requestIds.length === 0) return [];
  if (requestIds.length > MAX_QUERY_IDS) throw new Error(`at most ${MAX_QUERY_IDS} request ids per query`);
  const key = `query:${requestIds.length}:${requestIds[0]}:${requestIds.at(-1)}:${Date.now()}`;
  const result = checked(answers, await client.post("/v1/billing/deductions/query", { requestIds }, key), "deduction query");
  const asked = new Set(requestIds);
  return result.answers.filter((a) => asked.has(a.requestId));
}

export async function lookupSubscriber(client: OperatorApiClient, input: { phone: string; fullName: string; idNumber: string }, lookupId: string): Promise<SubscriberAnswer> {
  return checked(subscriber, await client.post("/v1/subscribers/lookup", input, `lookup:${lookupId}`), "subscriber");
}
