import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanApplications, loans, users } from "../../db/schema";
import { lookupHash } from "../shared/crypto/lookup-hash";
import { parseResidentId } from "../shared/resident-id";
import { maskPhone } from "../shared/mask-phone";
import { maskName } from "../investing/identity-checks";
import { beijingDate } from "../shared/calendar";
import { DomainError, isDomainError } from "../shared/errors";
import { describeLoanRepayment, type LoanRepaymentView } from "./describe-loan-repayment";

export interface BorrowerAtCounter {
  userId: string;
  nameMasked: string;
  phoneMasked: string;
  idNumberMasked: string | null;
  loans: LoanRepaymentView[];
}

/**
 * The clerk's look-up of a borrower by phone number or resident ID number (matched by
 * the keyed look-up hash the application stores, never by decrypting), with each of
 * their open loans: what is due today and the payoff amount.
 */
export async function findBorrowerAtCounter(
  db: DbOrTx,
  input: { operatorId: string; query: string; secretKey: Uint8Array; now?: Date },
): Promise<BorrowerAtCounter> {
  const now = input.now ?? new Date();
  const query = input.query.replace(/\s+/g, "").toUpperCase();
  let borrowerUserId: string | null = null;
  if (/^1\d{10}$/.test(query)) {
    const [user] = await db.select({ id: users.id }).from(users).where(and(eq(users.operatorId, input.operatorId), eq(users.phone, query)));
    borrowerUserId = user?.id ?? null;
  } else if (/^\d{17}[\dX]$/.test(query)) {
    let hash: Uint8Array;
    try {
      hash = lookupHash(input.secretKey, "id_number", parseResidentId(query, beijingDate(now), { field: "query" }).number);
    } catch (error) {
      if (isDomainError(error)) throw new DomainError("repayment.lookup_invalid", { field: "query" });
      throw error;
    }
    const [app] = await db
      .select({ borrowerUserId: loanApplications.borrowerUserId })
      .from(loanApplications)
      .where(and(eq(loanApplications.operatorId, input.operatorId), eq(loanApplications.idNumberHash, hash), isNotNull(loanApplications.loanId)))
      .orderBy(desc(loanApplications.createdAt))
      .limit(1);
    borrowerUserId = app?.borrowerUserId ?? null;
  } else {
    throw new DomainError("repayment.lookup_invalid", { field: "query" });
  }
  if (!borrowerUserId) throw new DomainError("repayment.borrower_not_found", { field: "query" });

  const [user] = await db.select({ phone: users.phone, name: users.name }).from(users).where(eq(users.id, borrowerUserId));
  const open = await db
    .select({ id: loans.id })
    .from(loans)
    .where(and(eq(loans.operatorId, input.operatorId), eq(loans.borrowerUserId, borrowerUserId), inArray(loans.status, ["disbursed"])))
    .orderBy(desc(loans.disbursedAt));
  if (open.length === 0) throw new DomainError("repayment.borrower_not_found", { field: "query" });
  const [app] = await db
    .select({ fullName: loanApplications.fullName, idNumberMasked: loanApplications.idNumberMasked })
    .from(loanApplications)
    .where(and(eq(loanApplications.borrowerUserId, borrowerUserId), isNotNull(loanApplications.loanId)))
    .orderBy(desc(loanApplications.createdAt))
    .limit(1);
  const views: LoanRepaymentView[] = [];
  for (const loan of open) views.push(await describeLoanRepayment(db, { operatorId: input.operatorId, loanId: loan.id, now }));
  return {
    userId: borrowerUserId,
    nameMasked: maskName(app?.fullName ?? user?.name ?? null),
    phoneMasked: user ? maskPhone(user.phone) : "",
    idNumberMasked: app?.idNumberMasked ?? null,
    loans: views,
  };
}
