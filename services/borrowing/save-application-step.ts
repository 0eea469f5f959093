import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { loanApplications, stores } from "../../db/schema";
import { listActiveProducts } from "../lending/products";
import { DomainError } from "../shared/errors";
import { loadApplicationFor, type Actor, type Application } from "./access";
import type { StepValues } from "./application-steps";
import {
  bankChanges,
  consentChanges,
  contactChanges,
  householdChanges,
  identityChanges,
  needChanges,
  type ApplicationChanges,
} from "./check-step-values";
import { matchProducts } from "./matching";

type SaveStepInput = { operatorId: string; applicationId: string; actor: Actor; values: StepValues; secretKey: Uint8Array; deviceId?: string | null; now?: Date };

/**
 * Saves one step of a draft (the borrower's, or the clerk's at the store). Each step is
 * checked on its own; later steps that depend on it (the product on the need) are cleared
 * when it changes, so a draft is never inconsistent.
 */
export async function saveApplicationStep(db: Db, input: SaveStepInput): Promise<Application> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { app, as } = await loadApplicationFor(tx, { ...input, allow: ["borrower", "clerk"], forUpdate: true });
    if (app.status !== "draft") throw new DomainError("application.not_draft");
    if (app.channel === "store" && as !== "clerk") throw new DomainError("application.not_found");
    const set = await stepChanges(tx, input, app, now);
    if (app.channel === "self" && input.deviceId) set.deviceId = input.deviceId;
    const [row] = await tx.update(loanApplications).set({ ...set, updatedAt: now }).where(eq(loanApplications.id, app.id)).returning();
    return row!;
  });
}

/** The columns one step writes: the pure checks of check-step-values.ts, plus the two that read the database. */
async function stepChanges(tx: DbOrTx, input: SaveStepInput, app: Application, now: Date): Promise<ApplicationChanges> {
  const v = input.values;
  switch (v.step) {
    case "need":
      return needChanges(app, v);
    case "product": {
      if (!app.amount || !app.termMonths || !app.purpose) throw new DomainError("application.incomplete", { details: { step: "need" } });
      const matches = matchProducts(await listActiveProducts(tx, input.operatorId), { amountCny: app.amount, termMonths: app.termMonths, purpose: app.purpose });
      if (!matches.some((m) => m.product.id === v.productId)) throw new DomainError("application.product_not_matching", { field: "productId" });
      return { productId: v.productId };
    }
    case "identity":
      return identityChanges(app, v, input.secretKey, now);
    case "contact":
      return contactChanges(v);
    case "bank": {
      const set = bankChanges(app, v, input.secretKey);
      if (v.disbursementChannel === "store_cash") {
        const [store] = v.cashStoreId
          ? await tx.select({ id: stores.id }).from(stores).where(and(eq(stores.operatorId, input.operatorId), eq(stores.id, v.cashStoreId)))
          : [];
        if (!store) throw new DomainError("application.store_required", { field: "cashStoreId" });
        set.cashStoreId = store.id;
      }
      return set;
    }
    case "household":
      return householdChanges(v);
    case "consent":
      return consentChanges(v, now);
  }
}
