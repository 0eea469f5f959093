import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanApplications, repayments, stores, users } from "../../db/schema";
import { maskPhone } from "../shared/mask-phone";
import { maskName } from "../investing/identity-checks";
import { DomainError } from "../shared/errors";
import { describeLoanRepayment, type LoanRepaymentView } from "./describe-loan-repayment";
import { requireClerkStore } from "./take-store-repayment";

export interface StoreRepaymentReceipt {
  repayment: typeof repayments.$inferSelect;
  store: { code: string; nameZh: string; addressZh: string };
  clerkName: string | null;
  borrower: { nameMasked: string; phoneMasked: string };
  /** The loan as it stands now: what is still due, the payoff amount, closed or not. */
  loan: LoanRepaymentView;
}

/** A store cash repayment's printable receipt: the store's own clerks see their store's receipts. */
export async function getStoreRepaymentReceipt(db: DbOrTx, input: { operatorId: string; clerkUserId: string; repaymentId: string; now?: Date }): Promise<StoreRepaymentReceipt> {
  if (!/^[0-9a-f-]{36}$/i.test(input.repaymentId)) throw new DomainError("repayment.not_found");
  const store = await requireClerkStore(db, input);
  const [row] = await db
    .select({ r: repayments, store: stores })
    .from(repayments)
    .innerJoin(stores, eq(stores.id, repayments.storeId))
    .where(and(eq(repayments.id, input.repaymentId), eq(repayments.operatorId, input.operatorId), eq(repayments.source, "store_cash"), eq(repayments.storeId, store.id)));
  if (!row) throw new DomainError("repayment.not_found");
  const loan = await describeLoanRepayment(db, { operatorId: input.operatorId, loanId: row.r.loanId, ...(input.now ? { now: input.now } : {}) });
  const [clerk] = row.r.receivedByUserId ? await db.select({ name: users.name }).from(users).where(eq(users.id, row.r.receivedByUserId)) : [];
  const [borrower] = await db.select({ phone: users.phone, name: users.name }).from(users).where(eq(users.id, loan.borrowerUserId));
  const [app] = await db.select({ fullName: loanApplications.fullName }).from(loanApplications).where(eq(loanApplications.loanId, loan.loanId)).limit(1);
  return {
    repayment: row.r,
    store: { code: row.store.code, nameZh: row.store.nameZh, addressZh: row.store.addressZh },
    clerkName: clerk?.name ?? null,
    borrower: { nameMasked: maskName(app?.fullName ?? borrower?.name ?? null), phoneMasked: borrower ? maskPhone(borrower.phone) : "" },
    loan,
  };
}
