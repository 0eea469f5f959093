import Decimal from "decimal.js";
import { and, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanApplications, loanInstallments, loans } from "../../db/schema";
import { Cny } from "../ledger/money";

export interface Exposure {
  /** Outstanding principal of the person's loans being funded, funded or repaid, plus offers not yet signed. */
  outstandingCny: string;
  loans: number;
  offers: number;
}

/**
 * All of a person's outstanding principal on the platform (every operator): the person
 * is known by the keyed hash of their ID number, and by the applicant's own user. A
 * loan counts from listing (it may still fund) until paid off: its amount less the
 * principal repaid so far. Unsigned offers count too, so two offers cannot together
 * pass the cap. `excludeApplicationId` leaves out the application being decided.
 */
export async function personExposure(
  db: DbOrTx,
  input: { idNumberHash: Uint8Array; borrowerUserId: string; excludeApplicationId?: string },
): Promise<Exposure> {
  const linked = await db
    .selectDistinct({ userId: loanApplications.borrowerUserId })
    .from(loanApplications)
    .where(eq(loanApplications.idNumberHash, input.idNumberHash));
  const userIds = [...new Set([input.borrowerUserId, ...linked.map((r) => r.userId)])];
  const open = await db
    .select({
      amount: loans.amount,
      principalPaid: sql<string>`coalesce((select sum(${loanInstallments.principalPaid}) from ${loanInstallments} where ${loanInstallments.loanId} = ${loans.id}), 0)`,
    })
    .from(loans)
    .where(and(inArray(loans.borrowerUserId, userIds), inArray(loans.status, ["funding", "funded", "disbursing", "disbursed"])));
  const offers = await db
    .select({ amount: loanApplications.finalAmount })
    .from(loanApplications)
    .where(
      and(
        eq(loanApplications.idNumberHash, input.idNumberHash),
        inArray(loanApplications.status, ["approved", "pending_confirmation"]),
        isNotNull(loanApplications.finalAmount),
        input.excludeApplicationId ? ne(loanApplications.id, input.excludeApplicationId) : sql`true`,
      ),
    );
  let total: Decimal = new Cny(0);
  for (const loan of open) total = total.plus(new Cny(loan.amount).minus(loan.principalPaid));
  for (const offer of offers) total = total.plus(offer.amount ?? "0");
  return { outstandingCny: total.toFixed(2), loans: open.length, offers: offers.length };
}
