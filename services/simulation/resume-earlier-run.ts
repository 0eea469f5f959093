import { and, asc, eq, inArray, like } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loans, storeCashUps, users } from "../../db/schema";
import { disburseFundedLoan, fundLoan } from "./fund-and-disburse";
import type { SimBorrower, SimInvestor } from "./people";
import type { Rng } from "./random";
import { SIM_PHONE_PREFIX, type SimWorld } from "./world";

/**
 * The loans an earlier run's borrowers are still repaying, each with an on-time profile:
 * a profile lived in the earlier run's memory only, and without one nobody would ever pay
 * those loans again. (Late payers, defaulters and early payers of an earlier run carry on
 * as on-time payers from here.)
 */
export async function loadEarlierBorrowers(db: Db, world: SimWorld): Promise<Map<string, SimBorrower>> {
  const rows = await db
    .select({ loanId: loans.id, phone: users.phone })
    .from(loans)
    .innerJoin(users, eq(users.id, loans.borrowerUserId))
    .where(and(eq(loans.operatorId, world.operatorId), eq(loans.status, "disbursed"), like(users.phone, `${SIM_PHONE_PREFIX}%`)));
  return new Map(rows.map((r) => [r.loanId, onTimeBorrower(r.phone)]));
}

function onTimeBorrower(phone: string): SimBorrower {
  return {
    n: Number(phone.slice(SIM_PHONE_PREFIX.length)),
    phone,
    name: "",
    idNumber: "",
    passbookAccount: "",
    behaviour: "on_time",
    lateDays: 0,
    paysInstallments: 0,
    payoffAfter: 0,
    tenureMonths: 0,
    arrearsCny: "0.00",
    incomeCny: "0",
    viaStore: false,
    channel: "store_cash",
    applyDay: 0,
  };
}

/**
 * What a run cut off half-way through a day left between steps, finished as the day would
 * have: a listed loan is funded by today's investors and paid out, a funded one paid out
 * (a payout already with the bank is booked by the day's results as usual). A loan nobody
 * here may fund (risk grades) stays listed; the portal's funding-window job closes it and
 * releases its holds when its window ends. Only the simulation's own borrowers' loans.
 */
export async function finishLeftoverLoans(
  db: Db,
  world: SimWorld,
  input: { investors: readonly SimInvestor[]; rng: Rng; at: Date },
): Promise<{ loanIds: string[]; investments: number }> {
  const leftovers = await db
    .select({ id: loans.id, status: loans.status })
    .from(loans)
    .innerJoin(users, eq(users.id, loans.borrowerUserId))
    .where(and(eq(loans.operatorId, world.operatorId), inArray(loans.status, ["funding", "funded"]), like(users.phone, `${SIM_PHONE_PREFIX}%`)))
    .orderBy(asc(loans.listedAt));
  const finished: string[] = [];
  let investments = 0;
  for (const [k, loan] of leftovers.entries()) {
    const at = new Date(input.at.getTime() + k * 10 * 60_000);
    if (loan.status === "funding") {
      try {
        investments += await fundLoan(db, world, { loanId: loan.id, investors: input.investors, rng: input.rng, at });
      } catch (error) {
        // fundLoan's two refusals (nobody eligible, not filled): the loan stays listed.
        if (error instanceof Error && /^(no investor may fund|loan \S+ not funded)/.test(error.message)) continue;
        throw error;
      }
    }
    await disburseFundedLoan(db, world, { loanId: loan.id, at: new Date(at.getTime() + 5 * 60_000) });
    finished.push(loan.id);
  }
  return { loanIds: finished, investments };
}

/**
 * The simulation store closed its day `date` already (日结): a day cut off between the
 * store's close and the bank's statement. Cash taken on it now would miss every cash-up,
 * so when such a day is done again its people come a day later.
 */
export async function storeDayClosed(db: Db, world: SimWorld, date: string): Promise<boolean> {
  const found = await db
    .select({ id: storeCashUps.id })
    .from(storeCashUps)
    .where(and(eq(storeCashUps.storeId, world.storeId), eq(storeCashUps.businessDate, date)))
    .limit(1);
  return found.length > 0;
}
