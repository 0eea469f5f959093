import { and, eq, inArray, notInArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { investments, loanApplications, loans, userRoles } from "../../db/schema";
import { STAFF_ROLES } from "../identity";
import { chart, getAccountByCode, getBalance } from "../ledger";

/** Why an account cannot be closed yet; the page says each in words. */
export type ClosingObstacle = "loan_outstanding" | "application_open" | "holding_outstanding" | "wallet_not_empty" | "staff_role";

/** Loans that still owe or are still being raised or paid out. */
const LOAN_OPEN = ["funding", "funded", "disbursing", "disbursed"] as const;
/** Applications a decision or a signature is still pending on (a draft is only the person's own notes). */
const APPLICATION_OPEN = ["referred", "in_review", "pending_confirmation", "approved"] as const;
/** A holding is over when its loan is paid off or never funded. */
const LOAN_OVER = ["closed", "failed"] as const;

/**
 * What stands between a person and closing their account (PIPL lets them close it, but not
 * while they owe, are owed, or hold money on the platform): an outstanding loan, an
 * application under review or an unsigned offer, an investment in a loan not yet paid off,
 * money available or reserved in the wallet, a staff role (an admin revokes that first).
 */
export async function findClosingObstacles(db: DbOrTx, input: { operatorId: string; userId: string }): Promise<ClosingObstacle[]> {
  const { operatorId, userId } = input;
  const obstacles: ClosingObstacle[] = [];
  const openLoans = await db.select({ id: loans.id }).from(loans).where(and(eq(loans.borrowerUserId, userId), inArray(loans.status, [...LOAN_OPEN]))).limit(1);
  if (openLoans.length > 0) obstacles.push("loan_outstanding");
  const openApplications = await db
    .select({ id: loanApplications.id })
    .from(loanApplications)
    .where(and(eq(loanApplications.borrowerUserId, userId), inArray(loanApplications.status, [...APPLICATION_OPEN])))
    .limit(1);
  if (openApplications.length > 0) obstacles.push("application_open");
  const holdings = await db
    .select({ id: investments.id })
    .from(investments)
    .innerJoin(loans, eq(loans.id, investments.loanId))
    .where(and(eq(investments.investorUserId, userId), notInArray(investments.status, ["voided"]), notInArray(loans.status, [...LOAN_OVER])))
    .limit(1);
  if (holdings.length > 0) obstacles.push("holding_outstanding");
  if (!(await walletEmpty(db, operatorId, userId))) obstacles.push("wallet_not_empty");
  const roles = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  if (roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r.role))) obstacles.push("staff_role");
  return obstacles;
}

async function walletEmpty(db: DbOrTx, operatorId: string, userId: string): Promise<boolean> {
  for (const spec of [chart.walletAvailable(userId), chart.walletHeld(userId)]) {
    const account = await getAccountByCode(db, { operatorId, code: spec.code });
    if (!account) continue;
    const balance = await getBalance(db, { operatorId, accountId: account.id });
    if (!balance.postedCny.isZero() || !balance.pendingOutCny.isZero()) return false;
  }
  return true;
}
