import { getDb } from "./db.server";
import { operators } from "./services.server";
import type { OperatorBrand } from "../services/operators";

// Operators are kept in memory by services/operators (operator-cache.ts): the services that
// change one forget the cache; other instances see a change within its TTL.

export async function findOperator(slug: string | undefined): Promise<OperatorBrand | null> {
  if (!slug) return null;
  return operators.cachedOperator(await getDb(), slug);
}

export async function allOperators(): Promise<OperatorBrand[]> {
  return operators.cachedOperators(await getDb());
}

/** Loads the operator of `/o/:operator/...` or answers a 404 the error boundary renders. */
export async function requireOperator(params: { operator?: string }): Promise<OperatorBrand> {
  const operator = await findOperator(params.operator);
  if (!operator) throw new Response("Operator not found", { status: 404, statusText: "operator" });
  return operator;
}
