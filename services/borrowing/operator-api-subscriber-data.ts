import { randomUUID } from "node:crypto";
import { lookupSubscriber, OperatorApiError, type OperatorApiClient } from "../operator-api";
import type { OperatorDataAdapter, OperatorDataUnavailableReason } from "./operator-data";

const SOURCE = "operator_api";

function reasonOf(error: unknown): OperatorDataUnavailableReason {
  if (error instanceof OperatorApiError) {
    if (error.kind === "bad_signature") return "bad_signature";
    if (error.kind === "refused") return "refused";
  }
  return "unreachable";
}

/**
 * Subscriber data from each operator's HTTPS API (services/operator-api lookupSubscriber:
 * HMAC-signed, timeouts, retries under the look-up's idempotency key, circuit breaker). An
 * operator without a configured API uses `fallback` when given (the sandbox, outside
 * production only) and is "not configured" otherwise. Any failure becomes an answer the
 * review turns into a referral with the reason, never an error.
 */
export function createOperatorApiSubscriberData(input: {
  clientFor(operatorSlug: string): Promise<OperatorApiClient | undefined>;
  fallback?: OperatorDataAdapter;
  log?: (line: string) => void;
}): OperatorDataAdapter {
  return {
    name: "operator_api",
    async lookup(query) {
      const client = await input.clientFor(query.operatorSlug);
      if (!client) return input.fallback ? input.fallback.lookup(query) : { subscriber: null, unavailable: "not_configured", source: SOURCE };
      try {
        const answer = await lookupSubscriber(client, { phone: query.phone, fullName: query.fullName, idNumber: query.idNumber }, query.lookupId ?? randomUUID());
        return answer.subscriber ? { ...answer, source: SOURCE } : { subscriber: false, source: SOURCE };
      } catch (error) {
        const reason = reasonOf(error);
        input.log?.(`subscriber look-up at ${query.operatorSlug} failed (${reason}): ${error instanceof Error ? error.message : String(error)}`);
        return { subscriber: null, unavailable: reason, source: SOURCE };
      }
    },
  };
}
