import { and, asc, eq, gt } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { phonebillDeductions } from "../../../../db/schema";
import { MAX_QUERY_IDS, OperatorApiError, queryDeductions, requestDeduction, type OperatorApiClient } from "../../../operator-api";
import { BillingRequestRefusedError, BillingUnavailableError, type BillingAnswer, type OperatorBillingAdapter } from "./operator-billing-adapter";

/** Outstanding requests asked about per due run: pages of the API's query limit, bounded. */
export const MAX_OUTSTANDING_PER_POLL = 50 * MAX_QUERY_IDS;

function translate(error: unknown): never {
  if (error instanceof OperatorApiError) {
    if (error.kind === "refused") throw new BillingRequestRefusedError(error.code, error.message);
    throw new BillingUnavailableError(`${error.kind}:${error.code}`);
  }
  throw error;
}

/**
 * The real operator billing over the operator API (docs/operator-api.md). Answers are
 * polled by asking about every request still `requested` in our table, so nothing depends on
 * the operator remembering what it already told us; a request the operator does not know
 * (lost on the way, or our send timed out) is sent again under its same id, which the
 * operator deduplicates.
 */
export function createHttpOperatorBilling(input: { api: OperatorApiClient; db: DbOrTx; operatorId: string }): OperatorBillingAdapter {
  const { api, db, operatorId } = input;
  return {
    async requestDeduction({ requestId, phone, amount }) {
      await requestDeduction(api, { requestId, phone, amountCny: amount }).catch(translate);
    },
    async pollAnswers() {
      const answers: BillingAnswer[] = [];
      let after = "";
      for (let asked = 0; asked < MAX_OUTSTANDING_PER_POLL; asked += MAX_QUERY_IDS) {
        const page = await db
          .select({ requestId: phonebillDeductions.requestId, phone: phonebillDeductions.phone, amount: phonebillDeductions.requestedAmount })
          .from(phonebillDeductions)
          .where(and(eq(phonebillDeductions.operatorId, operatorId), eq(phonebillDeductions.status, "requested"), gt(phonebillDeductions.requestId, after)))
          .orderBy(asc(phonebillDeductions.requestId))
          .limit(MAX_QUERY_IDS);
        if (page.length === 0) break;
        after = page.at(-1)!.requestId;
        const known = new Map((await queryDeductions(api, page.map((r) => r.requestId)).catch(translate)).map((a) => [a.requestId, a]));
        for (const row of page) {
          const answer = known.get(row.requestId);
          if (!answer) await requestDeduction(api, { requestId: row.requestId, phone: row.phone, amountCny: row.amount }).catch(translate);
          else if (answer.status !== "pending") answers.push({ requestId: answer.requestId, status: answer.status, deductedAmount: answer.deductedAmountCny, reason: answer.reason });
        }
      }
      return answers;
    },
  };
}
