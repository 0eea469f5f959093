import type { DbOrTx } from "../../db/client";
import { listActiveProducts } from "../lending/products";
import type { Application } from "./access";
import { matchProducts } from "./matching";

/** The product matches of a draft's need, for the product step. */
export async function productMatchesFor(db: DbOrTx, input: { operatorId: string; app: Application }) {
  const { app } = input;
  if (!app.amount || !app.termMonths || !app.purpose) return [];
  return matchProducts(await listActiveProducts(db, input.operatorId), { amountCny: app.amount, termMonths: app.termMonths, purpose: app.purpose });
}
