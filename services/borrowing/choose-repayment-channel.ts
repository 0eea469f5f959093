import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loanApplications } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { loadApplicationFor, type Actor, type Application } from "./access";
import { checkChannel } from "./check-repayment-channel";

/** Chooses how the loan will be repaid (before signing; the agreements name it). */
export async function chooseRepaymentChannel(
  db: Db,
  input: { operatorId: string; applicationId: string; actor: Actor; channel: string; storeId?: string | null; now?: Date },
): Promise<Application> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { app } = await loadApplicationFor(tx, { ...input, allow: ["borrower", "clerk"], forUpdate: true });
    if (app.status !== "approved") throw new DomainError("application.wrong_status", { details: { status: app.status } });
    const { channel, storeId } = await checkChannel(tx, input.operatorId, app, input.channel, input.storeId ?? null);
    const [row] = await tx.update(loanApplications).set({ repaymentChannel: channel, repaymentStoreId: storeId, updatedAt: now }).where(eq(loanApplications.id, app.id)).returning();
    return row!;
  });
}
