import { getDb } from "./db.server";
import { operators } from "./services.server";
import type { OperatorBrand } from "../services/operators";

// Operators change rarely and every request needs one (brand, CSP); keep them in memory
// and reload at most once a minute.
const RELOAD_MS = 60_000;
let cache: { loadedAtMs: number; bySlug: Map<string, OperatorBrand> } | null = null;

async function operatorsBySlug(): Promise<Map<string, OperatorBrand>> {
  if (!cache || Date.now() - cache.loadedAtMs > RELOAD_MS) {
    const list = await operators.listOperators(await getDb());
    cache = { loadedAtMs: Date.now(), bySlug: new Map(list.map((op) => [op.slug, op])) };
  }
  return cache.bySlug;
}

export async function findOperator(slug: string | undefined): Promise<OperatorBrand | null> {
  if (!slug) return null;
  return (await operatorsBySlug()).get(slug) ?? null;
}

export async function allOperators(): Promise<OperatorBrand[]> {
  return [...(await operatorsBySlug()).values()];
}

/** Loads the operator of `/o/:operator/...` or answers a 404 the error boundary renders. */
export async function requireOperator(params: { operator?: string }): Promise<OperatorBrand> {
  const operator = await findOperator(params.operator);
  if (!operator) throw new Response("Operator not found", { status: 404, statusText: "operator" });
  return operator;
}

/** After an admin changes the operator: this process reloads at once (other instances within RELOAD_MS). */
export function forgetOperators(): void {
  cache = null;
}
