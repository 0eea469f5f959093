import type Decimal from "decimal.js";
import { and, eq, gt, inArray, like, sum } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { investments, ledgerAccounts, ledgerPostings } from "../../db/schema";
import { chart, getAccountByCode, getStatement, type StatementLine } from "../ledger";
import { Cny, ZERO_CNY } from "../ledger/money";
import { beijingDate, endOfBeijingDay, startOfBeijingDay } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { getInvestorStatement } from "./get-investor-statement";

/** The first calendar year an annual statement can be asked for (the portal's ledger starts in 2026). */
export const FIRST_STATEMENT_YEAR = 2026;

/** The figures of one calendar year (Beijing), every one a string of yuan to the fen. */
export interface AnnualStatement {
  year: number;
  /** Wallet balance (available + reserved for pending investments) when the year opened and closed. */
  opening: string;
  closing: string;
  topUps: string;
  principalReceived: string;
  /** Interest received, net of the platform's service fee (which is kept before it reaches the wallet). */
  interestReceived: string;
  /** Claims sold on the transfer market (债权转让): the price, less the transfer fee kept by the platform. */
  claimsSold: string;
  /** Anything else paid into the wallet (adjustments, reversals). */
  otherIn: string;
  withdrawals: string;
  /** Lent: money that left the wallet for loans paid out in the year. */
  invested: string;
  topUpRefunds: string;
  /** Claims bought on the transfer market: the price paid to their sellers. */
  claimsBought: string;
  /** Fees charged to the wallet itself. */
  fees: string;
  otherOut: string;
  totalIn: string;
  totalOut: string;
  /** Principal still owed to the investor by borrowers when the year closed. */
  outstandingAtYearEnd: string;
  /** The statement stopped at MAX_STATEMENT_LINES (the figures would not be whole). */
  truncated: boolean;
}

const FIGURES = ["topUps", "principalReceived", "interestReceived", "claimsSold", "otherIn", "withdrawals", "invested", "topUpRefunds", "claimsBought", "fees", "otherOut"] as const;
type Figure = (typeof FIGURES)[number];

/** Where a wallet line counts: by the entry's kind, money in (credit) or out (debit); a line against its kind's direction nets it. */
const OUT_KINDS: Record<string, Figure> = { withdrawal: "withdrawals", invest: "invested", top_up_refund: "topUpRefunds", fee: "fees" };

/**
 * The investor's annual statement (年度对账单) from the ledger: the wallet's statement for the
 * year (getInvestorStatement) sorted into figures, each return split into principal (the same
 * entry's debit of the investor's claims) and interest; outstanding principal is the claims'
 * balance at the year's end. The figures reconcile: opening + totalIn − totalOut = closing.
 */
export async function getAnnualStatement(db: DbOrTx, input: { operatorId: string; userId: string; year: number; now?: Date }): Promise<AnnualStatement> {
  const thisYear = Number(beijingDate(input.now ?? new Date()).slice(0, 4));
  if (!Number.isInteger(input.year) || input.year < FIRST_STATEMENT_YEAR || input.year > thisYear) throw new DomainError("statement.year_out_of_range", { field: "year", details: { from: FIRST_STATEMENT_YEAR, to: thisYear } });
  const from = startOfBeijingDay(`${input.year}-01-01`);
  const to = endOfBeijingDay(`${input.year}-12-31`);
  const wallet = await getInvestorStatement(db, { operatorId: input.operatorId, userId: input.userId, from, to });
  const figures = Object.fromEntries(FIGURES.map((k) => [k, ZERO_CNY])) as Record<Figure, Decimal>;
  const add = (figure: Figure, amount: Decimal) => (figures[figure] = figures[figure].plus(amount));
  const principalByEntry = await principalReturned(db, input, wallet.lines.filter((l) => l.kind === "repayment").map((l) => l.entryId));
  for (const line of wallet.lines) sortLine(line, principalByEntry, add);
  const totalIn = figures.topUps.plus(figures.principalReceived).plus(figures.interestReceived).plus(figures.claimsSold).plus(figures.otherIn);
  const totalOut = figures.withdrawals.plus(figures.invested).plus(figures.topUpRefunds).plus(figures.claimsBought).plus(figures.fees).plus(figures.otherOut);
  const text = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, v.toFixed(2)])) as Record<Figure, string>;
  return {
    year: input.year,
    opening: wallet.opening,
    closing: wallet.closing,
    ...text,
    totalIn: totalIn.toFixed(2),
    totalOut: totalOut.toFixed(2),
    outstandingAtYearEnd: (await outstandingAt(db, input, new Date(to.getTime() + 1))).toFixed(2),
    truncated: wallet.truncated,
  };
}

function sortLine(line: StatementLine, principalByEntry: Map<string, Decimal>, add: (figure: Figure, amount: Decimal) => void): void {
  const outKind = OUT_KINDS[line.kind];
  if (outKind) {
    add(outKind, line.debitCny.minus(line.creditCny));
  } else if (line.kind === "top_up") {
    add("topUps", line.creditCny.minus(line.debitCny));
  } else if (line.kind === "transfer") {
    // One sale entry moves a wallet one way: the seller's credited, the buyer's debited.
    add("claimsSold", line.creditCny);
    add("claimsBought", line.debitCny);
  } else if (line.kind === "repayment" && line.creditCny.gt(0)) {
    const principal = Cny.min(principalByEntry.get(line.entryId) ?? ZERO_CNY, line.creditCny);
    add("principalReceived", principal);
    add("interestReceived", line.creditCny.minus(principal));
  } else {
    add("otherIn", line.creditCny);
    add("otherOut", line.debitCny);
  }
}

/** Per repayment entry, the principal it returned to this investor: the entry's debits of their claim accounts. */
async function principalReturned(db: DbOrTx, input: { operatorId: string; userId: string }, entryIds: string[]): Promise<Map<string, Decimal>> {
  const byEntry = new Map<string, Decimal>();
  if (entryIds.length === 0) return byEntry;
  const rows = await db
    .select({ entryId: ledgerPostings.entryId, amount: sum(ledgerPostings.amount) })
    .from(ledgerPostings)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerPostings.accountId))
    .where(and(eq(ledgerPostings.operatorId, input.operatorId), inArray(ledgerPostings.entryId, entryIds), like(ledgerAccounts.code, `claim:${input.userId}:%`), gt(ledgerPostings.amount, "0")))
    .groupBy(ledgerPostings.entryId);
  for (const row of rows) byEntry.set(row.entryId, new Cny(row.amount ?? "0"));
  return byEntry;
}

/** The investor's claims (principal owed to them) just before `at`: each claim's statement opening at that instant. */
async function outstandingAt(db: DbOrTx, input: { operatorId: string; userId: string }, at: Date): Promise<Decimal> {
  const loanRows = await db.selectDistinct({ loanId: investments.loanId }).from(investments).where(and(eq(investments.operatorId, input.operatorId), eq(investments.investorUserId, input.userId)));
  let total = ZERO_CNY;
  for (const { loanId } of loanRows) {
    const claim = await getAccountByCode(db, { operatorId: input.operatorId, code: chart.claim(input.userId, loanId).code });
    if (!claim) continue;
    const statement = await getStatement(db, { operatorId: input.operatorId, accountId: claim.id, from: at, to: null, cursor: null, pageSize: 1 });
    total = total.plus(statement.openingBalanceCny);
  }
  return total;
}
